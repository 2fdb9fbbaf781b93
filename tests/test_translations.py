"""The editors' translations of the apparatus (data/translations/<language>/): every item
translated, none stale, and every kind of lapse named by file, id and language."""
import yaml

from edition import i18n, translations

ENTITIES_ES = "data/translations/es/entities.yml"
CLAIMS_ES = "data/translations/es/claims.yml"
REVIEWS_ES = "data/translations/es/reviews.yml"


def test_every_item_of_the_apparatus_is_translated_and_up_to_date():
    assert translations.problems() == []


def test_every_collection_is_checked_in_every_language():
    counts = {c.name: len(c.english()) for c in translations.COLLECTIONS}
    assert counts["entities"] > 50 and counts["claims"] > 80 and counts["glossary"] > 20
    for language in i18n.TRANSLATIONS:
        for collection in translations.COLLECTIONS:
            assert set(translations.translated(collection.name, language)) == set(collection.english()), \
                (language, collection.name)


def _edit(root, relative, old, new):
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _translation(root, relative):
    return yaml.safe_load((root / relative).read_text(encoding="utf-8"))


def _write(root, relative, document):
    (root / relative).write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_changed_english_note_makes_its_translation_stale(data_copy):
    _edit(data_copy, "data/entities.yml", "President of Peru from 28 July 1990 to 2000",
          "President of Peru from 28 July 1990 until November 2000")
    found = translations.problems(data_copy)
    assert len(found) == 1, found
    assert found[0].startswith(f"{ENTITIES_ES}, id 'fujimori', language 'es': stale: the English "
                               "(data/entities.yml, id 'fujimori', fields name, index, note) has changed")


def test_a_changed_finding_sentence_makes_the_claims_translation_stale(data_copy):
    _edit(data_copy, "data/claims.yml", "marking Emperor Akihito's 63rd birthday", "marking the emperor's birthday")
    found = translations.problems(data_copy)
    assert [line.split(": stale")[0] for line in found] == [f"{CLAIMS_ES}, id 'lfi-reception', language 'es'"]


def test_a_change_to_what_is_not_translated_leaves_the_translation_fresh(data_copy):
    # The sources of a finding and a claim's verdict are not words a reader reads in Spanish.
    _edit(data_copy, "data/claims.yml", "    - chicago-tribune-1996-12-18\n    - idehpucp-2008-chavin\n",
          "    - idehpucp-2008-chavin\n")
    assert translations.problems(data_copy) == []


def test_a_missing_item_file_or_language_is_named(data_copy):
    document = _translation(data_copy, ENTITIES_ES)
    document["items"] = [item for item in document["items"] if item["id"] != "cerpa"]
    _write(data_copy, ENTITIES_ES, document)
    (data_copy / "data/translations/es/glossary.yml").unlink()
    found = translations.problems(data_copy)
    assert f"{ENTITIES_ES}, id 'cerpa', language 'es': missing: no translation of data/entities.yml, " \
           "id 'cerpa'" in found
    assert any(line.startswith("data/translations/es/glossary.yml: missing: no 'es' translation of "
                               "data/glossary.yml (") for line in found), found
    assert len(found) == 2, found
    assert translations.problems(data_copy, languages=("fr",))[0].startswith(
        "data/translations/fr/entities.yml: missing: no 'fr' translation")


def test_a_translation_left_in_english_or_cut_short_is_named(data_copy):
    english = {c.name: c for c in translations.COLLECTIONS}["claims"].english(data_copy)
    document = _translation(data_copy, CLAIMS_ES)
    items = {item["id"]: item for item in document["items"]}
    items["lfi-reception"]["claim"] = english["lfi-reception"]["claim"]
    items["lfi-waiters"]["finding"] = items["lfi-waiters"]["finding"][:-1]
    items["lfi-demand-release"]["claim"] = " "
    _write(data_copy, CLAIMS_ES, document)
    found = translations.problems(data_copy)
    assert found == [
        f"{CLAIMS_ES}, id 'lfi-reception', language 'es': field 'claim': the translation is the English itself",
        f"{CLAIMS_ES}, id 'lfi-waiters', language 'es': field 'finding': "
        f"{len(english['lfi-waiters']['finding']) - 1} sentences for the English's "
        f"{len(english['lfi-waiters']['finding'])} (one translation per sentence, in order)",
        f"{CLAIMS_ES}, id 'lfi-demand-release', language 'es': field 'claim': no translation"]


