"""A third text is data, not code: the extended book (conftest) adds a synthetic text
(tests/fixtures/third-text) with only its source file, manifest line, texts.yml entry,
chapter, _toc.yml line and sentence classifications. Built, it passes what the two real
texts pass: fidelity, coverage of names, and the registers' links back to its paragraphs."""
from __future__ import annotations

from bs4 import BeautifulSoup

from edition import apparatus, coverage, fidelity, sources
from harness import books

FIXTURE = "fixture"


def third_text(build):
    return {text.id: text for text in sources.load_texts(build.root)}[FIXTURE]


def built_page(build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.html / name).read_text(encoding="utf-8"), "html.parser")


def test_the_third_text_is_built_and_equals_its_source(extended_build):
    text = third_text(extended_build)
    assert [p.text for p in text.paragraphs] == ["The MRTA held Lima in suspense, and Fujimori waited.",
                                                 "In Peru the siege was long. Nobody knew its end."]
    page = extended_build.html / f"{books.THIRD_TEXT_CHAPTER}.html"
    assert fidelity.check_chapter(text, page) == []
    soup = built_page(extended_build, f"{books.THIRD_TEXT_CHAPTER}.html")
    assert soup.select_one("#fixture-p02 a.paranum")["href"] == "#fixture-p02"
    assert "Test fixture" in soup.select_one("h1").get_text()


def test_every_name_of_the_third_text_is_annotated(extended_build):
    assert coverage.uncovered(third_text(extended_build).chapter) == []


def test_the_registers_link_back_to_the_third_text(extended_build):
    found = apparatus.occurrences(extended_build.root)
    expected = {"mrta": ("organisations", "fixture-p01"), "lima": ("places", "fixture-p01"),
                "fujimori": ("persons", "fixture-p01"), "peru": ("places", "fixture-p02"),
                "embassy-seizure": ("events", "fixture-p02")}
    for entity, (register, anchor) in expected.items():
        assert any(a.text_id == FIXTURE for a in found[entity]), entity
        entry = built_page(extended_build, f"chapters/register-{register}.html").find(id=f"ent-{entity}")
        entry = entry if entry.name == "dl" else entry.find_next("dl")
        links = {a["href"] for a in entry.select("a[href]")}
        assert f"test-fixture-third-text.html#{anchor}" in {href.split("/")[-1] for href in links}, (entity, links)


def test_the_sentence_inventory_counts_the_third_text(extended_build):
    """A column of its own in the table of sentences (whose column widths were once written
    for two texts), counting its three sentences."""
    page = built_page(extended_build, "chapters/claims-checked.html")
    table = next(t for t in page.find_all("table") if "Sentences of the reading texts" in t.get_text())
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
    header, everything = rows[0], rows[1]
    assert len(table.find_all("col")) == len(header) == 5, header  # sentences, three texts, all
    assert everything[header.index("Test fixture")] == "3", everything
