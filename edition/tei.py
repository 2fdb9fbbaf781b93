"""A TEI P5 document for each text of the edition, built from the data the HTML pages are
made from: the source file as divided by data/texts.yml (edition.sources), the annotations
of the text's chapter (edition.markup), the apparatus (edition.apparatus) and the edition's
metadata (CITATION.cff, through edition.metadata). Nothing here is a second record of the
text or of the notes.

The body holds the source's lines in their order: web-page debris as ``fw``, the title as
``head``, the dateline, the numbered paragraphs and the signature. Names and glossary terms
are elements around the source's words; claim checks and textual notes are a pair of
anchors around the words and a note after the second, so that they may overlap names
freely. Without its notes, each paragraph is its source line, character for character.
The persons, organisations, places, events and glossary terms that the text annotates
are described in the standOff. tests/test_tei.py validates the result against tei_all."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition import apparatus, files, i18n, markup, metadata, paths, sources

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
PROLOGUE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<?xml-model href="{SCHEMA_URL}" type="application/xml" '
            'schematypens="http://relaxng.org/ns/structure/1.0"?>\n')

# The element that wraps a name in the text, by the chapter's role.
NAME_ELEMENTS = {"person": ("persName", {}), "org": ("orgName", {}), "place": ("placeName", {}),
                 "event": ("name", {"type": "event"})}
# The standOff list, the entry and the element of its name, by entity type.
ENTITY_ELEMENTS = {"person": ("listPerson", "person", "persName"),
                   "organisation": ("listOrg", "org", "orgName"),
                   "place": ("listPlace", "place", "placeName"),
                   "event": ("listEvent", "event", "label")}
# What annotation_counts counts in the body, each an XPath step that is also its key.
COUNTED = ("persName", "orgName", "placeName", "name[@type='event']", "term",
           "note[@type='claim']", "note[@type='textual']")
NAMESPACES = {"tei": TEI}
# An NCName, as xml:id requires (ASCII is enough for the edition's ids).
XML_NAME = re.compile(r"[A-Za-z_][\w.-]*", re.ASCII)


class TEIError(Exception):
    """An entity, term, claim or note lacks what its TEI encoding needs; the message
    names the file, the id and the field."""


def _add(parent, tag: str, text: str | None = None, **attributes):
    """A TEI element appended to ``parent`` (or standing alone if parent is None), with
    its text; ``xml_id`` stands for xml:id. lxml escapes every string it is given."""
    attributes = {XML_ID if key == "xml_id" else key: str(value) for key, value in attributes.items()}
    if parent is None:
        element = etree.Element(f"{{{TEI}}}{tag}", attributes, nsmap={None: TEI})
    else:
        element = etree.SubElement(parent, f"{{{TEI}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _append_text(element, text: str) -> None:
    """Add text at the end of an element's content (after its last child, in the child's tail)."""
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _required(value, where: str, field: str, element: str) -> str:
    """A data string the TEI cannot do without, its white space made single."""
    text = " ".join(str(value or "").split())
    if not text:
        raise TEIError(f"{where}: no '{field}' for its TEI {element}")
    return text


# ---- citations ----------------------------------------------------------------------------

def _bibl(parent, key: str, app: apparatus.Apparatus, where: str):
    """A short citation of a references.bib entry, with a pointer to it online where it has a URL."""
    entry = app.bibliography.get(key)
    if entry is None:
        raise TEIError(f"{where}: unknown bibliography key '{key}' (not in references.bib) for its TEI bibl")
    bibl = _add(parent, "bibl", apparatus.short_citation(entry), n=key)
    if entry.fields.get("url"):
        _add(bibl, "ptr", target=entry.fields["url"])
    return bibl


def _cite(parent, keys, app: apparatus.Apparatus, where: str) -> None:
    """Append ' (citation; citation)' to the content of ``parent``."""
    if not keys:
        return
    _append_text(parent, " (")
    for index, key in enumerate(keys):
        if index:
            _append_text(parent, "; ")
        _bibl(parent, key, app, where)
    _append_text(parent, ")")


# ---- the header ----------------------------------------------------------------------------

def _entry_date(key: str, entry) -> tuple[str, str] | None:
    """(W3C date for @when, the date as read) of a bibliography entry, as far as its year,
    month and day go; None if it has no year."""
    parts = apparatus.entry_date_parts(entry)
    if not parts:
        return None
    when = "-".join([str(parts[0]), *(f"{part:02d}" for part in parts[1:])])
    apparatus.partial_date(when, f"references.bib, entry '{key}': its year, month and day")
    return when, apparatus.long_date(parts, i18n.ORIGINAL)  # the TEI header is in English


def _article_authors(text: sources.SourceText, app: apparatus.Apparatus) -> list[str]:
    """The article's authors, from its references.bib entry or else from data/texts.yml."""
    if text.source_key:
        entry = _source_entry(text, app)
        return [apparatus.plain(" ".join(person.first_names + person.middle_names + person.prelast_names
                                         + person.last_names))
                for person in entry.persons.get("author", [])]
    return [text.author]


