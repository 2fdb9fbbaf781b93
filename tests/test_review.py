"""The fact check is complete and its record holds: every sentence of both texts is
accounted for, every claim has a kind and two readings, the corrections log matches the
verdicts, and each kind of bad input is a clear error naming the file and the id."""
import re

import pytest

from edition import apparatus, sentences, sources
from conftest import edit_yaml, page

APP = apparatus.load_apparatus()


def test_every_sentence_of_both_texts_is_in_the_inventory_once():
    expected = sentences.source_sentences(sources.load_texts())
    assert list(APP.sentences) == list(expected)
    for ident, sentence in APP.sentences.items():
        assert sentence.text == expected[ident][3]
        assert bool(sentence.claims) != bool(sentence.category), ident


def test_every_claim_has_a_kind_a_cited_finding_and_two_readings():
    kinds = {k["id"] for k in APP.kinds}
    assert kinds == {"fact", "attribution", "characterisation"}
    for claim in APP.claims.values():
        assert claim.kind in kinds
        assert all(s.sources for s in claim.finding), claim.id
        reading = APP.readings[claim.id]
        assert reading.final == claim.verdict
        assert reading.agreed or (reading.resolution and reading.resolution_reason)


def test_the_sentence_splitter_keeps_quotes_and_brackets_with_their_sentence():
    assert sentences.split("It rose (then 7,000%!) and fell. “Yes,” he said. Why? Now.") == [
        "It rose (then 7,000%!) and fell.", "“Yes,” he said.", "Why?", "Now."]
    assert sentences.split("‘a kill’. The US") == ["‘a kill’.", "The US"]


def test_the_corrections_log_records_every_changed_verdict_of_this_round():
    changed = {c.id for c in APP.corrections if c.what == "verdict"}
    assert {"lfi-seven-cc", "lfi-north-coast", "ww-5000-prisoners", "lfi-150-a-month"} <= changed
    assert any(c.target == "entity" and c.id == "moyobamba" for c in APP.corrections)


# ---- bad input: each names the file and the id -----------------------------------------

def test_a_claim_with_an_unknown_kind_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "claims.yml", lambda d: d["claims"][1].update(kind="opinion"))
    with pytest.raises(apparatus.ApparatusError, match=r"data/claims.yml, id 'lfi-waiters': unknown kind 'opinion'"):
        apparatus.load_apparatus(data_copy)


def test_a_finding_sentence_without_a_source_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "claims.yml", lambda d: d["claims"][1]["finding"][0].update(sources=[]))
    with pytest.raises(apparatus.ApparatusError, match=r"data/claims.yml: item 2 \(id 'lfi-waiters'\) field 'finding.0.sources'"):
        apparatus.load_apparatus(data_copy)


def test_a_sentence_classified_twice_is_rejected(data_copy):
    def twice(d):
        d["sentences"].append(dict(d["sentences"][0]))
        d["sentences"][5].update(category="prediction", reason="an extra classification for the test")
    edit_yaml(data_copy / "data" / "sentences.yml", twice)
    with pytest.raises(apparatus.ApparatusError) as error:
        apparatus.load_apparatus(data_copy)
    assert "data/sentences.yml: sentence 'lfi-p01-s1' is classified 2 times" in str(error.value)
    assert "lfi ¶4, sentence 1 ('lfi-p04-s1'): it carries claims and is also classified as 'prediction'" in str(error.value)


def test_an_unclassified_sentence_is_named_with_its_text(data_copy):
    edit_yaml(data_copy / "data" / "sentences.yml", lambda d: d["sentences"].pop(36))
    with pytest.raises(apparatus.ApparatusError, match=r"data/sentences.yml: lfi ¶16, sentence 3 is not classified: 'Where is the money to come from\?'"):
        apparatus.load_apparatus(data_copy)


def test_a_sentence_not_in_the_source_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "sentences.yml", lambda d: d["sentences"].append(
        {"id": "ww-p14-s1", "text": "A sentence no text has.", "category": "prediction", "reason": "made up for the test"}))
    with pytest.raises(apparatus.ApparatusError, match=r"sentence 'ww-p14-s1' is not a sentence of the texts"):
        apparatus.load_apparatus(data_copy)


def test_a_changed_source_sentence_no_longer_matches_its_classification(data_copy):
    edit_yaml(data_copy / "data" / "sentences.yml", lambda d: d["sentences"][36].update(text="Where is the money?"))
    with pytest.raises(apparatus.ApparatusError, match=r"lfi ¶16, sentence 3 \('lfi-p16-s3'\): the inventory has 'Where is the money\?' but the source reads"):
        apparatus.load_apparatus(data_copy)


