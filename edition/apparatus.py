"""The critical apparatus as data: entities, claim checks, glossary and textual notes
(data/*.yml, each with a JSON Schema in data/schemas/), checked against each other,
against the bibliography and against the annotations in the chapters.

Every error names the file and the id (or item) and says what was expected."""
from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import parse_string
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text

from edition import files, markup, paths, review, sentences, sources
from edition.i18n import N_, translate

ENTITY_TYPES = {"person": "Persons", "organisation": "Organisations", "place": "Places", "event": "Events"}


class ApparatusError(Exception):
    """The apparatus data are inconsistent; the message names file and id."""


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: str
    index: str
    note: str
    sources: tuple[str, ...]
    standard: str | None = None
    forms: tuple[str, ...] = ()
    dates: dict = field(default_factory=dict)
    coordinates: dict | None = None
    geonames: int | None = None
    wikidata: str | None = None
    department: str | None = None


@dataclass(frozen=True)
class FindingSentence:
    """One sentence of a claim's finding, with the sources that bear it out."""
    says: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    paragraph: int
    quote: str
    kind: str
    claim: str
    finding: tuple[FindingSentence, ...]
    verdict: str
    kind_label: str     # from the kinds declared in data/claims.yml
    verdict_label: str  # ... and from its verdicts
    chart: str | None = None  # the figure that draws the claim beside its series

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the finding cites, in the order of first citation."""
        return tuple(dict.fromkeys(key for sentence in self.finding for key in sentence.sources))

    @property
    def finding_text(self) -> str:
        return " ".join(sentence.says for sentence in self.finding)

    @property
    def anchor(self) -> str:
        return sources.paragraph_anchor(self.text, self.paragraph)

    @property
    def words(self) -> str:
        """The words of the paragraph that the chapter marks (as for textual notes)."""
        return self.quote



@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    sources: tuple[str, ...]
    english: str | None = None  # in a translation: the term as the articles use it


@dataclass(frozen=True)
class TextualNote:
    id: str
    text: str
    paragraph: int
    words: str
    note: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Apparatus:
    entities: dict[str, Entity]
    claims: dict[str, Claim]
    verdicts: tuple[dict, ...]
    kinds: tuple[dict, ...]
    terms: dict[str, Term]          # by glossary term, lower case
    notes: dict[str, TextualNote]
    bibliography: dict               # key -> pybtex Entry
    sentences: dict[str, sentences.Sentence]   # the sentence inventory, in reading order
    categories: tuple[dict, ...]     # why a sentence carries no claim
    readings: dict[str, review.Reading]
    corrections: tuple[review.Correction, ...]  # newest first

    @property
    def verdict_labels(self) -> dict[str, str]:
        return {verdict["id"]: verdict["label"] for verdict in self.verdicts}

    def entities_of_type(self, kind: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.type == kind), key=lambda e: e.index.casefold())


def load_yaml(path: Path, root: Path = paths.ROOT):
    try:
        return files.read_yaml(path, root)
    except (files.EncodingError, files.FormatError) as error:
        raise ApparatusError(str(error)) from None


def load_validated(path: Path, root: Path = paths.ROOT) -> dict:
    """A YAML data file, validated against data/schemas/<stem>.schema.json."""
    try:
        return files.read_validated(path, root)
    except (files.EncodingError, files.FormatError) as error:
        raise ApparatusError(str(error)) from None


def _check_unique(items: list[dict], key: str, where: str, fold=lambda value: value) -> None:
    counts = Counter(fold(i[key]) for i in items)
    duplicates = [i[key] for i in items if counts[fold(i[key])] > 1]
    if duplicates:
        how = " (letter case ignored)" if fold is str.casefold else ""
        raise ApparatusError(f"{where}: duplicate {key}{how}: {duplicates}")


# Pairs of dates in an entity's record that must come in this order.
DATE_ORDER = (("born", "died"), ("founded", "dissolved"), ("start", "end"))


def partial_date(value, where: str) -> tuple[int, ...]:
    """A real calendar date written YYYY, YYYY-MM or YYYY-MM-DD, as (year, month, day)."""
    text = str(value)
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    parts = tuple(int(p) for p in match.groups() if p) if match else ()
    try:
        if not parts:
            raise ValueError
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ApparatusError(f"{where}: {text!r} is not a real calendar date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return parts


def check_dates(dates: dict, where: str) -> None:
    parsed = {key: partial_date(value, f"{where}, field 'dates.{key}'") for key, value in dates.items()}
    for first, last in DATE_ORDER:
        if first in parsed and last in parsed:
            shared = min(len(parsed[first]), len(parsed[last]))
            if parsed[first][:shared] > parsed[last][:shared]:
                raise ApparatusError(f"{where}: '{first}' {dates[first]} comes after '{last}' {dates[last]}")


def _check_sources(keys, bibliography: dict, where: str) -> None:
    unknown = [key for key in keys if key not in bibliography]
    if unknown:
        raise ApparatusError(f"{where}: unknown bibliography key(s) {unknown} (not in references.bib)")


ENTRY_START = re.compile(r"^\s*@(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]+)\s*,", re.M)


def load_bibliography(root: Path = paths.ROOT) -> dict:
    """references.bib, key -> pybtex Entry; a repeated key (BibTeX ignores letter case
    in keys) or a syntax error is named with its line."""
    path = root / "references.bib"
    try:
        text = files.read_text(path, root)
    except files.EncodingError as error:
        raise ApparatusError(str(error)) from None
    lines_of: dict[str, list[int]] = {}
    for match in ENTRY_START.finditer(text):
        if match["type"].lower() not in ("comment", "preamble", "string"):
            lines_of.setdefault(match["key"].casefold(), []).append(text.count("\n", 0, match.start("type")) + 1)
    repeated = [f"'{key}' (lines {', '.join(map(str, lines))})" for key, lines in lines_of.items() if len(lines) > 1]
    if repeated:
        raise ApparatusError(f"references.bib: duplicate key{'s' if len(repeated) > 1 else ''} "
                             f"{'; '.join(repeated)}: every entry needs a key of its own")
    return _parsed_bibliography(text)


@lru_cache(maxsize=4)
def _parsed_bibliography(text: str) -> dict:
    """Parsed once per content of references.bib (it is read by many checks and pages)."""
    try:
        return dict(parse_string(text, "bibtex").entries)
    except PybtexError as error:
        raise ApparatusError(f"references.bib: not valid BibTeX: {error}") from None


# What the apparatus is read from (below the book's root).
APPARATUS_INPUTS = ("data/*.yml", "data/schemas/*.json", "data/sources/*", "references.bib")


def load_apparatus(root: Path = paths.ROOT) -> Apparatus:
    """The apparatus, checked. It is loaded once per content of its inputs: the checks, the
    map, the timeline and the pages of one build share it."""
    root = Path(root).resolve()
    digest = hashlib.sha256()
    for pattern in APPARATUS_INPUTS:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return _load_apparatus(root, digest.hexdigest())


@lru_cache(maxsize=4)
def _load_apparatus(root: Path, inputs_digest: str) -> Apparatus:
    data = root / "data"
    bibliography = load_bibliography(root)
    texts = {text.id: text for text in sources.load_texts(root)}

    raw = load_validated(data / "entities.yml", root)["entities"]
    _check_unique(raw, "id", "data/entities.yml")
    entities = {}
    for item in raw:
        _check_sources(item["sources"], bibliography, f"data/entities.yml, id '{item['id']}'")
        check_dates(item.get("dates", {}), f"data/entities.yml, id '{item['id']}'")
        entities[item["id"]] = Entity(**{**item, "sources": tuple(item["sources"]),
                                         "forms": tuple(item.get("forms", ()))})

    document = load_validated(data / "claims.yml", root)
    _check_unique(document["claims"], "id", "data/claims.yml")
    claims = {}
    kind_labels = {kind["id"]: kind["label"] for kind in document["kinds"]}
    verdict_labels = {verdict["id"]: verdict["label"] for verdict in document["verdicts"]}
    declared_kinds = list(kind_labels)
    for item in document["claims"]:
        where = f"data/claims.yml, id '{item['id']}'"
        if item["kind"] not in declared_kinds:
            raise ApparatusError(f"{where}: unknown kind '{item['kind']}' (the kinds are {declared_kinds})")
        if item["verdict"] not in verdict_labels:
            raise ApparatusError(f"{where}: unknown verdict '{item['verdict']}' (the verdicts are {list(verdict_labels)})")
        finding = tuple(FindingSentence(s["says"], tuple(s["sources"])) for s in item["finding"])
        for sentence in finding:
            _check_sources(sentence.sources, bibliography, where)
        _check_words(texts, item, item["quote"], where)
        claims[item["id"]] = Claim(**{**item, "finding": finding, "kind_label": kind_labels[item["kind"]],
                                      "verdict_label": verdict_labels[item["verdict"]]})

    raw = load_validated(data / "glossary.yml", root)["terms"]
    _check_unique(raw, "id", "data/glossary.yml")
    _check_unique(raw, "term", "data/glossary.yml", fold=str.casefold)  # {term} links ignore case
    terms = {}
    for item in raw:
        _check_sources(item["sources"], bibliography, f"data/glossary.yml, id '{item['id']}'")
        terms[item["term"].casefold()] = Term(**{**item, "sources": tuple(item["sources"])})

    raw = load_validated(data / "textual-notes.yml", root)["notes"]
    _check_unique(raw, "id", "data/textual-notes.yml")
    notes = {}
    for item in raw:
        where = f"data/textual-notes.yml, id '{item['id']}'"
        _check_sources(item.get("sources", ()), bibliography, where)
        _check_words(texts, item, item["words"], where)
        notes[item["id"]] = TextualNote(**{**item, "sources": tuple(item.get("sources", ()))})

    verdict_ids = [v["id"] for v in document["verdicts"]]
    inventory = load_validated(data / "sentences.yml", root)
    reviewed = load_validated(data / "second-readings.yml", root)
    logged = load_validated(data / "corrections.yml", root)
    try:
        sentence_inventory = sentences.check_inventory(inventory, texts.values(), claims)
        readings = review.check_readings(reviewed, claims, verdict_ids)
        corrections = review.check_corrections(logged, claims, entities, verdict_labels,
                                               {term.id: term for term in terms.values()})
    except (sentences.InventoryError, review.ReviewError) as error:
        raise ApparatusError(str(error)) from None
    return Apparatus(entities, claims, tuple(document["verdicts"]), tuple(document["kinds"]), terms, notes,
                     bibliography, sentence_inventory, tuple(inventory["categories"]), readings, corrections)


def _check_words(texts: dict, item: dict, words: str, where: str) -> None:
    """The item's text exists, its id begins with the text's id, and its words are in the
    paragraph it names."""
    text_id, number = item["text"], item["paragraph"]
    if text_id not in texts:
        raise ApparatusError(f"{where}: unknown text '{text_id}' (the texts of data/texts.yml are "
                             f"{', '.join(texts)})")
    if not item["id"].startswith(f"{text_id}-"):
        raise ApparatusError(f"{where}: the id must begin with its text's id, '{text_id}-'")
    text = texts[text_id]
    if not 1 <= number <= len(text.paragraphs):
        raise ApparatusError(f"{where}: {text_id} has no paragraph {number}")
    if words not in text.paragraph(number).text:
        raise ApparatusError(f"{where}: the words {words!r} are not in {text_id} ¶{number} as printed")


@cache
def apparatus() -> Apparatus:
    return load_apparatus()


def check_annotations(app: Apparatus, root: Path = paths.ROOT) -> list[str]:
    """Problems with the annotations in the text chapters (empty when all is well)."""
    problems = []
    seen_claims, seen_notes = Counter(), Counter()
    unread = set()  # (text, ¶) whose markup could not be read, or that the chapter lacks
    for text in sources.load_texts(root):
        where = sources.relative(text.chapter, root)
        chapter = markup.read_chapter(text.chapter)
        present = {paragraph.number for paragraph in chapter}
        # a paragraph missing from the chapter is named by the reading-text comparison
        unread |= {(text.id, p.number) for p in text.paragraphs if p.number not in present}
        for paragraph in chapter:
            unclosed = markup.unclosed_roles(paragraph.markup)
            if unclosed:
                problems += [f"{where}, line {paragraph.line}: ¶{paragraph.number}: the role {snippet!r}… is not closed "
                             "(a backtick is missing after its words and target)" for snippet in unclosed]
                unread.add((text.id, paragraph.number))
                continue  # its other annotations cannot be read reliably
            if not 1 <= paragraph.number <= len(text.paragraphs):
                continue  # the comparison of the reading text names the paragraph the source lacks
            for a in paragraph.annotations:
                at = f"{where}, line {a.line}: ¶{a.paragraph}, {{{a.role}}}`{a.words}`"
                if a.role in markup.ENTITY_ROLES:
                    entity = app.entities.get(a.target)
                    if entity is None:
                        problems.append(f"{at}: unknown entity id '{a.target}' (not in data/entities.yml)")
                    elif entity.type != markup.ENTITY_ROLES[a.role]:
                        problems.append(f"{at}: '{a.target}' is a {entity.type}, not a {markup.ENTITY_ROLES[a.role]}")
                elif a.role in ("claim", "sic"):
                    records, seen, kind, file = ((app.claims, seen_claims, "claim", "claims.yml") if a.role == "claim"
                                                 else (app.notes, seen_notes, "textual note", "textual-notes.yml"))
                    seen[a.target] += 1
                    record = records.get(a.target)
                    if record is None:
                        problems.append(f"{at}: unknown {kind} id '{a.target}' (not in data/{file})")
                    elif (record.text, record.paragraph, record.words) != (text.id, a.paragraph, a.words):
                        problems.append(f"{at}: {kind} '{a.target}' is recorded for {record.text} "
                                        f"¶{record.paragraph} with the words {record.words!r}")
                elif a.role == "term" and a.target.casefold() not in app.terms:
                    problems.append(f"{at}: unknown glossary term '{a.target}' (not in data/glossary.yml)")
    for claim_id, claim in app.claims.items():
        if seen_claims[claim_id] != 1 and (claim.text, claim.paragraph) not in unread:
            problems.append(f"data/claims.yml, id '{claim_id}': marked {seen_claims[claim_id]} times in the chapters, expected once")
    for note_id, note in app.notes.items():
        if seen_notes[note_id] != 1 and (note.text, note.paragraph) not in unread:
            problems.append(f"data/textual-notes.yml, id '{note_id}': marked {seen_notes[note_id]} times in the chapters, expected once")
    return problems


def occurrences(root: Path = paths.ROOT) -> dict[str, list[markup.Annotation]]:
    """Target id (entity, claim, note; glossary terms lower-cased) -> its annotations, in order."""
    found: dict[str, list[markup.Annotation]] = {}
    for text in sources.load_texts(root):
        for annotation in markup.chapter_annotations(text.chapter):
            key = annotation.target.casefold() if annotation.role == "term" else annotation.target
            found.setdefault(key, []).append(annotation)
    return found


MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
# (marked for the interface's catalog: the pages translate them where they write a date)
MONTH_NAMES = [N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
               N_("August"), N_("September"), N_("October"), N_("November"), N_("December")]


def long_date(parts, code: str | None = None) -> str:
    """(1997,), (1997, 5) or (1997, 5, 1) as '1997', 'May 1997' or '1 May 1997', in the
    language ``code`` (by default the current one: '1 de mayo de 1997'), whatever the
    machine's locale."""
    if len(parts) == 1:
        return str(parts[0])
    month = translate(MONTH_NAMES[parts[1] - 1], code)
    if len(parts) == 2:
        return translate(N_("{month} {year}"), code).format(month=month, year=parts[0])
    return translate(N_("{day} {month} {year}"), code).format(day=parts[2], month=month, year=parts[0])