def _source_entry(text: sources.SourceText, app: apparatus.Apparatus):
    """The text's references.bib entry (its source_key)."""
    entry = app.bibliography.get(text.source_key)
    if entry is None:
        raise TEIError(f"data/texts.yml: text '{text.id}': its 'source_key' '{text.source_key}' is not "
                       "in references.bib (the TEI sourceDesc is built from it)")
    return entry


def _source_description(parent, text: sources.SourceText, app: apparatus.Apparatus, root: Path) -> None:
    """The article as published: from its references.bib entry where it has one, else
    from data/texts.yml; then where the copy came from and how it is dated."""
    bibl = _add(parent, "bibl")
    for author in _article_authors(text, app):
        _add(bibl, "author", author)
    _add(bibl, "title", text.title, level="a")
    if text.source_key:
        entry = _source_entry(text, app)
        if entry.fields.get("journal"):
            _add(bibl, "title", apparatus.plain(entry.fields["journal"]), level="j")
        if entry.fields.get("number"):
            _add(bibl, "biblScope", apparatus.plain(entry.fields["number"]), unit="issue")
        date = _entry_date(text.source_key, entry)
        if date:
            _add(bibl, "date", date[1], when=date[0])
        if entry.fields.get("howpublished"):
            _add(bibl, "note", apparatus.plain(entry.fields["howpublished"]), type="howpublished")
        if entry.fields.get("url"):
            _add(bibl, "ptr", target=entry.fields["url"])
    else:
        _add(bibl, "publisher", text.publication)
        _add(bibl, "date", text.date)
    _add(bibl, "note", text.publication_note, type="publication")
    dating = _add(bibl, "note", type="date")
    _add(dating, "date", text.date)
    _append_text(dating, f": {text.date_basis}")
    _cite(dating, text.date_sources, app, f"data/texts.yml: text '{text.id}', field 'date_sources'")
    copy = _add(bibl, "note", type="copy-text")
    _append_text(copy, "Encoded from the file ")
    _add(copy, "ident", files.relative(text.source_file, root), type="file")
    _append_text(copy, f" (received as {text.received_as}), SHA-256 ")
    _add(copy, "idno", text.sha256, type="SHA-256")
    _append_text(copy, ".")


# The editorialDecl: (element, its attributes, what it says); None: a plain paragraph.
EDITORIAL_DECLARATION = (
    ("correction", {"method": "markup"},
        "Errors of the source are kept as printed and are not corrected in the text. Each is "
        "marked by a note of type textual, anchored to the words concerned, which says what is "
        "amiss and, where there is one, gives the expected form."),
    ("normalization", {},
        "None. No character of the title, dateline, paragraphs or signature is changed, added or "
        "removed: spelling, capitalisation, punctuation, typographic quotation marks, apostrophes "
        "and dashes are those of the source file. Names keep the form printed; the standard form "
        "is given in the entry of the standOff that the name points to."),
    ("segmentation", {},
        "Each non-empty line of the source file that is not the title, the dateline, the signature "
        "or web-page debris is one paragraph. A blank line and a single line break both end a "
        "paragraph. Paragraphs are numbered from 1 in the order of the source: @n gives the number "
        "and @xml:id the anchor of the same paragraph in the online edition (for example lfi-p07), "
        "so that a reference to either leads to the same words."),
    (None, {},
        "Lines of the captured web page that do not belong to the article, such as site "
        "navigation, link labels or a masthead, are kept exactly as received in fw elements of type "
        "debris; @n gives their line in the source file and the editorial note that follows each "
        "says what it is. They are not part of the reading text. Without its note elements, each "
        "paragraph of the body is the line of the source file, character for character."),
    ("interpretation", {},
        "Persons, organisations, places and events are tagged at every occurrence and point to "
        "their entry in the standOff; words of political vocabulary point to a glossary entry. "
        "Each checkable statement lies between two anchors and is followed by a note of type claim "
        "that restates it, says what the cited sources establish and classifies it by kind and by "
        "verdict (the two taxonomies of the classDecl). The notes are the editors' own words. The "
        "editors take no side between the Peruvian state, the MRTA, Shining Path and the authors "
        "of the articles: a verdict weighs what a statement says against the sources cited, not "
        "the politics of whoever made it."),
)


