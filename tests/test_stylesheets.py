"""The theme's style sheets, cut to the rules the site can use (edition.stylesheets): what the
cut keeps and drops, the built site's cut files and their links, and, in Chromium, that no
element of any tested page or state looks different from how the whole style sheets draw it."""
from __future__ import annotations

import re

import pytest

from edition import stylesheets
from edition.sphinxext import guards
from harness import browser, styles

WORDS = {"kept", "also", "nav", "show", "dropdown-menu"}


def cut(css: str, words=WORDS) -> str:
    return stylesheets.purge(css, words)


def test_a_rule_stays_when_the_site_names_every_class_and_id_it_requires():
    assert ".kept{color:red}" in cut(".kept{color:red}")
    assert "#nav .kept" in cut("#nav .kept{color:red}")
    assert cut(".gone{color:red}").strip() == ""
    assert cut(".kept.gone{color:red}").strip() == ""
    assert cut("#gone .kept{color:red}").strip() == ""
    # type selectors and the words in brackets are not required
    assert "table" in cut("table{border:0}")
    assert "[data-theme=dark] .kept" in cut("[data-theme=dark] .kept{color:red}")


def test_only_the_selectors_that_can_match_stay_in_a_list():
    out = cut(".gone,.kept > a,.also:hover,.other{margin:0}")
    assert out.strip() == ".kept > a,.also:hover{margin:0}"


def test_a_negation_or_a_pseudo_element_does_not_require_its_words():
    # a:not(.gone) matches every link without the class: it must stay
    assert "a:not(.gone)" in cut("a:not(.gone){color:red}")
    assert ".kept::before" in cut(".kept::before{content:'x'}")
    assert ":is(.gone, .other)" in cut(":is(.gone, .other){color:red}")


def test_a_selector_with_an_escape_is_kept_unread():
    assert r".\31 0" in cut(r".\31 0{width:10%}")


def test_grouping_rules_are_cut_inside_and_dropped_when_empty():
    out = cut("@media (min-width:960px){.kept{display:flex}.gone{display:none}}"
              "@supports (display:grid){.gone{display:grid}}")
    assert out.strip() == "@media (min-width:960px){.kept{display:flex}}"


def test_fonts_keyframes_and_the_charset_are_kept_whole():
    css = '@charset "UTF-8";@font-face{font-family:x;src:url(x.woff2)}@keyframes spin{to{transform:rotate(1turn)}}'
    out = cut(css)
    assert out.startswith('@charset "UTF-8";')
    assert "@font-face{font-family:x;src:url(x.woff2)}" in out
    assert "@keyframes spin{to{transform:rotate(1turn)}}" in out


def test_the_words_come_from_the_sites_own_pages_scripts_and_json_only(tmp_path):
    (tmp_path / "a.html").write_text('<div class="from-page">', encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "b.js").write_text('el.classList.add("from-script")', encoding="utf-8")
    (tmp_path / "c.json").write_text('{"class": "from-json"}', encoding="utf-8")
    (tmp_path / "d.txt").write_text("from-text", encoding="utf-8")
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "e.html").write_text('<div class="from-other-site">', encoding="utf-8")
    words = stylesheets.words_in(tmp_path, other_sites=("es",))
    assert {"from-page", "from-script", "from-json"} <= words
    assert "from-text" not in words and "from-other-site" not in words
    assert "from-other-site" in stylesheets.words_in(tmp_path)


def test_a_site_is_cut_once_and_its_pages_link_the_cut_file_by_its_digest(tmp_path):
    static = tmp_path / "_static" / "styles"
    static.mkdir(parents=True)
    sheet = static / "pydata-sphinx-theme.css"
    sheet.write_text(".kept{color:red}.gone{color:blue}", encoding="utf-8")
    page = tmp_path / "index.html"
    page.write_text('<link href="_static/styles/pydata-sphinx-theme.css?digest=abc" rel="stylesheet" />'
                    '<p class="kept">', encoding="utf-8")
    sizes = stylesheets.purge_site(tmp_path, [page], stylesheets.words_in(tmp_path))
    text = sheet.read_text(encoding="utf-8")
    assert text.startswith(stylesheets.MARK + "\n") and ".kept{color:red}" in text and ".gone" not in text
    assert sizes == {"pydata-sphinx-theme.css": (33, len(text.encode()))}
    assert f'pydata-sphinx-theme.css?v={stylesheets.digest(text)}"' in page.read_text(encoding="utf-8")
    # a file left cut by an earlier build cannot be cut again: its lost rules would stay lost
    with pytest.raises(ValueError, match="already cut"):
        stylesheets.purge_site(tmp_path, [page], stylesheets.words_in(tmp_path))


