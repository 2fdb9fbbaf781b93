"""Nothing in the data runs in the reader's browser: a copy of the book whose note,
finding, glossary term, timeline row and zone carry a script, an onerror attribute,
``&``, ``<`` and Markdown is built, with ``python -m edition.build --root`` run from this
checkout, and opened in Chromium. No script runs, the characters read as text, and the
register and the hover note show the same words."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_book, edit_yaml, run_build
from edition import browser, render
from edition.sphinxext import guards

PAYLOAD = ('Payload <script>window.__xss=1;console.log("xss-ran")</script> '
           '<img src=x onerror="window.__xss=2;console.log(\'xss-ran\')"> & < *not emphasis* '
           '[not a link](https://example.org) {person}`not a role <fujimori>` end.')
# what would open a block or a substitution if it were read as Markdown
BLOCK = "# not a heading - not an item 1. not a list : not a definition {{ not_a_substitution }} " + PAYLOAD
SHOWN = render.one_line(PAYLOAD)


def poison(book: Path) -> None:
    def entity(document):
        next(e for e in document["entities"] if e["id"] == "juanjui")["note"] = PAYLOAD

    def claim(document):
        next(c for c in document["claims"] if c["id"] == "lfi-juanjui-date")["finding"][0]["says"] = PAYLOAD

    def term(document):
        next(t for t in document["terms"] if t["id"] == "guerrillaism")["definition"] = PAYLOAD

    def text_header(document):
        next(t for t in document["texts"] if t["id"] == "ww")["publication_note"] = BLOCK

    def package(document):
        next(r for r in document["resources"] if r["name"] == "zones")["description"] = BLOCK

    edit_yaml(book / "data" / "texts.yml", text_header)
    description = book / "data" / "datapackage.json"
    document = json.loads(description.read_text(encoding="utf-8"))
    package(document)
    description.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    edit_yaml(book / "data" / "entities.yml", entity)
    edit_yaml(book / "data" / "claims.yml", claim)
    edit_yaml(book / "data" / "glossary.yml", term)
    import pandas as pd
    for name, row_id, column in (("timeline.csv", "chuschi", "description"), ("zones.csv", "upper-huallaga", "description")):
        path = book / "data" / name
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        table.loc[table.id == row_id, column] = PAYLOAD
        table.to_csv(path, index=False)


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    book = copy_book(tmp_path_factory.mktemp("poisoned"))
    poison(book)
    # the figures are drawn from these files too: redraw them in the copy, with its package
    subprocess.run([sys.executable, "-m", "edition.figures"], cwd=book, check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(book)})
    build = run_build("html", root=book)
    assert build.returncode == 0, build.log[-5000:]
    return build


@pytest.fixture(scope="module")
def poisoned_site(poisoned):
    with browser.serve(poisoned.html) as base_url:
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


def test_the_map_tooltips_are_text(poisoned_site, tab):
    page, messages, dialogs = visit(tab, poisoned_site + "chapters/map.html")
    page.wait_for_selector(".edition-map[data-ready=true]")
    page.locator(".leaflet-interactive[aria-label='Juanjuí']").focus()
    tooltip = page.locator(".leaflet-tooltip", has_text="Payload")
    assert render.one_line(tooltip.inner_text()) == f"Juanjuí {SHOWN}"
    zone = page.locator("path.leaflet-interactive[stroke='#D55E00']").first
    zone.hover(force=True)
    assert_nothing_ran(page, messages, dialogs)
    page.close()


def test_the_root_option_builds_only_that_tree(poisoned):
    """Built from this checkout with --root, the copy's notebook page shows the copy's
    data (the poisoned zone), not this checkout's."""
    page = (poisoned.html / "chapters" / "map.html").read_text(encoding="utf-8")
    assert "Payload &lt;script&gt;" in page


def test_every_page_forbids_inline_script_in_its_content(poisoned):
    for page in guards.pages(poisoned.html):
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