def _taxonomy(parent, taxonomy_id: str, prefix: str, description: str, categories) -> None:
    """A classDecl taxonomy of the claims.yml scale or kinds, which the claim notes' @ana point to."""
    taxonomy = _add(parent, "taxonomy", xml_id=taxonomy_id)
    _add(taxonomy, "desc", description)
    for category in categories:
        where = f"data/claims.yml: {taxonomy_id} '{category['id']}'"
        item = _add(taxonomy, "category", xml_id=f"{prefix}-{category['id']}")
        described = _add(item, "catDesc")
        _add(described, "term", _required(category.get("label"), where, "label", "category"))
        _append_text(described, f": {_required(category.get('meaning'), where, 'meaning', 'category')}")


def _header(text: sources.SourceText, app: apparatus.Apparatus, edition: metadata.EditionMetadata,
            root: Path):
    """Who made the encoding and under what terms, the article it encodes, and how."""
    header = _add(None, "teiHeader")
    described = _add(header, "fileDesc")

    title_statement = _add(described, "titleStmt")
    _add(title_statement, "title", text.title, type="main")
    _add(title_statement, "title", "A TEI encoding of the reading text and its apparatus", type="sub")
    for author in _article_authors(text, app):
        _add(title_statement, "author", author)
    for editor in edition.editors:
        _add(title_statement, "editor", editor)
    responsibility = _add(title_statement, "respStmt")
    _add(responsibility, "resp", "Establishment of the reading text, annotation, claim checks and TEI encoding")
    for editor in edition.editors:
        _add(responsibility, "name", editor)

    edition_statement = _add(_add(described, "editionStmt"), "edition", n=edition.version)
    _add(edition_statement, "title", edition.title)
    _append_text(edition_statement, f", version {edition.version}, released ")
    _add(edition_statement, "date", edition.released, when=edition.released)

    page = text.chapter.relative_to(root).with_suffix("").as_posix()
    publication = _add(described, "publicationStmt")
    _add(_add(publication, "publisher"), "ref", edition.title, target=edition.url)
    _add(publication, "date", edition.released, when=edition.released)
    _add(publication, "idno", edition.page_url(page), type="URL")
    availability = _add(publication, "availability")
    licence = _add(availability, "licence", target=edition.licence_url)
    _append_text(licence, "The editors' contribution (the annotations, notes, claim checks, registers, "
                          f"glossary and this encoding) is published under the licence {edition.licence}.")
    article = _add(availability, "p", "The article itself (its title, dateline, paragraphs and signature, and "
                   "the web-page debris around it) is not under that licence: its rights remain with its "
                   "author and publisher. It is reproduced in full and without change for non-commercial "
                   "scholarly study, criticism and review. The terms are set out in LICENSE-content.md in ")
    _add(article, "ref", "the edition's repository", target=edition.repository)
    _append_text(article, ".")

    _source_description(_add(described, "sourceDesc"), text, app, root)

    encoding = _add(header, "encodingDesc")
    _add(_add(encoding, "projectDesc"), "p", edition.abstract)
    declaration = _add(encoding, "editorialDecl")
    for tag, attributes, prose in EDITORIAL_DECLARATION:
        _add(declaration if tag is None else _add(declaration, tag, **attributes), "p", prose)
    _add(encoding, "geoDecl", "Latitude and longitude in decimal degrees, as data/entities.yml gives them.",
         datum="WGS84")
    classification = _add(encoding, "classDecl")
    _taxonomy(classification, "verdicts", "verdict", "The verdicts of the claim checks.", app.verdicts)
    _taxonomy(classification, "claim-kinds", "kind", "The kinds of checkable statement.", app.kinds)

    languages = _add(_add(header, "profileDesc"), "langUsage")
    _add(languages, "language", "English", ident="en")
    return header


# ---- the body --------------------------------------------------------------------------------

OPEN, CLOSE, START, END = 3, 0, 2, 1  # at one offset: close names, end notes, start notes, open names


@dataclass
class _Uses:
    """What a text's annotations point to: the standOff describes these entities and
    terms, and each claim or textual note of the text must have one place."""
    entities: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)  # glossary keys (lower case)
    notes: Counter = field(default_factory=Counter)  # (role, id)