def test_the_mark_of_a_cut_file_follows_its_charset_which_must_open_the_file():
    cut = stylesheets.marked(stylesheets.purge('@charset "UTF-8";.kept{content:"\\f09b"}', WORDS))
    assert cut.startswith('@charset "UTF-8";\n' + stylesheets.MARK + "\n.kept{")
    assert stylesheets.is_cut(cut) and stylesheets.is_cut(stylesheets.marked(".kept{color:red}"))
    assert not stylesheets.is_cut('@charset "UTF-8";\n.kept{color:red}')


# ---- the built site --------------------------------------------------------------------------

CUT_LINK = re.compile(r'href="([^"]*_static/((?:styles/pydata-sphinx-theme|styles/sphinx-book-theme|mystnb\.[0-9a-f]+)'
                      r'\.css))(\?[^"]*)?"')


@pytest.mark.parametrize("language", ["", "es"])
def test_the_built_sites_serve_cut_style_sheets_linked_by_their_digest(html_build, language):
    site = html_build.html / language if language else html_build.html
    pydata = site / "_static" / "styles" / "pydata-sphinx-theme.css"
    whole = styles.whole_stylesheet(pydata.as_posix())
    cut_text = pydata.read_text(encoding="utf-8")
    assert stylesheets.is_cut(cut_text) and cut_text.startswith('@charset "UTF-8";\n')
    assert len(cut_text) < len(whole.read_text(encoding="utf-8")) / 3
    checked = 0
    for page in guards.pages(site):
        links = CUT_LINK.findall(page.read_text(encoding="utf-8"))
        assert any("pydata-sphinx-theme" in name for _, name, _ in links), f"{page}: no link to the theme's style sheet"
        for _, name, query in links:
            served = (site / "_static" / name).read_text(encoding="utf-8")
            assert stylesheets.is_cut(served), f"{name} is not cut"
            assert query == f"?v={stylesheets.digest(served)}", f"{page.name} links {name} with {query}"
            checked += 1
    assert checked > 40


# ---- what a reader sees ----------------------------------------------------------------------

LFI = "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html"
# Pages and states opened in both tabs: (address, what is done before the styles are read).
STATES = {
    "front page": ("index.html", None),
    "League text, claims mode": (f"{LFI}?mode=claims", None),
    "Weekly Worker text": ("chapters/ww-strategy-for-the-mass.html", None),
    "map on a place": ("chapters/map.html#juanjui", None),
    "notebook chapter": ("chapters/political-violence.html", None),
    "claims table, filtered": ("chapters/claims-checked.html?verdict=inaccurate", None),
    "search results": ("search.html?q=Huallaga", "results"),
    "search dialog": ("chapters/glossary.html", "Control+k"),
    "download menu open": ("chapters/map.html", ".dropdown-download-buttons .dropdown-toggle"),
    "primary sidebar toggled": ("chapters/register-places.html", "button.primary-toggle"),
    "Spanish front page": ("es/index.html", None),
}


THEME_RULES = """() => Array.from(document.styleSheets)
    .filter(sheet => (sheet.href || '').includes('pydata-sphinx-theme.css'))
    .reduce((count, sheet) => count + sheet.cssRules.length, 0)"""


def enter_state(page, action) -> None:
    if action == "results":
        page.wait_for_function("() => /found|did not match/.test("
                               "(document.querySelector('#search-results .search-summary') || {}).textContent)")
    elif action == "Control+k":
        page.keyboard.press("Control+k")
        page.locator("dialog[open]").wait_for(state="visible")
    elif action:
        page.evaluate("selector => document.querySelector(selector).click()", action)
    page.wait_for_timeout(400 if action else 0)  # transitions end (reduced motion: none run)


@pytest.mark.parametrize("view_name", list(browser.VIEWS))
def test_no_element_looks_different_with_the_cut_style_sheets(site, chromium, view_name):
    # two readers, each with its own storage (a search's terms stay for the next page's highlights)
    contexts = [chromium.new_context(**browser.VIEWS[view_name], reduced_motion="reduce") for _ in range(2)]
    try:
        cut_tab, whole_tab = (context.new_page() for context in contexts)
        styles.serve_whole_stylesheets(whole_tab)
        problems = {}
        for state, (address, action) in STATES.items():
            for tab in (cut_tab, whole_tab):
                tab.goto(site + address, wait_until="networkidle")
                enter_state(tab, action)
            # the second tab does draw with the whole style sheet (else the test compares like with like)
            cut_rules, whole_rules = (tab.evaluate(THEME_RULES) for tab in (cut_tab, whole_tab))
            assert whole_rules > 3 * cut_rules > 0, (state, cut_rules, whole_rules)
            if difference := styles.differences(cut_tab, whole_tab):
                problems[state] = difference
        assert not problems, "\n".join(f"{state}:\n  " + "\n  ".join(lines) for state, lines in problems.items())
    finally:
        for context in contexts:
            context.close()
