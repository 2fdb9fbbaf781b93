"""The reading modes of the two text chapters, in Chromium: each mode shows its kind of
markup and no other, the reading text still equals the source in every mode, the choice is
a keyboard-operable radio group that the address and the next page remember, printing
follows it, and without JavaScript the page is the full page. (axe in every mode and view:
test_pages.py audits the modes' addresses.)"""
from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup

from edition import fidelity, markup, paths, sources
from edition.sphinxext import reading
from harness import browser

TEXTS = {text.id: text for text in sources.load_texts()}
MODES = [value for value, *_ in reading.MODES]

# What a reader sees of each kind of markup, counted in the page as drawn (hidden elements
# and links without an address do not count).
VISIBLE_MARKUP = """() => {
  const shown = (el) => el.checkVisibility();
  const text = document.querySelector('.edition-reading-text');
  const names = Array.from(text.querySelectorAll('.entity-wrap > a.reference, a.reference > .std-term'))
    .map(el => el.closest('a'));
  const claims = Array.from(text.querySelectorAll('.edition-annotated:not(.annotated-sic)'));
  const sics = Array.from(text.querySelectorAll('.edition-annotated.annotated-sic'));
  return {
    // a name shows as a name if it is a link or is underlined: a mode that hides names does both
    names: names.filter(a => a.hasAttribute('href') || getComputedStyle(a).textDecorationLine !== 'none').length,
    'claim underlines': claims.filter(s => getComputedStyle(s).borderBottomStyle !== 'none').length,
    'claim markers': Array.from(text.querySelectorAll('a.claim-marker')).filter(shown).length,
    'sic underlines': sics.filter(s => getComputedStyle(s).textDecorationLine !== 'none').length,
    'sic markers': Array.from(text.querySelectorAll('a.textual-marker')).filter(shown).length,
    figures: Array.from(text.querySelectorAll('figure')).filter(shown).length,
    'names legend': Array.from(document.querySelectorAll('.edition-names-legend')).filter(shown).length,
    'verdict legend': Array.from(document.querySelectorAll('.edition-verdict-legend')).filter(shown).length,
  };
}"""
# Names that show neither as links nor as underlined words: the count of a mode that hides them.
HIDDEN_NAMES = """() => Array.from(document.querySelectorAll(
    '.edition-reading-text .entity-wrap > a.reference, .edition-reading-text a.reference > .std-term'))
    .map(el => el.closest('a'))
    .filter(a => !a.hasAttribute('href') && getComputedStyle(a).textDecorationLine === 'none').length"""


def annotation_counts(text: sources.SourceText) -> Counter:
    roles = Counter(a.role for a in markup.chapter_annotations(text.chapter))
    source = text.chapter.read_text(encoding="utf-8")
    return Counter({"names": sum(roles[r] for r in (*markup.ENTITY_ROLES, "term")), "claim underlines": roles["claim"],
                    "claim markers": roles["claim"], "sic underlines": roles["sic"], "sic markers": roles["sic"],
                    "figures": source.count("```{figure}"), "names legend": 1, "verdict legend": 1})


SHOWN_IN = {  # the markup each mode shows; everything else must be hidden
    "text": set(),
    "names": {"names", "names legend"},
    "claims": {"claim underlines", "claim markers", "figures", "verdict legend"},
    "full": {"names", "claim underlines", "claim markers", "sic underlines", "sic markers", "figures",
             "names legend", "verdict legend"},
}


def test_the_modes_and_the_expected_markup_agree():
    assert set(SHOWN_IN) == set(MODES) and reading.DEFAULT_MODE == "full"
    assert all(annotation_counts(text)["names"] > 20 and annotation_counts(text)["claim markers"] > 5
               for text in TEXTS.values())


def visible_reading_text(page, text: sources.SourceText) -> fidelity.RenderedText:
    """The reading text as drawn: the page with every element the reader cannot see removed,
    read as the build's fidelity check reads a chapter."""
    page.evaluate("""() => document.querySelectorAll('article *').forEach(el => {
        if (!el.checkVisibility()) el.setAttribute('data-unseen', ''); })""")
    soup = BeautifulSoup(page.content(), "html.parser")
    for element in soup.select("[data-unseen]"):
        element.decompose()
    return fidelity.reading_text(str(soup), text.id)


@pytest.mark.parametrize("text_id", list(TEXTS))
@pytest.mark.parametrize("mode", MODES)
def test_each_mode_shows_its_markup_only_and_the_text_is_the_source(site, desktop, text_id, mode):
    text = TEXTS[text_id]
    page, visit = browser.open_page(desktop, f"{site}{text.page}.html?mode={mode}")
    try:
        assert page.evaluate("document.documentElement.dataset.readingMode") == mode
        assert page.locator(f'form.edition-reading-modes input[value="{mode}"]').is_checked()
        seen = page.evaluate(VISIBLE_MARKUP)
        expected = annotation_counts(text)
        wanted = {kind: (expected[kind] if kind in SHOWN_IN[mode] else 0) for kind in expected}
        assert seen == wanted, f"{text_id}, mode {mode}: markup seen {seen}, expected {wanted}"
        if "names" not in SHOWN_IN[mode]:  # neither links nor underlined
            assert page.evaluate(HIDDEN_NAMES) == expected["names"]
        problems = fidelity.compare(text, visible_reading_text(page, text))
        assert not problems, "\n".join(map(str, problems))
        if mode in ("text", "claims"):  # hovering a name opens no note
            page.locator(".edition-reading-text .entity-wrap").first.hover()
            assert page.locator(".edition-reading-text .entity-tip").evaluate_all(
                "tips => tips.filter(t => t.checkVisibility()).length") == 0
        if mode == "text":
            # nothing of the editors' is drawn in the text but the paragraph numbers: what a
            # reader sees of each paragraph, number aside, is the source's paragraph
            for paragraph in text.paragraphs:
                shown = page.locator(f"#{paragraph.anchor}").inner_text()
                number = page.locator(f"#{paragraph.anchor} a.paranum").inner_text()
                assert fidelity.normalise_space(shown.removeprefix(number)) == \
                    fidelity.normalise_space(paragraph.text), f"¶{paragraph.number}"
        assert not visit.problems()
    finally:
        page.close()