@dataclass(frozen=True)
class _Span:
    """An element around words of a paragraph (a name or a term)."""
    start: int
    end: int
    element: object
    annotation: markup.Annotation


def _where(annotation: markup.Annotation, chapter: str) -> str:
    return f"{chapter}, line {annotation.line}: ¶{annotation.paragraph}, {{{annotation.role}}}`{annotation.words}`"


def _claim_note(claim: apparatus.Claim, app: apparatus.Apparatus):
    """The claim restated, then the finding, each sentence followed by its sources."""
    where = f"data/claims.yml: claim '{claim.id}'"
    verdicts = [verdict["id"] for verdict in app.verdicts]
    if claim.verdict not in verdicts:
        raise TEIError(f"{where}: its 'verdict' '{claim.verdict}' is not on the scale of 'verdicts' "
                       f"({verdicts}), so its TEI note has no category to point to")
    note = _add(None, "note", type="claim", xml_id=f"claim-{claim.id}", target=f"#claim-start-{claim.id}",
                targetEnd=f"#claim-end-{claim.id}", ana=f"#verdict-{claim.verdict} #kind-{claim.kind}")
    _add(note, "seg", _required(claim.claim, where, "claim", "note"), type="claim")
    _append_text(note, " ")
    finding = _add(note, "seg", type="finding")
    for index, sentence in enumerate(claim.finding):
        _append_text(finding, (" " if index else "") + _required(sentence.says, where, "finding", "note"))
        _cite(finding, sentence.sources, app, where)
    return note


def _textual_note(note: apparatus.TextualNote, app: apparatus.Apparatus):
    """What is amiss in the source's words, and its sources."""
    where = f"data/textual-notes.yml: note '{note.id}'"
    element = _add(None, "note", _required(note.note, where, "note", "note"), type="textual",
                   xml_id=f"textual-{note.id}", target=f"#textual-start-{note.id}",
                   targetEnd=f"#textual-end-{note.id}")
    _cite(element, note.sources, app, where)
    return element


# The notes laid on words between two anchors, by the chapter's role: the prefix of their
# ids, the file of their records, the records in the apparatus and the note's maker.
NOTE_ROLES = {"claim": ("claim", "data/claims.yml", lambda app: app.claims, _claim_note),
              "sic": ("textual", "data/textual-notes.yml", lambda app: app.notes, _textual_note)}


def _paragraph(body, paragraph: sources.Paragraph, marked: markup.MarkedParagraph | None,
               app: apparatus.Apparatus, chapter: str, uses: _Uses) -> None:
    """One numbered paragraph: the source line, with the chapter's annotations laid on it."""
    element = _add(body, "p", n=paragraph.number, xml_id=paragraph.anchor)
    text = paragraph.text
    annotations = marked.annotations if marked else ()
    if marked and marked.plain != text:
        raise TEIError(f"{chapter}, line {marked.line}: ¶{paragraph.number} differs from line {paragraph.line} "
                       "of the source, so its annotations cannot be laid on the source's words")
    spans, points = [], []
    for annotation in annotations:
        where = _where(annotation, chapter)
        start, end = annotation.start, annotation.start + len(annotation.words)
        if start == end:
            raise TEIError(f"{where}: the role wraps no words")
        if annotation.role in NAME_ELEMENTS:
            entity = app.entities.get(annotation.target)
            if entity is None or entity.type != markup.ENTITY_ROLES[annotation.role]:
                raise TEIError(f"{where}: no {markup.ENTITY_ROLES[annotation.role]} '{annotation.target}' "
                               "in data/entities.yml for its TEI @ref")
            tag, attributes = NAME_ELEMENTS[annotation.role]
            spans.append(_Span(start, end, _add(None, tag, ref=f"#{entity.id}", **attributes), annotation))
            uses.entities.add(entity.id)
        elif annotation.role == "term":
            term = app.terms.get(annotation.target.casefold())
            if term is None:
                raise TEIError(f"{where}: no glossary term '{annotation.target}' in data/glossary.yml for its TEI @ref")
            spans.append(_Span(start, end, _add(None, "term", ref=f"#term-{term.id}"), annotation))
            uses.terms.add(term.term.casefold())
        else:
            kind, file, records, make = NOTE_ROLES[annotation.role]
            record = records(app).get(annotation.target)
            if record is None:
                raise TEIError(f"{where}: no '{annotation.target}' in {file} for its TEI note")
            points.append((start, START, [_add(None, "anchor", xml_id=f"{kind}-start-{record.id}")]))
            points.append((end, END, [_add(None, "anchor", xml_id=f"{kind}-end-{record.id}"), make(record, app)]))
            uses.notes[annotation.role, record.id] += 1
    spans.sort(key=lambda span: span.start)
    for before, after in zip(spans, spans[1:]):
        if after.start < before.end:
            raise TEIError(f"{_where(before.annotation, chapter)} and {{{after.annotation.role}}}"
                           f"`{after.annotation.words}` overlap: TEI cannot encode both as elements")
    _lay(element, text, spans, points)