def entry_date_parts(entry) -> tuple[int, ...]:
    """(year, month, day) of a bibliography entry, as far as it gives them; () when its
    year is not a number."""
    year = entry.fields.get("year", "")
    if not year.isdigit():
        return ()
    month = MONTHS.get(entry.fields.get("month", "")[:3].lower())
    if not month:
        return (int(year),)
    day = entry.fields.get("day", "")
    return (int(year), month, int(day)) if day.isdigit() else (int(year), month)


@lru_cache(maxsize=None)
def plain(latex: str) -> str:
    """BibTeX field text without LaTeX markup: {\\'o} -> ó, braces dropped. Kept once per
    string: pybtex looks its text backend up among every installed package's entry points
    at each rendering, which cost a whole build half its time."""
    return Text.from_latex(latex).render(PlainText())


def short_citation(entry) -> str:
    """A short label for a bibliography entry, e.g. 'CVR 2003', 'Greenaway, 1 May 1997'
    or, without a date, 'Wikipedia contributors, “Gonzalo Thought”'."""
    if "shortauthor" in entry.fields:
        author = plain(entry.fields["shortauthor"])
    else:
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [plain(" ".join(p.last_names)) for p in people]
        author = (names[0] if len(names) == 1 else translate(N_("{first} and {second}")).format(
                      first=names[0], second=names[1]) if len(names) == 2
                  else f"{names[0]} et al." if names else plain(entry.fields.get("journal", "")))
    year = entry.fields.get("year")
    if "volume" in entry.fields and entry.type == "incollection":
        year = f"{year}, vol. {entry.fields['volume']}"
    if not year:
        return f"{author}, “{plain(entry.fields['title'])}”"
    parts = entry_date_parts(entry)
    if len(parts) > 1:
        return f"{author}, {long_date(parts)}"
    return f"{author} {year}"
