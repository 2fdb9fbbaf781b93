"""The citations of the edition, its pages, its texts and their paragraphs (edition/citation.py):
every format parses and keeps author, title, year, URL, version and paragraph; the HTML
renderings are safe to put into a page; and CITATION.cff, which they come from, validates."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil

import pytest
import rispy
import yaml
from pybtex.database import parse_string

from edition import citation, metadata, paths, sources
from edition.apparatus import load_bibliography, plain

HOSTILE_TITLE = '<script>alert(1)</script> & "quotes"'
# What each citation must keep: authors as CSL names, the title, the years its rendering
# shows and, for a paragraph, its number.
EXPECTED = {
    "edition": ([{"literal": "The editors of the Lima hostage crisis edition"}],
                "The Lima hostage crisis in two 1997 articles: a scholarly edition", ["2026"], None),
    "lfi": ([{"literal": "League for the Fifth International"}],
            "Peruvian hostage crisis exposes poverty", ["1997", "2026"], None),
    "ww": ([{"family": "Greenaway", "given": "Paul"}], "Strategy for the mass", ["1997", "2026"], None),
    "lfi-p12": ([{"literal": "League for the Fifth International"}],
                "Peruvian hostage crisis exposes poverty", ["1997", "2026"], 12),
    "ww-p07": ([{"family": "Greenaway", "given": "Paul"}], "Strategy for the mass", ["1997", "2026"], 7),
}


@pytest.fixture(scope="module")
def meta() -> metadata.EditionMetadata:
    return metadata.load()


@pytest.fixture(scope="module")
def texts() -> dict[str, sources.SourceText]:
    return {text.id: text for text in sources.load_texts()}


@pytest.fixture(scope="module")
def bibliography() -> dict:
    return load_bibliography()


@pytest.fixture(params=list(EXPECTED))
def case(request, meta, texts, bibliography) -> tuple[dict, tuple]:
    """(CSL item, what it must keep) for the edition, each text and one paragraph of each."""
    name = request.param
    text_id, _, paragraph = name.partition("-p")
    if name == "edition":
        item = citation.edition_item(meta)
    elif paragraph:
        item = citation.paragraph_item(meta, texts[text_id], int(paragraph), bibliography)
    else:
        item = citation.text_item(meta, texts[text_id], bibliography)
    return item, EXPECTED[name]


def cff_version() -> str:
    return str(yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"])


def test_items_have_readable_stable_ids(meta, texts, bibliography):
    assert citation.edition_item(meta)["id"] == f"lima-edition-{meta.year}"
    assert citation.text_item(meta, texts["lfi"], bibliography)["id"] == "lima-edition-lfi"
    assert citation.paragraph_item(meta, texts["lfi"], 7, bibliography)["id"] == "lima-edition-lfi-p07"
    assert citation.page_item(meta, "chapters/data", "Data")["id"] == "lima-edition-chapters-data"


def test_text_item_is_the_article_inside_the_edition(meta, texts, bibliography):
    item = citation.text_item(meta, texts["ww"], bibliography)
    assert item["type"] == "chapter"
    assert item["editor"] == [{"literal": name} for name in meta.editors]
    assert item["container-title"] == meta.title
    assert item["original-date"] == {"date-parts": [[1997, 5, 1]]}
    assert item["issued"] == {"date-parts": [[int(part) for part in meta.released.split("-")]]}
    assert item["version"] == meta.version
    assert "accessed" not in item


def test_paragraph_item_points_to_the_paragraph(meta, texts, bibliography):
    item = citation.paragraph_item(meta, texts["ww"], 7, bibliography)
    assert item["locator"] == "7"
    assert item["URL"] == meta.page_url("chapters/ww-strategy-for-the-mass", "ww-p07")
    with pytest.raises(ValueError, match="paragraphs 1 to 13"):
        citation.paragraph_item(meta, texts["ww"], 0, bibliography)


def test_bibtex_parses_and_keeps_title_authors_url_version(case):
    item, (authors, title, _, paragraph) = case
    entry = parse_string(citation.bibtex(item), "bibtex").entries[item["id"]]
    assert entry.type == ("book" if item["type"] == "book" else "incollection")
    assert plain(entry.fields["title"]) == title
    assert entry.fields["url"] == item["URL"]
    assert entry.fields["version"] == cff_version()
    people = entry.persons["author"]
    assert [plain(" ".join(person.last_names)) for person in people] == [
        name.get("family") or name["literal"] for name in authors]
    assert [" ".join(person.first_names) for person in people] == [name.get("given", "") for name in authors]
    if paragraph:
        assert entry.fields["note"] == f"Paragraph {paragraph}"


def test_ris_parses_and_keeps_type_title_authors_url_version(case):
    item, (authors, title, _, paragraph) = case
    [record] = rispy.loads(citation.ris(item))
    assert record["type_of_reference"] == ("BOOK" if item["type"] == "book" else "CHAP")
    assert record["title"] == title
    assert record["authors"] == [name.get("literal") or f"{name['family']}, {name['given']}"
                                 for name in authors]
    assert record["urls"] == [item["URL"]]
    assert cff_version() in record["edition"]
    if paragraph:
        assert record["notes"] == [f"Paragraph {paragraph}"]


@pytest.mark.parametrize("style", ["chicago", "apa"])
def test_csl_json_renders_author_title_years_paragraph_version(case, style):
    item, (authors, title, years, paragraph) = case
    [loaded] = json.loads(citation.csl_json([item]))
    assert loaded == item
    rendering = citation.formatted(loaded, style)
    for form in (rendering["text"], rendering["html"]):
        assert title.casefold() in form.casefold()  # Chicago capitalises titles headline-style
        for name in authors:
            assert (name.get("family") or name["literal"]) in form
        for year in years:
            assert year in form
        assert cff_version() in form
        assert item["URL"] in form
    if paragraph:
        assert re.search(rf"(¶|para\.) ?{paragraph}\b", rendering["text"])
    else:
        assert "para." not in rendering["text"]


def test_rendered_references_look_as_chicago_and_apa_want(meta, texts, bibliography):
    item = citation.paragraph_item(meta, texts["ww"], 7, bibliography)
    chicago, apa = (citation.formatted(item, style)["text"] for style in ("chicago", "apa"))
    assert chicago.startswith("Greenaway, Paul. (1997) 2026. “Strategy for the Mass.” In The Lima")
    assert chicago.endswith("#ww-p07. (Greenaway [1997] 2026, para. 7)")
    assert apa.startswith("Greenaway, P. (2026). Strategy for the mass. In ")
    assert apa.endswith("(Original work published 1997) (Greenaway, 1997/2026, para. 7)")


def test_hostile_title_is_escaped_in_html_and_kept_in_bibtex_and_ris(meta):
    hostile_meta = dataclasses.replace(meta, title=HOSTILE_TITLE)
    page = citation.page_item(hostile_meta, "chapters/data", HOSTILE_TITLE)
    for item in (citation.edition_item(hostile_meta), page):
        for style in ("chicago", "apa"):
            rendering = citation.formatted(item, style)
            assert "<script" not in rendering["html"].casefold()
            escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"
            assert escaped in rendering["html"].casefold()
            assert HOSTILE_TITLE.casefold() in rendering["text"].casefold()
        entry = parse_string(citation.bibtex(item), "bibtex").entries[item["id"]]
        assert plain(entry.fields["title"]) == HOSTILE_TITLE
        [record] = rispy.loads(citation.ris(item))
        assert record["title"] == HOSTILE_TITLE
        assert json.loads(citation.csl_json([item]))[0]["title"] == HOSTILE_TITLE


def test_bibtex_escapes_latex_specials(meta):
    item = citation.page_item(meta, "chapters/data", r"50% of {x} & $y #1 a_b ~ ^ \z")
    entry = parse_string(citation.bibtex(item), "bibtex").entries[item["id"]]
    assert entry.fields["title"] == (r"{50\% of \{x\} \& \$y \#1 a\_b \textasciitilde{} "
                                     r"\textasciicircum{} \textbackslash{}z}")


def test_markup_stand_ins_in_the_data_are_refused(meta):
    item = citation.page_item(meta, "chapters/data", f"{citation.MARKUP_OPEN}script{citation.MARKUP_CLOSE}")
    with pytest.raises(ValueError, match="U\\+E000"):
        citation.formatted(item, "chicago")


def test_citations_for_a_text_chapter(meta, texts, bibliography):
    text = texts["ww"]
    page = text.page
    cites = citation.citations_for_page(meta, page, "Strategy for the mass", text, bibliography)
    assert list(cites) == ["edition", "page", "paragraphs"]
    assert list(cites["paragraphs"]) == [paragraph.anchor for paragraph in text.paragraphs]
    for formats in (cites["edition"], cites["page"], *cites["paragraphs"].values()):
        assert list(formats) == sorted(formats) == ["apa", "bibtex", "chicago", "csl", "ris"]
        assert set(formats["chicago"]) == set(formats["apa"]) == {"html", "text"}
    assert json.loads(cites["page"]["csl"]) == [citation.text_item(meta, text, bibliography)]
    assert "para. 7" in cites["paragraphs"]["ww-p07"]["chicago"]["text"]
    assert cites == citation.citations_for_page(meta, page, "Strategy for the mass", text, bibliography)
    with pytest.raises(ValueError, match="not the chapter"):
        citation.citations_for_page(meta, "chapters/data", "Data", text, bibliography)


def test_citations_for_another_page(meta):
    cites = citation.citations_for_page(meta, "chapters/data", "Data")
    assert cites["paragraphs"] == {}
    assert json.loads(cites["page"]["csl"]) == [citation.page_item(meta, "chapters/data", "Data")]
    assert "“Data.”" in cites["page"]["chicago"]["text"]


# ---- CITATION.cff, the source of the citations ------------------------------------------------

def cff_copy(tmp_path, edit) -> metadata.EditionMetadata:
    """metadata.load() on a copy of CITATION.cff (and its schema) changed by ``edit``."""
    (tmp_path / metadata.CFF_SCHEMA).parent.mkdir(parents=True)
    shutil.copy(paths.ROOT / metadata.CFF_SCHEMA, tmp_path / metadata.CFF_SCHEMA)
    cff = (paths.ROOT / metadata.CFF_NAME).read_text(encoding="utf-8")
    (tmp_path / metadata.CFF_NAME).write_text(edit(cff), encoding="utf-8")
    return metadata.load(tmp_path)


def test_citation_cff_validates():
    meta = metadata.load()
    assert meta.version == cff_version()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.released)
    assert meta.url.endswith("/")


def test_citation_cff_copy_validates(tmp_path):
    assert cff_copy(tmp_path, lambda cff: cff) == metadata.load()


def test_citation_cff_date_must_be_iso(tmp_path):
    with pytest.raises(metadata.MetadataError, match="'date-released'"):
        cff_copy(tmp_path, lambda cff: re.sub(r"(?m)^date-released:.*$",
                                              'date-released: "30 November 2026"', cff))


def test_citation_cff_needs_a_version(tmp_path):
    with pytest.raises(metadata.MetadataError, match="'version'"):
        cff_copy(tmp_path, lambda cff: re.sub(r"(?m)^version:.*\n", "", cff))