def _lay(paragraph, text: str, spans: list[_Span], points: list) -> None:
    """Write ``text`` into the paragraph element with each span's element around its words and
    each point's elements between two characters."""
    events = [(span.start, OPEN, [span.element]) for span in spans]
    events += [(span.end, CLOSE, []) for span in spans]
    events += points
    events.sort(key=lambda event: (event[0], event[1]))  # stable: points keep the chapter's order
    container, position = paragraph, 0
    for offset, kind, elements in events:
        _append_text(container, text[position:offset])
        position = offset
        if kind == CLOSE:
            container = paragraph
        for element in elements:
            container.append(element)
        if kind == OPEN:
            container = elements[0]
    _append_text(container, text[position:])


def _body(text: sources.SourceText, app: apparatus.Apparatus, root: Path) -> tuple[object, _Uses]:
    """The text's lines in the order of the source; and what its annotations use."""
    chapter = files.relative(text.chapter, root)
    marked = {paragraph.number: paragraph for paragraph in markup.read_chapter(text.chapter)}
    uses = _Uses()
    body = _add(None, "body")
    debris = {item.line: item for item in text.debris}
    paragraphs = {paragraph.line: paragraph for paragraph in text.paragraphs}
    for line in sorted({text.title_line, text.dateline_line, text.signature_line, *debris, *paragraphs} - {None}):
        if line == text.title_line:
            _add(body, "head", text.title)
        elif line == text.dateline_line:
            _add(_add(body, "opener"), "dateline", text.dateline)
        elif line == text.signature_line:
            _add(_add(body, "closer"), "signed", text.signature)
        elif line in debris:
            work = _add(body, "fw", debris[line].text, type="debris", n=line, xml_id=f"{text.id}-debris-{line}")
            _add(body, "note", debris[line].what, type="editorial", target=f"#{work.get(XML_ID)}")
        else:
            paragraph = paragraphs[line]
            _paragraph(body, paragraph, marked.get(paragraph.number), app, chapter, uses)
    for role, (_, file, records, _) in NOTE_ROLES.items():
        for record in records(app).values():
            count = uses.notes[role, record.id]
            if record.text == text.id and count != 1:
                raise TEIError(f"{file}: '{record.id}': marked {count} times in {chapter}, expected once "
                               "(its TEI note needs one place in the text)")
    return body, uses


# ---- the standOff ------------------------------------------------------------------------------

def _entity(parent, entity: apparatus.Entity, app: apparatus.Apparatus) -> None:
    """A person, org, place or event: names, dates, location, identifiers and the editors' note."""
    where = f"data/entities.yml: entity '{entity.id}'"
    _, tag, name_tag = ENTITY_ELEMENTS[entity.type]
    element = _add(parent, tag, xml_id=entity.id)
    _add(element, name_tag, _required(entity.name, where, "name", tag))
    if entity.standard:
        _add(element, name_tag, entity.standard, type="standard")
    for key, value in entity.dates.items():
        value = str(value)
        if entity.type == "event" and key in ("date", "start", "end"):
            element.set({"date": "when", "start": "from", "end": "to"}[key], value)
        elif entity.type == "person" and key in ("born", "died"):
            _add(element, "birth" if key == "born" else "death", when=value)
        elif entity.type in ("organisation", "place") and key in ("founded", "dissolved"):
            _add(_add(element, "event", type=key, when=value), "label", key)
        else:
            raise TEIError(f"{where}: its date 'dates.{key}' has no TEI form for a {entity.type}")
    if entity.coordinates and entity.type != "place":
        raise TEIError(f"{where}: its 'coordinates' have no TEI form for a {entity.type} (only a place has a location)")
    if entity.coordinates:
        _add(_add(element, "location"), "geo", f"{entity.coordinates['lat']} {entity.coordinates['lon']}")
    if entity.wikidata:
        _add(element, "idno", entity.wikidata, type="wikidata")
    if entity.geonames:
        _add(element, "idno", str(entity.geonames), type="geonames")
    note = _add(element, "note", _required(entity.note, where, "note", tag), type="editorial")
    _cite(note, entity.sources, app, where)


