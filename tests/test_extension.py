"""The Sphinx extension on a small fixture book, built in-process with Sphinx (no Jupyter
Book, no notebooks; part of `make check`): the two text chapters, the register of places
and a page with the interactive map, over the book's own data, one annotation broken on
purpose and one heading of the map's page with a place's id. Paragraph numbers, resolved
annotations and hover notes are written; the broken annotation and the id given twice are
reported once, the annotation at its line; the reading texts still equal their sources; the
places' notes and the register link to the places on the map."""
from __future__ import annotations

import io
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from sphinx.application import Sphinx

from edition import fidelity, geo, paths, sources

PAGES = ["chapters/lfi-peruvian-hostage-crisis-exposes-poverty", "chapters/ww-strategy-for-the-mass",
         "chapters/register-places", "map"]
# The map's page, at the book's root (the links to it go up a folder); its heading "Lima"
# takes the id "lima", which the map's list gives to Lima.
MAP_PAGE = "# The map\n\n## Lima\n\n```{edition-interactive-map}\n```\n"
CONF = '''
extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition.sphinxext"]
myst_enable_extensions = ["attrs_block", "attrs_inline", "colon_fence", "deflist", "fieldlist", "substitution"]
myst_heading_anchors = 3
bibtex_bibfiles = ["references.bib"]
smartquotes = False
html_theme = "sphinx_book_theme"
exclude_patterns = ["data/**"]
'''


@pytest.fixture(scope="module")
def fixture_book(tmp_path_factory):
    source = tmp_path_factory.mktemp("fixture-book")
    shutil.copytree(paths.DATA, source / "data")
    for name in ("references.bib", "CITATION.cff"):
        shutil.copy(paths.ROOT / name, source)
    (source / "chapters").mkdir()
    for name in PAGES[:3]:
        shutil.copy(paths.ROOT / f"{name}.md", source / f"{name}.md")
    (source / "map.md").write_text(MAP_PAGE, encoding="utf-8")
    ww = source / "chapters" / "ww-strategy-for-the-mass.md"
    ww.write_text(ww.read_text(encoding="utf-8").replace("{person}`President Fujimori <fujimori>`",
                                                         "{person}`President Fujimori <fujimory>`"), encoding="utf-8")
    (source / "index.md").write_text("# Fixture book\n\n```{toctree}\n" + "\n".join(PAGES) + "\n```\n",
                                     encoding="utf-8")
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    warnings = io.StringIO()
    app = Sphinx(str(source), str(source), str(source / "_build" / "html"), str(source / "_build" / "doctrees"),
                 "html", status=None, warning=warnings, freshenv=True)
    app.build()
    return source / "_build" / "html", re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())


def soup(site, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_a_broken_annotation_is_reported_once_at_its_line(fixture_book):
    site, warnings = fixture_book
    reports = [line for line in warnings.splitlines() if "fujimory" in line]
    assert reports == [f"{site.parent.parent}/chapters/ww-strategy-for-the-mass.md:20: WARNING: unknown entity id "
                       "'fujimory' (not in data/entities.yml)"], warnings


def test_paragraphs_are_numbered_and_annotations_resolved(fixture_book):
    site, _ = fixture_book
    chapter = soup(site, PAGES[0])
    number = chapter.select_one("#lfi-p09 a.paranum")
    assert number["href"] == "#lfi-p09" and number.get_text() == "Paragraph 9"
    place = chapter.select_one("#lfi-p09 .entity-place a[href$='register-places.html#ent-juanjui']")
    assert place is not None and place.get_text() == "Juanjui"
    assert "Juanjuí" in place.find_parent(class_="entity-place").select_one(".entity-tip").get_text()


def test_the_register_links_back_to_the_paragraphs(fixture_book):
    site, _ = fixture_book
    entry = soup(site, PAGES[2]).find(id="ent-juanjui")
    entry = entry if entry.name == "dl" else entry.find_next("dl")
    assert any(a["href"].endswith("lfi-peruvian-hostage-crisis-exposes-poverty.html#lfi-p09")
               for a in entry.select("a[href]"))


@pytest.mark.parametrize("text_id", [text.id for text in sources.load_texts()])
def test_the_written_reading_texts_equal_their_sources(fixture_book, text_id):
    site, _ = fixture_book
    text = sources.load_text(text_id)
    page = site / text.chapter.relative_to(paths.ROOT).with_suffix(".html")
    assert fidelity.check_chapter(text, page) == []


def test_an_id_that_the_maps_list_shares_with_another_element_is_reported(fixture_book):
    site, warnings = fixture_book
    reports = [line for line in warnings.splitlines() if "interactive map" in line]
    assert len(reports) == 1 and "the id 'lima'" in reports[0] and reports[0].startswith(f"{site.parent.parent}/map"), \
        warnings


def test_the_places_notes_and_the_register_link_to_the_places_on_the_map(fixture_book):
    site, _ = fixture_book
    chapter = soup(site, PAGES[0])
    tip = chapter.select_one("#lfi-p09 .entity-place:has(a[href$='#ent-juanjui']) .entity-tip")
    assert tip.select_one("a.edition-map-link")["href"] == "../map.html#juanjui"
    people = chapter.select(".entity-person .entity-tip")
    assert people and not any(t.select("a.edition-map-link") for t in people), "a person's note links to the map"
    register = soup(site, PAGES[2])
    links = {a["href"] for a in register.select("a.edition-map-link")}
    assert links == {f"../map.html#{place}" for place in geo.places().id}
    map_page = soup(site, "map")
    assert all(map_page.find(id=href.split("#")[1], class_="edition-map-item") for href in links)