def test_an_item_the_english_lacks_or_translated_twice_is_named(data_copy):
    document = _translation(data_copy, ENTITIES_ES)
    document["items"] += [dict(document["items"][0]), {**document["items"][0], "id": "no-such-person"}]
    _write(data_copy, ENTITIES_ES, document)
    first = document["items"][0]["id"]
    assert translations.problems(data_copy) == [
        f"{ENTITIES_ES}, id '{first}', language 'es': translated 2 times",
        f"{ENTITIES_ES}, id 'no-such-person', language 'es': data/entities.yml has no item 'no-such-person' "
        "under 'entities'"]


def test_the_template_gives_the_missing_items_stamped_and_a_filled_template_is_accepted(data_copy):
    document = _translation(data_copy, ENTITIES_ES)
    kept = [item for item in document["items"] if item["id"] != "cerpa"]
    _write(data_copy, ENTITIES_ES, {**document, "items": kept})
    entities = {c.name: c for c in translations.COLLECTIONS}["entities"]
    skeleton = yaml.safe_load(translations.template(entities, "es", data_copy))
    assert [item["id"] for item in skeleton["items"]] == ["cerpa"]
    item = skeleton["items"][0]
    assert item["en"] == translations.english_hash(entities.english(data_copy)["cerpa"])
    assert translations.problems(data_copy) == [
        f"{ENTITIES_ES}, id 'cerpa', language 'es': missing: no translation of data/entities.yml, id 'cerpa'"]
    item["note"] = "Jefe del comando del MRTA que tomó la residencia del embajador del Japón."
    _write(data_copy, ENTITIES_ES, {**document, "items": kept + [item]})
    assert translations.problems(data_copy) == [
        f"{REVIEWS_ES}, collection 'entities', id 'cerpa', language 'es': the second reading is out of date "
        "(the English or the translation changed since); have it reviewed, then record it with "
        "`python -m edition.translations reviewed es entities cerpa`"]
    translations.record_reviews("es", "entities", ["cerpa"], data_copy)
    assert translations.problems(data_copy) == []


def test_a_translation_changed_after_its_second_reading_must_be_read_again(data_copy):
    document = _translation(data_copy, CLAIMS_ES)
    document["items"][0]["claim"] += " (corregido)"
    _write(data_copy, CLAIMS_ES, document)
    reviews = _translation(data_copy, REVIEWS_ES)
    del reviews["reviewed"]["glossary"]["bourgeoisie"]
    reviews["revisions"].append({"collection": "claims", "id": "no-such-claim", "field": "claim", "before": "a",
                                 "after": "b", "kind": "style", "reason": "a revision of nothing at all"})
    _write(data_copy, REVIEWS_ES, reviews)
    found = translations.problems(data_copy)
    first = document["items"][0]["id"]
    assert [line.split(";")[0] for line in found] == [
        f"{REVIEWS_ES}, collection 'glossary', id 'bourgeoisie', language 'es': no second reading",
        f"{REVIEWS_ES}, collection 'claims', id '{first}', language 'es': the second reading is out of date "
        "(the English or the translation changed since)",
        f"{REVIEWS_ES}, revision {len(reviews['revisions'])}: no item 'no-such-claim' in collection 'claims'"]


def test_every_second_reading_records_its_revisions():
    reviews = translations.load_reviews("es")
    kinds = {revision["kind"] for revision in reviews["revisions"]}
    assert len(reviews["revisions"]) > 20 and {"accuracy", "terminology"} <= kinds
    for revision in reviews["revisions"]:
        assert revision["before"] != revision["after"], revision
