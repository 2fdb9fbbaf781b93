"""Nothing in the data runs in the reader's browser: the extended book (conftest), whose
note, finding, glossary term, timeline row and zone carry a script, an onerror attribute,
``&``, ``<`` and Markdown (harness.poison), is built with ``python -m edition.build
--root`` run from this checkout, and opened in Chromium. No script runs, the characters
read as text, and the register and the hover note show the same words."""
from __future__ import annotations

import pytest

from edition import render
from edition.sphinxext import guards
from harness import browser
from harness.poison import BLOCK, PAYLOAD, ZONE_NAME

SHOWN = render.one_line(PAYLOAD)


@pytest.fixture(scope="module")
def poisoned_site(extended_build):
    with browser.serve(extended_build.html) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def tab(chromium):
    context = chromium.new_context(**browser.VIEWS["desktop"])
    yield context
    context.close()


def visit(context, url: str):
    """Open a page, recording every console message and dialog."""
    page = context.new_page()
    messages, dialogs = [], []
    page.on("console", lambda message: messages.append(message.text))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="networkidle")
    return page, messages, dialogs


def assert_nothing_ran(page, messages, dialogs):
    assert page.evaluate("window.__xss") is None, "a script from the data ran"
    assert not any("xss-ran" in m for m in messages), messages
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0, "the data's <img> became an element"


PAGES = {  # each page, and the element that must show the data string as text
    "chapters/register-places.html": ("#ent-juanjui dd", SHOWN),
    "chapters/claims-checked.html": ("#claim-lfi-juanjui-date", None),  # the row's target: the finding beside it
    "chapters/glossary.html": ("dl.glossary", SHOWN),
    "chapters/timeline.html": ("table", SHOWN),
    "chapters/map.html": ("table", SHOWN),  # the notebook's table of the zones
    "chapters/ww-strategy-for-the-mass.html": ("main", render.one_line(BLOCK)),  # the source header
    "chapters/data.html": ("main", render.one_line(BLOCK)),  # the data package's description
}


@pytest.mark.parametrize("page_path", list(PAGES))
def test_no_script_from_the_data_runs_and_the_characters_read_as_text(poisoned_site, tab, page_path):
    page, messages, dialogs = visit(tab, poisoned_site + page_path)
    assert_nothing_ran(page, messages, dialogs)
    selector, expected = PAGES[page_path]
    if expected is None:  # the claims table: the finding is in the row of the claim's target
        element = page.locator("tr", has=page.locator(selector))
        expected = SHOWN
    else:
        element = page.locator(selector).first
    assert expected in render.one_line(element.inner_text()), f"{page_path} does not show the data string as text"
    assert page.locator("article h1").count() == 1, "a data string opened a heading"
    page.close()


def test_the_hover_notes_show_the_same_words_as_the_register(poisoned_site, tab):
    page, messages, dialogs = visit(tab, poisoned_site + "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html")
    place = page.locator(".entity-place", has=page.locator("a[href$='#ent-juanjui']")).first
    place.locator("a").first.focus()
    tip = place.locator(".entity-tip")
    assert tip.is_visible()
    assert render.one_line(tip.inner_text()).startswith(f"Juanjuí. {SHOWN} (")
    marker = page.locator("a.claim-marker[href$='#claim-lfi-juanjui-date']")
    marker.focus()
    claim_note = page.locator(".claim-note", has_text="Payload").first
    assert SHOWN in render.one_line(claim_note.inner_text())
    assert_nothing_ran(page, messages, dialogs)
    register, *_ = visit(tab, poisoned_site + "chapters/register-places.html")
    entry = register.locator("#ent-juanjui dd p").first
    assert render.one_line(entry.inner_text()) == SHOWN
    page.close()
    register.close()