def test_a_second_reading_without_a_resolution_is_rejected(data_copy):
    def unresolved(d):
        reading = next(r for r in d["readings"] if "resolution" in r)
        reading.pop("resolution")
        reading.pop("resolution_reason")
    edit_yaml(data_copy / "data" / "second-readings.yml", unresolved)
    with pytest.raises(apparatus.ApparatusError, match=r"data/second-readings.yml, claim '[a-z0-9-]+': the readings differ .* no resolution"):
        apparatus.load_apparatus(data_copy)


def test_a_correction_of_an_unknown_claim_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "corrections.yml", lambda d: d["corrections"][0].update(claim="lfi-no-such-claim"))
    with pytest.raises(apparatus.ApparatusError, match=r"data/corrections.yml: entry 1 \(claim 'lfi-no-such-claim'\): unknown claim id"):
        apparatus.load_apparatus(data_copy)


def test_a_correction_with_an_impossible_date_is_rejected(data_copy):
    edit_yaml(data_copy / "data" / "corrections.yml", lambda d: d["corrections"][0].update(date="2026-02-30"))
    with pytest.raises(apparatus.ApparatusError, match=r"data/corrections.yml: entry 1 .*'2026-02-30' is not a real calendar date"):
        apparatus.load_apparatus(data_copy)


def test_a_correction_names_a_field_its_target_has(data_copy):
    def wrong(document):
        term = next(c for c in document["corrections"] if "term" in c)
        term["what"] = "verdict"
        term_id = term["term"]
        document["corrections"].insert(0, {**term, "what": "definition", "term": "no-such-term"})
        return term_id
    edit_yaml(data_copy / "data" / "corrections.yml", wrong)
    with pytest.raises(apparatus.ApparatusError) as error:
        apparatus.load_apparatus(data_copy)
    assert "data/corrections.yml: entry 1 (term 'no-such-term'): unknown term id (not in data/glossary.yml)" in str(error.value)
    assert re.search(r"entry \d+ \(term '[a-z-]+'\): a term has no 'verdict' to correct \(only definition\)", str(error.value))


def test_corrections_of_glossary_definitions_are_listed_with_their_term(html_build):
    rows = page(html_build, "chapters/corrections.html").select("table tbody tr")
    terms = [c for c in APP.corrections if c.target == "term"]
    assert terms, "no glossary correction in this round"
    for correction in terms:
        term = next(t for t in APP.terms.values() if t.id == correction.id)
        row = next(r for r in rows if " ".join(correction.new.split()) in " ".join(r.get_text(" ").split()))
        link = row.find("a", href=re.compile(r"glossary\.html#term-"))
        assert link is not None and link.get_text().strip().casefold() == term.term.casefold(), correction.id


# ---- what the reader sees ------------------------------------------------------------------

def test_notes_show_the_kind_and_cite_each_sentence(html_build):
    soup = page(html_build, "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html")
    notes = soup.select(".claim-note")
    assert len(notes) == sum(c.text == "lfi" for c in APP.claims.values())
    for note in notes:
        heading = note.find("strong").get_text()
        assert any(f"Claim check ({k['label']}):" in heading for k in APP.kinds), heading
        assert note.select(".note-sources")


def test_claims_page_lists_kinds_readings_and_the_sentence_inventory(html_build):
    soup = page(html_build, "chapters/claims-checked.html")
    text = soup.get_text(" ")
    for claim in APP.claims.values():
        row = " ".join(soup.find(id=f"claim-{claim.id}").find_parent("tr").get_text(" ").split())
        assert f"Kind: {claim.kind_label}" in row, claim.id
        assert "Second reading:" in row, claim.id
    not_checked = [s for s in APP.sentences.values() if s.category]
    for sentence in not_checked:
        assert " ".join(sentence.text.split()) in " ".join(text.split()), sentence.id
    assert soup.find("a", href="corrections.html")


def test_corrections_page_lists_every_entry_and_is_linked_from_the_front_page(html_build):
    soup = page(html_build, "chapters/corrections.html")
    rows = soup.select("table tbody tr")
    assert len(rows) == len(APP.corrections)
    front = page(html_build, "index.html")
    assert front.find("a", href="chapters/corrections.html")