def _stand_off(uses: _Uses, app: apparatus.Apparatus):
    """The entities and glossary terms the text annotates (not the whole registers)."""
    stand_off = _add(None, "standOff")
    for entity_type, (list_tag, _, _) in ENTITY_ELEMENTS.items():
        entities = [entity for entity in app.entities_of_type(entity_type) if entity.id in uses.entities]
        if entities:
            listing = _add(stand_off, list_tag)
            for entity in entities:
                _entity(listing, entity, app)
    for key in sorted(uses.terms):
        term = app.terms[key]
        where = f"data/glossary.yml: term '{term.id}'"
        entry = _add(stand_off, "entry", xml_id=f"term-{term.id}", type="glossary")
        _add(_add(entry, "form"), "orth", _required(term.term, where, "term", "entry"))
        definition = _add(_add(entry, "sense"), "def", _required(term.definition, where, "definition", "entry"))
        _cite(definition, term.sources, app, where)
    return stand_off


# ---- the document --------------------------------------------------------------------------------

def _indent(element, depth: int) -> None:
    """Put each child of element-only content on an indented line of its own. Mixed
    content is left as it is, since white space there would be text; so is everything
    inside the body's children (a paragraph that is a single name has no text of its
    own, yet a line break in it would change its words)."""
    children = list(element)
    if not children or element.text is not None or any(child.tail is not None for child in children):
        return
    if etree.QName(element).localname == "body":
        element.text = "\n"
        for child in children:
            child.tail = "\n"
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in children:
        child.tail = "\n" + "  " * (depth + 1)
        _indent(child, depth + 1)
    children[-1].tail = "\n" + "  " * depth


def _check_ids(tree) -> None:
    """Every xml:id is an XML name and used once (ids come from the data files)."""
    seen: dict[str, str] = {}
    for element in tree.iter():
        value = element.get(XML_ID)
        if value is None:
            continue
        tag = etree.QName(element).localname
        if not XML_NAME.fullmatch(value):
            raise TEIError(f"the id '{value}' (of a TEI {tag}) is not an XML name: ids in data/*.yml "
                           "must begin with a letter")
        if value in seen:
            raise TEIError(f"the id '{value}' would be given to two TEI elements ({seen[value]} and {tag}): "
                           "ids of entities, terms, claims and notes must differ")
        seen[value] = tag


def document(text_id: str, root: Path = paths.ROOT) -> str:
    """The TEI P5 document of one text (a UTF-8 XML string)."""
    root = Path(root).resolve()
    texts = {text.id: text for text in sources.load_texts(root)}
    if text_id not in texts:
        raise TEIError(f"data/texts.yml: no text with id '{text_id}' (the texts are {', '.join(texts)})")
    text = texts[text_id]
    app = apparatus.load_apparatus(root)
    edition = metadata.load(root)

    tei = _add(None, "TEI")
    tei.set(XML_LANG, "en")
    tei.append(_header(text, app, edition, root))
    body, uses = _body(text, app, root)
    _add(tei, "text").append(body)
    tei.append(_stand_off(uses, app))
    _check_ids(tei)

    _indent(tei, 0)
    return PROLOGUE + etree.tostring(tei, encoding="unicode") + "\n"


# ---- reading a document back ----------------------------------------------------------------------

def _parse(xml: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(xml.encode("utf-8"), parser)


def _without_notes(element) -> str:
    """The text content of an element, leaving out every note inside it (but not what follows one)."""
    parts = [element.text or ""]
    for child in element:
        if etree.QName(child).localname != "note":
            parts.append(_without_notes(child))
        parts.append(child.tail or "")
    return "".join(parts)


def reading_text(xml: str) -> list[tuple[int, str]]:
    """(paragraph number, text without notes) of each numbered paragraph of the body."""
    tei = _parse(xml)
    return [(int(p.get("n")), _without_notes(p)) for p in tei.iterfind("tei:text/tei:body/tei:p", NAMESPACES)]


def annotation_counts(xml: str) -> dict[str, int]:
    """How many of each annotation element the body holds (keys: COUNTED)."""
    body = _parse(xml).find("tei:text/tei:body", NAMESPACES)
    return {step: len(body.xpath(f".//tei:{step}", namespaces=NAMESPACES)) for step in COUNTED}