def test_the_map_tooltips_labels_and_list_are_text(poisoned_site, tab):
    page, messages, dialogs = visit(tab, poisoned_site + "chapters/map.html")
    page.locator(".edition-map").scroll_into_view_if_needed()  # the map loads when it comes into view
    page.wait_for_selector(".edition-map[data-ready=true]")
    page.locator(".leaflet-interactive[aria-label='Juanjuí']").focus()
    tooltip = page.locator(".leaflet-tooltip", has_text="Payload")
    assert render.one_line(tooltip.inner_text()) == f"Juanjuí {SHOWN}"
    zone = page.locator("path.leaflet-interactive[stroke='#D55E00']").first
    zone.hover(force=True)
    # the list beside the map, and the zone's label on the map (shown or not: its text)
    assert render.one_line(page.locator("li#juanjui").inner_text()).startswith(f"Juanjuí, San Martín. {SHOWN}")
    assert page.locator("li#zone-central-jungle strong").inner_text() == ZONE_NAME
    assert page.get_by_role("button", name=f"Show {ZONE_NAME} on the map").count() == 1
    labels = page.locator(".edition-map-label-zone").evaluate_all("labels => labels.map(l => l.textContent)")
    assert ZONE_NAME in labels
    assert page.locator("#edition-map b, .edition-map-index b").count() == 0, "a tag of the data became an element"
    page.get_by_role("button", name="Show Upper Huallaga on the map").click()
    note = page.locator(".leaflet-tooltip", has_text="Payload")
    assert note.count() == 1 and render.one_line(note.inner_text()) == f"Upper Huallaga {SHOWN}"
    assert_nothing_ran(page, messages, dialogs)
    page.close()


def test_the_root_option_builds_only_that_tree(extended_build):
    """Built from this checkout with --root, the copy's notebook page shows the copy's
    data (the poisoned zone), not this checkout's."""
    page = (extended_build.html / "chapters" / "map.html").read_text(encoding="utf-8")
    assert "Payload &lt;script&gt;" in page


def test_every_page_forbids_inline_script_in_its_content(extended_build):
    for page in guards.pages(extended_build.html):
        html = page.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'' in html, page.name
        assert "'unsafe-inline'" not in html


def test_the_policy_blocks_a_script_that_reaches_a_page(tmp_path, chromium):
    """Should a script reach a page's content by another path, the policy still stops it,
    while the theme's own inline scripts and buttons keep working."""
    site = tmp_path / "site"
    site.mkdir()
    page_file = site / "page.html"
    page_file.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8" />'
        '<script>window.__theme = 1;</script></head><body>'
        '<button onclick="window.__clicked = 1">print</button>'
        '<article><section><script>window.__xss = 1;</script>'
        '<img src="x" onerror="window.__xss = 2"></section></article></body></html>', encoding="utf-8")
    guards.add_content_security_policy(page_file)
    with browser.serve(site) as base_url:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(base_url + "page.html", wait_until="networkidle")
        assert page.evaluate("window.__theme") == 1
        page.click("button")
        assert page.evaluate("window.__clicked") == 1
        assert page.evaluate("window.__xss") is None
        context.close()


def test_the_search_page_allows_the_chrome_handlers_of_every_page_and_nothing_else(tmp_path):
    """Sphinx's search reads result pages into the search page, where their buttons'
    handlers are checked against its policy: it allows them, but not other pages' scripts
    nor any handler inside an article."""
    def page(name, body):
        (tmp_path / name).write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8" /></head><body>{body}'
                                     '</body></html>', encoding="utf-8")
    page("a.html", '<button onclick="window.print()">p</button><script>var theme = 1;</script>'
                   '<article><img src="x" onerror="steal()"></article>')
    page("search.html", '<button onclick="toggleFullScreen()">f</button>')
    for name in ("a.html", "search.html"):
        guards.add_content_security_policy(tmp_path / name)
    guards.allow_every_pages_chrome_on_search(tmp_path)
    policy = (tmp_path / "search.html").read_text(encoding="utf-8")
    assert guards._sha256("window.print()") in policy and guards._sha256("toggleFullScreen()") in policy
    assert guards._sha256("var theme = 1;") not in policy and guards._sha256("steal()") not in policy
    assert policy.count("Content-Security-Policy") == 1