def test_the_radio_group_works_by_keyboard_and_the_address_and_next_page_remember(site, chromium):
    context = chromium.new_context(**browser.VIEWS["desktop"])
    try:
        lfi, ww = TEXTS["lfi"], TEXTS["ww"]
        page, visit = browser.open_page(context, f"{site}{lfi.page}.html#lfi-p08")
        group = page.get_by_role("group", name="Reading mode")
        assert group.is_visible()
        assert [r.get_attribute("value") for r in group.get_by_role("radio").all()] == MODES
        group.get_by_role("radio", name="Full").focus()
        page.keyboard.press("ArrowLeft")   # radio groups move with the arrow keys
        assert page.evaluate("document.documentElement.dataset.readingMode") == "claims"
        assert "mode=claims" in page.url and page.url.endswith("#lfi-p08")
        assert page.evaluate("document.activeElement.value") == "claims"
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        assert page.evaluate("document.documentElement.dataset.readingMode") == "text"
        # a name is no tab stop in Text mode
        assert page.locator(".edition-reading-text .entity-wrap > a[href]").count() == 0
        # the other text opens in the reader's mode; the address carries it
        page.goto(f"{site}{ww.page}.html", wait_until="networkidle")
        assert page.evaluate("document.documentElement.dataset.readingMode") == "text"
        assert "mode=text" in page.url
        # a link with a mode wins over the stored choice, and does not replace it
        page.goto(f"{site}{ww.page}.html?mode=names", wait_until="networkidle")
        assert page.evaluate("document.documentElement.dataset.readingMode") == "names"
        page.goto(f"{site}{lfi.page}.html", wait_until="networkidle")
        assert page.evaluate("document.documentElement.dataset.readingMode") == "text"
        # Back to a page whose address the script has written into (?mode=names): the latest
        # choice wins, and the address says so
        page.go_back(wait_until="networkidle")
        assert ww.page in page.url and "mode=text" in page.url
        assert page.evaluate("document.documentElement.dataset.readingMode") == "text"
        # an unknown mode in the address falls back to the full page
        page.goto(f"{site}{lfi.page}.html?mode=bogus", wait_until="networkidle")
        assert page.evaluate("document.documentElement.dataset.readingMode") == "full"
        assert not visit.problems()
    finally:
        context.close()


@pytest.mark.parametrize("mode", ["text", "claims"])
def test_printing_follows_the_mode_and_says_so(site, desktop, mode):
    page, _ = browser.open_page(desktop, f"{site}{TEXTS['lfi'].page}.html?mode={mode}")
    try:
        page.emulate_media(media="print")
        seen = page.evaluate(VISIBLE_MARKUP)
        expected = annotation_counts(TEXTS["lfi"])
        assert seen["claim markers"] == (expected["claim markers"] if mode == "claims" else 0)
        assert seen["names"] == 0 and seen["sic markers"] == 0
        assert not page.locator("form.edition-reading-modes fieldset").is_visible()
        label = dict((value, label) for value, label, *_ in reading.MODES)[mode]
        assert f"Printed in the reading mode {label} (" in page.locator(".edition-mode-printed").inner_text()
    finally:
        page.close()


def test_without_javascript_the_page_is_the_full_page(site, chromium):
    context = chromium.new_context(**browser.VIEWS["desktop"], java_script_enabled=False)
    try:
        text = TEXTS["lfi"]
        page, _ = browser.open_page(context, f"{site}{text.page}.html?mode=text")
        assert not page.locator("form.edition-reading-modes").is_visible()
        shown_markers = page.locator(".edition-reading-text a.claim-marker").count()
        assert shown_markers == annotation_counts(text)["claim markers"]
        assert page.locator(".edition-reading-text a.claim-marker").first.is_visible()
        assert page.locator(".edition-reading-text .entity-wrap > a[href]").first.is_visible()
        assert page.locator(".edition-verdict-legend").is_visible()
    finally:
        context.close()


def test_each_verdicts_colour_is_set_once_for_its_underline_and_its_swatch():
    from edition import apparatus
    css = (paths.ROOT / "edition" / "sphinxext" / "static" / "edition.css").read_text(encoding="utf-8")
    for verdict in [*apparatus.load_apparatus().verdict_labels, "sic"]:
        assert css.count(f"--verdict-{verdict}:") == 1, verdict
        assert f".edition-annotated.annotated-{verdict}, .verdict-swatch.verdict-{verdict}" in css, verdict
