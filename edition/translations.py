"""The editors' translations of the apparatus: one file per collection and language,
data/translations/<language>/<collection>.yml, each item keyed by the id of the English
item it translates and stamped with a hash of that English (field ``en``), so that a
translation cannot silently go stale.

A second reader reviews every translated item; data/translations/<language>/reviews.yml
records what was reviewed (stamped with the English and the translation read, so that a
changed item needs a new review) and every revision the review made.

    python -m edition.translations check              every problem, one line each
    python -m edition.translations template es claims the English of a collection, stamped,
                                                      as the skeleton of a new translation
    python -m edition.translations revised es claims ID...
                                                      after revising a stale translation to the
                                                      new English: stamp it with that English
    python -m edition.translations reviewed es claims ID...
                                                      record that a second reader passed the
                                                      items as they now stand
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from edition import files, paths

from edition import i18n


@dataclass(frozen=True)
class Collection:
    """Items of an English data file (``source``; in a YAML or JSON file, the list under
    ``key``; in a CSV file, its rows), each named by its field ``id_field``, whose ``fields``
    the editors translate. A field may hold a string or a list: a list of mappings (a
    finding's sentences, a text's debris) is translated item by item, the key named in
    ``lists`` (``says`` by default)."""
    name: str
    source: str
    key: str | None
    fields: tuple[str, ...]
    # Fields whose translation may equal the English (proper names, index forms).
    may_equal: tuple[str, ...] = ()
    id_field: str = "id"
    lists: tuple[tuple[str, str], ...] = ()
    # Only the items a reader sees (e.g. the reasons of the readings that disagreed).
    shown: Callable[[dict], bool] | None = None
    # Where the English is not a field of the source's items, the function that reads it.
    english_reader: Callable[[Path], dict[str, dict]] | None = None

    def english(self, root: Path = paths.ROOT) -> dict[str, dict]:
        if self.english_reader is not None:
            return self.english_reader(root)
        lists = dict(self.lists)
        return {ident: {field: _translatable(_get(item, field), lists.get(field, "says")) for field in self.fields}
                for ident, item in self.items(root).items()}

    def items(self, root: Path = paths.ROOT) -> dict[str, dict]:
        """The English items, by id."""
        path = root / self.source
        if path.suffix == ".csv":
            import csv

            rows = list(csv.DictReader(files.text_stream(path, root)))
        elif path.suffix == ".json":
            rows = json.loads(files.read_text(path, root))[self.key]
        else:
            rows = files.read_yaml(path, root)[self.key]
        if self.id_field == ORDINAL_ID:
            return dict(_ordinal_ids(rows))
        # an id of several fields ("series+perpetrator") joins their values with "/"
        return {"/".join(row[field] for field in self.id_field.split("+")): row
                for row in rows if self.shown is None or self.shown(row)}

    def path(self, language: str, root: Path = paths.ROOT) -> Path:
        return root / "data" / "translations" / language / f"{self.name}.yml"


# Entries with no id of their own (the corrections log) are named by what they correct and
# their place among the entries that correct the same thing, counted from the oldest (new
# entries go at the top, so the names of the old ones never change).
ORDINAL_ID = "(ordinal)"


def _correction_target(row: dict) -> str:
    """What a corrections-log entry corrects: 'claim', 'entity' or 'term' (its key names the id)."""
    from edition.review import CORRECTED

    return next(name for name in CORRECTED if name in row)


def _ordinal_ids(rows: list[dict]):
    seen: dict[str, int] = {}
    named = []
    for row in reversed(rows):
        target = _correction_target(row)
        base = f"{row['date']}-{target}-{row[target]}-{row['what']}"
        seen[base] = seen.get(base, 0) + 1
        named.append((f"{base}-{seen[base]}", row))
    return reversed(named)


def _get(item: dict, dotted: str):
    for part in dotted.split("."):
        item = item.get(part) if isinstance(item, dict) else None
    return item


def _translatable(value, key: str = "says"):
    """A list of mappings is translated item by item (a finding's sentences, not their sources)."""
    if isinstance(value, list):
        return [entry.get(key) if isinstance(entry, dict) else entry for entry in value]
    return value


# The articles' titles and paragraphs, as the sources give them: the parallel reading
# translation of the text chapters (the reading text itself is never translated).
PARAGRAPHS_SOURCE = "data/texts.yml"


def _paragraphs(root: Path) -> dict[str, dict]:
    from edition import sources

    items = {}
    for text in sources.load_texts(root):
        items[f"{text.id}-title"] = {"text": text.title}
        items.update({paragraph.anchor: {"text": paragraph.text} for paragraph in text.paragraphs})
    return items


def _disagreed(reading: dict) -> bool:
    return reading["first"] != reading["second"]


COLLECTIONS = (
    Collection("entities", "data/entities.yml", "entities", ("name", "index", "note"), may_equal=("name", "index")),
    Collection("glossary", "data/glossary.yml", "terms", ("term", "definition"), may_equal=("term",)),
    Collection("textual-notes", "data/textual-notes.yml", "notes", ("note",)),
    Collection("verdicts", "data/claims.yml", "verdicts", ("label", "meaning")),
    Collection("kinds", "data/claims.yml", "kinds", ("label", "meaning")),
    Collection("claims", "data/claims.yml", "claims", ("claim", "finding")),
    Collection("paragraphs", PARAGRAPHS_SOURCE, "texts", ("text",), english_reader=_paragraphs),
    # what the pages show of the other data: the texts' headers, the second readings that
    # disagreed, the sentences not checked, the corrections log, the tables' words
    Collection("texts", "data/texts.yml", "texts", ("publication", "publication_note", "date", "date_basis",
                                                     "author", "tendency", "debris"),
               may_equal=("author", "publication", "tendency"), lists=(("debris", "what"),)),
    Collection("readings", "data/second-readings.yml", "readings", ("second_reason", "resolution_reason"),
               id_field="claim", shown=_disagreed),
    Collection("sentence-categories", "data/sentences.yml", "categories", ("label", "meaning")),
    Collection("sentences", "data/sentences.yml", "sentences", ("reason",), shown=lambda s: bool(s.get("reason"))),
    Collection("corrections", "data/corrections.yml", "corrections", ("old", "new", "reason"), id_field=ORDINAL_ID,
               may_equal=("old", "new")),
    Collection("timeline", "data/timeline.csv", None, ("label", "description")),
    Collection("zones", "data/zones.csv", None, ("name", "description"), may_equal=("name",)),
    Collection("political-violence", "data/political-violence.csv", None, ("definition",),
               id_field="series+perpetrator"),
    Collection("data-package", "data/datapackage.json", "resources", ("title", "description", "schema.fields"),
               id_field="name", lists=(("schema.fields", "description"),)),
    Collection("data-package-sources", "data/datapackage.json", "resources", ("sources",), id_field="name",
               lists=(("sources", "title"),)),
    Collection("data-package-licences", "data/datapackage.json", "resources", ("licenses",), id_field="name",
               lists=(("licenses", "title"),)),
)


def english_hash(english: dict) -> str:
    """The stamp of the English an item translates: 12 hex digits of the SHA-256 of its
    translated fields (so a change to a source list or a verdict leaves it fresh)."""
    canonical = json.dumps(english, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def review_stamp(english: dict, translation: dict) -> str:
    """The stamp of a second reading: the English and the translation the reader passed."""
    return english_hash({"en": english, "translation": translation})


SCHEMAS = paths.DATA / "schemas"


def read(collection: Collection, language: str, root: Path = paths.ROOT) -> dict:
    return files.read_validated(collection.path(language, root), root, SCHEMAS / "translation.schema.json")


def load(collection: Collection, language: str, root: Path = paths.ROOT) -> dict[str, dict]:
    """A collection's translation, by id (empty if the file does not exist)."""
    if not collection.path(language, root).is_file():
        return {}
    return {item["id"]: item for item in read(collection, language, root)["items"]}


def reviews_path(language: str, root: Path = paths.ROOT) -> Path:
    return root / "data" / "translations" / language / "reviews.yml"


def load_reviews(language: str, root: Path = paths.ROOT) -> dict:
    path = reviews_path(language, root)
    if not path.is_file():
        return {"language": language, "reviewed": {}, "revisions": []}
    return files.read_validated(path, root, SCHEMAS / "translation-reviews.schema.json")


def collection_named(name: str) -> Collection:
    """The translated collection called ``name``."""
    found = next((c for c in COLLECTIONS if c.name == name), None)
    if found is None:
        raise KeyError(f"no translated collection {name!r}; they are {', '.join(c.name for c in COLLECTIONS)}")
    return found


def translated(collection_name: str, language: str, root: Path = paths.ROOT) -> dict[str, dict]:
    """The translated fields of a collection, by id, for the pages of a language (read once per
    version of the file: every page and figure asks for them)."""
    path = collection_named(collection_name).path(language, root)
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    return _translated(collection_name, language, str(root), stamp)


@lru_cache(maxsize=64)
def _translated(collection_name: str, language: str, root: str, stamp: int | None) -> dict[str, dict]:
    fields = collection_named(collection_name).fields
    return {item_id: {field: item[field] for field in fields}
            for item_id, item in load(collection_named(collection_name), language, Path(root)).items()}


def problems(root: Path = paths.ROOT, languages=i18n.TRANSLATIONS) -> list[str]:
    """Every missing, stale, extra or malformed translation, naming file, id and language."""
    found = []
    for language in languages:
        for collection in COLLECTIONS:
            found += _collection_problems(collection, language, root)
        if not found:  # a review is checked against translations known to be complete and fresh
            found += _review_problems(language, root)
    return found


def _review_problems(language: str, root: Path) -> list[str]:
    where = files.relative(reviews_path(language, root), root)
    try:
        reviews = load_reviews(language, root)
    except (files.EncodingError, files.FormatError) as error:
        return [str(error)]
    found = []
    known = {c.name: c for c in COLLECTIONS}
    for name in sorted(set(reviews["reviewed"]) - set(known)):
        found.append(f"{where}: 'reviewed' names a collection {name!r} that is not translated")
    for collection in COLLECTIONS:
        english = collection.english(root)
        passed = reviews["reviewed"].get(collection.name, {})
        for item_id, item in load(collection, language, root).items():
            translation = {field: item.get(field) for field in collection.fields}
            if passed.get(item_id) != review_stamp(english[item_id], translation):
                what = "no second reading" if item_id not in passed else \
                    "the second reading is out of date (the English or the translation changed since)"
                found.append(f"{where}, collection {collection.name!r}, id {item_id!r}, language {language!r}: "
                             f"{what}; have it reviewed, then record it with "
                             f"`python -m edition.translations reviewed {language} {collection.name} {item_id}`")
    for n, revision in enumerate(reviews["revisions"], 1):
        collection = known.get(revision["collection"])
        if collection is None or revision["id"] not in collection.english(root):
            found.append(f"{where}, revision {n}: no item {revision['id']!r} in collection "
                         f"{revision['collection']!r}")
        elif revision["field"].split("[")[0] not in collection.fields:
            found.append(f"{where}, revision {n} ({revision['id']}): {collection.name} has no translated "
                         f"field {revision['field']!r}")
    return found


def _collection_problems(collection: Collection, language: str, root: Path) -> list[str]:
    path = collection.path(language, root)
    where = files.relative(path, root)
    english = collection.english(root)
    if not path.is_file():
        return [f"{where}: missing: no {language!r} translation of {collection.source} "
                f"({len(english)} items under '{collection.key}')"]
    try:
        document = read(collection, language, root)
    except (files.EncodingError, files.FormatError) as error:
        return [str(error)]
    if document.get("language") != language:
        return [f"{where}: field 'language' is {document.get('language')!r}; the folder says {language!r}"]
    items = document.get("items") or []
    found = []
    ids = [item.get("id") for item in items]
    for item_id in sorted({i for i in ids if ids.count(i) > 1}, key=str):
        found.append(f"{where}, id {item_id!r}, language {language!r}: translated {ids.count(item_id)} times")
    for item_id in english:
        if item_id not in ids:
            found.append(f"{where}, id {item_id!r}, language {language!r}: missing: no translation of "
                         f"{collection.source}, id {item_id!r}")
    for item in items:
        item_id = item.get("id")
        at = f"{where}, id {item_id!r}, language {language!r}"
        if item_id not in english:
            found.append(f"{at}: {collection.source} has no item {item_id!r} under '{collection.key}'")
            continue
        source = english[item_id]
        stamp = english_hash(source)
        if item.get("en") != stamp:
            found.append(f"{at}: stale: the English ({collection.source}, id {item_id!r}, fields "
                         f"{', '.join(collection.fields)}) has changed since it was translated "
                         f"(stamp {item.get('en')!r}, the English now {stamp!r}); revise the translation, "
                         f"then its 'en' stamp")
            continue
        for field in collection.fields:
            found += _field_problems(at, field, item.get(field), source[field], field in collection.may_equal)
    return found


def _field_problems(at: str, field: str, value, english, may_equal: bool) -> list[str]:
    if english is None:
        return [] if value is None else [f"{at}: field {field!r}: the English item has no {field!r}"]
    if isinstance(english, list):
        if not isinstance(value, list) or len(value) != len(english):
            count = len(value) if isinstance(value, list) else "no list of"
            return [f"{at}: field {field!r}: {count} sentences for the English's {len(english)} "
                    f"(one translation per sentence, in order)"]
        return [problem for n, (one, original) in enumerate(zip(value, english), 1)
                for problem in _field_problems(at, f"{field}[{n}]", one, original, may_equal)]
    if not isinstance(value, str) or not value.strip():
        return [f"{at}: field {field!r}: no translation"]
    if value.strip() == english.strip() and not may_equal:
        return [f"{at}: field {field!r}: the translation is the English itself"]
    return []


def template(collection: Collection, language: str, root: Path = paths.ROOT) -> str:
    """The English of a collection in the form of its translation file, each item stamped:
    the skeleton a translator fills in (or the missing items of an existing translation)."""
    done = load(collection, language, root)
    items = [{"id": item_id, "en": english_hash(english), **english}
             for item_id, english in collection.english(root).items() if item_id not in done]
    header = {"language": language, "source": collection.source, "items": items}
    return yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=100)


def record_revision(language: str, collection_name: str, item_ids: list[str], root: Path = paths.ROOT) -> None:
    """Stamp translations, revised by hand to follow a changed English, with that English."""
    collection = collection_named(collection_name)
    english = collection.english(root)
    path = collection.path(language, root)
    text = files.read_text(path, root)
    for item in read(collection, language, root)["items"]:
        if item["id"] in item_ids:
            # Edited in the text, so that the file's comments and layout stay as they are.
            old = f"- id: {item['id']}\n  en: {item['en']}\n"
            if old not in text:
                raise SystemExit(f"{files.relative(path, root)}: item {item['id']!r} is not laid out as "
                                 f"'- id:' then 'en:'; stamp it by hand")
            text = text.replace(old, f"- id: {item['id']}\n  en: {english_hash(english[item['id']])}\n")
    path.write_text(text, encoding="utf-8")


def record_reviews(language: str, collection_name: str, item_ids: list[str], root: Path = paths.ROOT) -> None:
    """Stamp items as passed by a second reader, as they now stand (``all`` for every item)."""
    collection = collection_named(collection_name)
    english, translated_items = collection.english(root), load(collection, language, root)
    reviews = load_reviews(language, root)
    passed = reviews["reviewed"].setdefault(collection.name, {})
    for item_id in (list(translated_items) if item_ids == ["all"] else item_ids):
        item = translated_items[item_id]
        passed[item_id] = review_stamp(english[item_id], {field: item.get(field) for field in collection.fields})
    reviews_path(language, root).write_text(REVIEWS_HEADER + yaml.safe_dump(
        reviews, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


REVIEWS_HEADER = """\
# Second readings of the translations in this folder: under `reviewed`, by collection and
# item, the stamp of the English and the translation a second reader passed (written by
# `python -m edition.translations reviewed`); under `revisions`, every change the second
# readers made, with the wording before and after and the reason.
# Schema: data/schemas/translation-reviews.schema.json.
"""


def main(argv: list[str]) -> int:
    if argv[:1] == ["template"] and len(argv) == 3:
        if argv[1] not in i18n.TRANSLATIONS or argv[2] not in {c.name for c in COLLECTIONS}:
            print(f"languages: {', '.join(i18n.TRANSLATIONS)}; collections: {', '.join(c.name for c in COLLECTIONS)}")
            return 2
        sys.stdout.write(template(collection_named(argv[2]), argv[1]))
        return 0
    if argv[:1] == ["revised"] and len(argv) >= 4:
        record_revision(argv[1], argv[2], argv[3:])
        return 0
    if argv[:1] == ["reviewed"] and len(argv) >= 4:
        record_reviews(argv[1], argv[2], argv[3:])
        return 0
    if argv[:1] == ["check"]:
        found = problems()
        print("\n".join(found) or "every translation is present and up to date")
        return 1 if found else 0
    print(__doc__)
    return 2


def translated_corrections(corrections, language: str, root: Path = paths.ROOT):
    """The corrections log in ``language``, matched to its entries by what they correct."""
    from dataclasses import replace

    collection = collection_named("corrections")
    words = translated("corrections", language, root)
    by_entry = {}
    for ident, row in collection.items(root).items():
        target = _correction_target(row)
        by_entry[(str(row["date"]), target, row[target], row["what"], row["old"])] = words[ident]
    return tuple(replace(c, **by_entry[(c.date, c.target, c.id, c.what, c.old)]) for c in corrections)


def translated_texts(texts: dict, language: str, root: Path = paths.ROOT) -> dict:
    """The texts' header facts in ``language`` (their titles and reading texts stay as printed)."""
    from dataclasses import replace

    if language == i18n.ORIGINAL:
        return texts
    words = translated("texts", language, root)
    out = {}
    for ident, text in texts.items():
        own = dict(words[ident])
        debris = tuple(replace(item, what=what) for item, what in zip(text.debris, own.pop("debris") or ()))
        out[ident] = replace(text, debris=debris or text.debris, **own)
    return out


# The tables (data/*.csv, by their data-package name) whose words are translated.
TABLES = ("timeline", "zones", "political-violence")


def translated_rows(frame, collection_name: str, language: str | None = None, root: Path = paths.ROOT):
    """A table's rows (a pandas DataFrame read from a CSV collection) with their translated
    columns in ``language`` (by default the current one, edition.i18n)."""
    language = language or i18n.language()
    if language == i18n.ORIGINAL:
        return frame
    collection = collection_named(collection_name)
    words = translated(collection_name, language, root)
    keys = collection.id_field.split("+")
    frame = frame.copy()
    for field in collection.fields:
        if field in frame.columns:
            frame[field] = [words["/".join(str(row[k]) for k in keys)][field] for _, row in frame.iterrows()]
    return frame


def translated_descriptor(descriptor: dict, language: str, root: Path = paths.ROOT) -> dict:
    """The data package's descriptor with its titles and descriptions in ``language``."""
    import copy

    if language == i18n.ORIGINAL:
        return descriptor
    words = translated("data-package", language, root)
    # each resource's sources and licences: their titles, one translation per item, in order
    titled = {"sources": translated("data-package-sources", language, root),
              "licenses": translated("data-package-licences", language, root)}
    descriptor = copy.deepcopy(descriptor)
    for resource in descriptor["resources"]:
        own = words[resource["name"]]
        resource["title"], resource["description"] = own["title"], own["description"]
        for field, meaning in zip(resource.get("schema", {}).get("fields", []), own["schema.fields"] or ()):
            if meaning is not None:
                field["description"] = meaning
        for key, titles in titled.items():
            for item, title in zip(resource.get(key, []), titles[resource["name"]][key] or ()):
                item["title"] = title
    return descriptor


def translated_entities(entities: dict, language: str, root: Path = paths.ROOT) -> dict:
    """The register's entities with their names, index forms and notes in ``language``."""
    from dataclasses import replace

    if language == i18n.ORIGINAL:
        return entities
    words = translated("entities", language, root)
    return {i: replace(e, **words[i]) for i, e in entities.items()}


def translated_apparatus(apparatus, language: str, root: Path = paths.ROOT):
    """The apparatus as the pages of ``language`` show it: every translated field in that
    language (the original language's apparatus is returned as it is). The ids, sources,
    dates, the quotations of the articles and everything else stay as they are."""
    from dataclasses import replace

    from edition import i18n

    if language == i18n.ORIGINAL:
        return apparatus
    words = {collection.name: translated(collection.name, language, root) for collection in COLLECTIONS}
    verdicts = tuple({**v, **words["verdicts"][v["id"]]} for v in apparatus.verdicts)
    kinds = tuple({**k, **words["kinds"][k["id"]]} for k in apparatus.kinds)
    verdict_labels = {v["id"]: v["label"] for v in verdicts}
    kind_labels = {k["id"]: k["label"] for k in kinds}
    claims = {}
    for claim_id, claim in apparatus.claims.items():
        own = words["claims"][claim_id]
        finding = tuple(replace(sentence, says=says) for sentence, says in zip(claim.finding, own["finding"]))
        claims[claim_id] = replace(claim, claim=own["claim"], finding=finding, kind_label=kind_labels[claim.kind],
                                   verdict_label=verdict_labels[claim.verdict])
    readings = {i: replace(r, **words["readings"][i]) if i in words["readings"] else r
                for i, r in apparatus.readings.items()}
    categories = tuple({**c, **words["sentence-categories"][c["id"]]} for c in apparatus.categories)
    inventory = {i: replace(s, **words["sentences"][i]) if i in words["sentences"] else s
                 for i, s in apparatus.sentences.items()}
    return replace(
        apparatus,
        entities=translated_entities(apparatus.entities, language, root),
        claims=claims, verdicts=verdicts, kinds=kinds, readings=readings, categories=categories,
        sentences=inventory, corrections=translated_corrections(apparatus.corrections, language, root),
        # the glossary keeps its keys (the articles' words, which {term} links name)
        terms={key: replace(t, english=t.term, **words["glossary"][t.id]) for key, t in apparatus.terms.items()},
        notes={i: replace(n, **words["textual-notes"][i]) for i, n in apparatus.notes.items()})


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
