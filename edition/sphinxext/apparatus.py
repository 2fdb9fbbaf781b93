"""Sphinx side of the critical apparatus.

Roles in the text chapters (see ``edition.markup``) become:
- entities: in HTML a link to the register entry with a hover/focus preview of the
  note; in the PDF a footnote at the first occurrence in each chapter; an index entry
  at every occurrence;
- claims and textual notes: the words stay as printed, followed by a numbered note
  (a sidenote in HTML, a footnote in the PDF), styled apart from entity notes.
Directives generate the registers, the claims table, the textual notes and the
glossary from data/*.yml."""
from __future__ import annotations

import json
import re
import unicodedata
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition import apparatus as data
from edition import i18n, markup, render, sources, translations
from edition.i18n import N_, _, translate
from edition.sphinxext.generated import parse_generated

logger = logging.getLogger(__name__)
CLAIMS_DOC = "chapters/claims-checked"


# ---- nodes and roles ---------------------------------------------------------------------

class entity_mark(nodes.Inline, nodes.TextElement):
    """Words of the source that name an entity."""


class note_mark(nodes.Inline, nodes.TextElement):
    """Words of the source that carry a claim check or a textual note."""


def _placed(node, inliner, lineno):
    """The node with its source and line, so that a warning about it names its true line."""
    node.source, node.line = inliner.document.current_source, lineno
    return node


def entity_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    words, target = markup.split_role(text)
    return [_placed(entity_mark(rawtext, words, entity=target, role=name), inliner, lineno)], []


class map_link(nodes.Inline, nodes.Element):
    """A link to a place on the interactive map: HTML only, and only if a map shows it."""


def map_link_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{edition-map-link}`juanjui```: the register's "Show on the map"."""
    return [_placed(map_link(rawtext, place=text.strip()), inliner, lineno)], []


def note_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    words, target = markup.split_role(text)
    return [_placed(note_mark(rawtext, words, target=target, kind=name), inliner, lineno)], []


def citation_labels(app_data: data.Apparatus, keys) -> str:
    return "; ".join(data.short_citation(app_data.bibliography[key]) for key in keys)


class ResolveAnnotations(SphinxTransform):
    """Attach notes, index entries, links and numbers to the annotation nodes."""

    default_priority = 840  # before SphinxDomains (850), which collects the index entries

    def apply(self, **kwargs) -> None:
        app_data = self.app.edition_apparatus
        seen, number, occurrences = set(), 0, {}
        for node in list(self.document.findall(lambda n: isinstance(n, (entity_mark, note_mark)))):
            if isinstance(node, entity_mark):
                entity = app_data.entities.get(node["entity"])
                if entity is None:
                    logger.warning("unknown entity id '%s' (not in data/entities.yml)", node["entity"],
                                   location=node)
                    continue
                if entity.type != markup.ENTITY_ROLES[node["role"]]:
                    logger.warning("'%s' is a %s, not a %s", entity.id, entity.type,
                                   markup.ENTITY_ROLES[node["role"]], location=node)
                node["first"] = entity.id not in seen
                seen.add(entity.id)
                node["type"] = entity.type
                node["name"] = entity.name
                node["note"] = entity.note
                node["cites"] = citation_labels(app_data, entity.sources)
                # an index entry at every occurrence, pointing at the words themselves (the
                # search shows the text of the element an entry points to: not an empty one),
                # with an id that stays while other names are added: the entity's and its count
                occurrences[entity.id] = occurrences.get(entity.id, 0) + 1
                target_id = f"occ-{entity.id}-{occurrences[entity.id]}"
                node["ids"].append(target_id)
                self.document.ids[target_id] = node
                index = addnodes.index(entries=[("single", entity.index, target_id, "", None)])
                node.parent.insert(node.parent.index(node), index)
                link = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=f"ent-{entity.id}",
                                             refexplicit=True, refwarn=True, refdoc=self.env.docname)
                link += nodes.inline(node.astext(), node.astext(), classes=["entity-name"])
                node.children = [link]
                link.parent = node
            else:
                kind, target = node["kind"], node["target"]
                record = (app_data.claims if kind == "claim" else app_data.notes).get(target)
                if record is None:
                    logger.warning("unknown %s id '%s'", "claim" if kind == "claim" else "textual note", target,
                                   location=node)
                    continue
                number += 1
                node["number"] = number
                if kind == "claim":
                    node["verdict"] = record.verdict
                    node["verdict_label"] = record.verdict_label
                    node["heading"] = _("Claim check ({kind}): {verdict}.").format(kind=record.kind_label,
                                                                                    verdict=record.verdict_label)
                    # each sentence of the finding followed by its own sources
                    node["parts"] = [(s.says, citation_labels(app_data, s.sources)) for s in record.finding]
                else:
                    node["verdict"] = "sic"
                    node["verdict_label"] = "sic"
                    node["heading"] = "Sic."
                    node["parts"] = [(record.note, citation_labels(app_data, record.sources))]


# ---- HTML ---------------------------------------------------------------------------------

def visit_entity_html(self, node):
    anchor = f' id="{node["ids"][0]}"' if node["ids"] else ""
    self.body.append(f'<span{anchor} class="note-wrap entity-wrap entity-{node.get("type", "unknown")}">')


def depart_entity_html(self, node):
    if "note" in node:
        cites = f' <span class="note-sources">({render.html(node["cites"])})</span>' if node["cites"] else ""
        on_map = map_link_html(self, node["entity"]) if node["type"] == "place" else ""
        self.body.append(
            f'<span class="note-tip entity-tip edition-note" role="tooltip"><strong>{render.html(node["name"])}.</strong> '
            f'{render.html(node["note"])}{cites}{on_map}</span>')
    self.body.append("</span>")


def visit_map_link_html(self, node):
    self.body.append(map_link_html(self, node["place"]))
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def visit_note_html(self, node):
    self.body.append(f'<span class="edition-annotated annotated-{node.get("verdict", "unknown")}">')


def depart_note_html(self, node):
    """The words stay as printed; a numbered marker follows, which links to the full
    record and shows the note on hover or keyboard focus."""
    self.body.append("</span>")
    if "number" not in node:
        return
    number, verdict = node["number"], node["verdict"]
    body = " ".join(render.html(text) + (f' <span class="note-sources">({render.html(cites)})</span>' if cites else "")
                    for text, cites in node["parts"])
    if node["kind"] == "claim":
        uri = self.builder.get_relative_uri(self.builder.current_docname, CLAIMS_DOC) + f'#claim-{node["target"]}'
        label, kind = _("Claim check {number}: {verdict}").format(number=number, verdict=node["verdict_label"]), "claim"
    else:
        uri, label, kind = "#textual-notes", _("Textual note {number}: sic").format(number=number), "textual"
    self.body.append(
        f'<span class="note-wrap {kind}-wrap"><a class="note-marker {kind}-marker verdict-{verdict} edition-note" href="{uri}" '
        f'aria-label="{escape(label)}"><sup>{number}</sup></a>'
        f'<span class="note-tip {kind}-note verdict-{verdict} edition-note" role="tooltip">'
        f'<strong>{render.html(node["heading"])}</strong> {body}</span></span>')


# ---- LaTeX --------------------------------------------------------------------------------

def depart_entity_latex(self, node):
    if node.get("first"):
        cites = f" ({self.encode(node['cites'])})" if node["cites"] else ""
        self.body.append(r"\footnote{\textbf{%s.} %s%s}" % (self.encode(render.one_line(node["name"])),
                                                            self.encode(render.one_line(node["note"])), cites))


def depart_note_latex(self, node):
    if "number" in node:
        body = " ".join(self.encode(render.one_line(text)) + (f" ({self.encode(cites)})" if cites else "")
                        for text, cites in node["parts"])
        mark = r"\edclaimmark" if node["kind"] == "claim" else ""
        self.body.append(r"\footnote{%s\textbf{%s} %s}" % (mark, self.encode(node["heading"]), body))


LATEX_PREAMBLE = r"""
% Claim checks are footnotes that open with a small square, apart from entity notes.
\newcommand{\edclaimmark}{\raisebox{0.1ex}{\scriptsize$\blacksquare$}\,}
% The texts carry many notes per paragraph: let long footnotes run on to the next page
% rather than overfill this one.
\interfootnotelinepenalty=0
"""


def visit_plain(self, node):
    """Nothing around the words: the children render as they are."""


depart_plain = visit_plain


# ---- generated pages ----------------------------------------------------------------------

class GeneratedPage(SphinxDirective):
    """A directive that writes MyST from the apparatus data and parses it in place."""

    optional_arguments = 1

    def lines(self, app_data: data.Apparatus) -> list[str]:
        raise NotImplementedError

    def run(self):
        root = Path(self.env.srcdir)
        for name in ("entities.yml", "claims.yml", "glossary.yml", "textual-notes.yml", "sentences.yml",
                     "second-readings.yml", "corrections.yml"):
            self.env.note_dependency(str(root / "data" / name))
        for text in self.env.app.edition_texts.values():
            self.env.note_dependency(str(text.chapter))
        return parse_generated(self, self.lines(self.env.app.edition_apparatus))


def paragraph_links(annotations, texts) -> str:
    """'LFI 1997 ¶3, ¶7; Weekly Worker 1997 ¶2' with each ¶ a link."""
    by_text: dict[str, list[int]] = {}
    for a in annotations:
        numbers = by_text.setdefault(a.text_id, [])
        if a.paragraph not in numbers:
            numbers.append(a.paragraph)
    return "; ".join(
        f"{render.myst(texts[text_id].short_title)} " + ", ".join(f"{{ref}}`¶{n} <{sources.paragraph_anchor(text_id, n)}>`" for n in numbers)
        for text_id, numbers in by_text.items())


def format_dates(dates: dict) -> str:
    labels = {"born": _("born {date}"), "died": _("died {date}"), "founded": _("founded {date}"),
              "dissolved": _("dissolved {date}"), "date": "{date}", "start": _("from {date}"), "end": _("to {date}")}
    return ", ".join(labels[k].format(date=v).strip() for k, v in dates.items())


class Register(GeneratedPage):
    """``{edition-register} person``: every entity of one type, with back-links."""

    required_arguments = 1

    def lines(self, app_data):
        kind = self.arguments[0]
        if kind not in data.ENTITY_TYPES:
            raise self.error(f"unknown register {kind!r}; expected one of {sorted(data.ENTITY_TYPES)}")
        found = data.occurrences(Path(self.env.srcdir))
        texts = self.env.app.edition_texts
        out = []
        for entity in app_data.entities_of_type(kind):
            facts = []
            if entity.standard:
                facts.append(_("Standard form: {form}").format(form=render.myst(entity.standard)))
            if entity.forms:
                facts.append(_("Written in the texts as: {forms}").format(
                    forms=", ".join(f"“{render.myst_original(form)}”" for form in entity.forms)))
            if entity.dates:
                facts.append(_("Dates: {dates}").format(dates=format_dates(entity.dates)))
            if entity.coordinates:
                c = entity.coordinates
                # the map shows every place with coordinates: "Show on the map" (HTML only)
                facts.append(_("Coordinates: {lat}, {lon} ({source})").format(
                    lat=f"{c['lat']:.4f}", lon=f"{c['lon']:.4f}", source=render.myst(c['source']))
                    + f" {{edition-map-link}}`{entity.id}`")
            ids = []
            if entity.wikidata:
                ids.append(f"Wikidata [{entity.wikidata}](https://www.wikidata.org/wiki/{entity.wikidata})")
            if entity.geonames:
                ids.append(f"GeoNames [{entity.geonames}](https://www.geonames.org/{entity.geonames})")
            if ids:
                facts.append(_("Authority ids: {ids}").format(ids=", ".join(ids)))
            where = paragraph_links(found.get(entity.id, []), texts) or _("named in the notes only")
            out += [f"(ent-{entity.id})=", render.myst(entity.name), f": {render.myst(entity.note)}", ""]
            for fact in facts:
                out += [f"  {fact}", ""]
            out += ["  " + _("Occurs in: {where}").format(where=where), "",
                    "  " + _("Sources: {citations}").format(citations=f"{{cite:p}}`{','.join(entity.sources)}`"), ""]
        return out


def cited(sentences) -> str:
    """Finding sentences, each followed by its own citations."""
    return " ".join(f"{render.myst(s.says)} {{cite:p}}`{','.join(s.sources)}`" for s in sentences)


def reading_summary(reading, labels: dict) -> str:
    if reading.agreed:
        return _("*Second reading:* {second}, reached independently; the readings agree.").format(
            second=render.myst(labels[reading.second]))
    return _("*Second reading:* {second} ({second_reason}) The first reading was {first}. *Settled:* "
             "{resolution}: {resolution_reason}").format(
        second=render.myst(labels[reading.second]), second_reason=render.myst(reading.second_reason),
        first=render.myst(labels[reading.first]), resolution=render.myst(labels[reading.resolution]),
        resolution_reason=render.myst(reading.resolution_reason))


def count_row(label: str, meaning: str, claims, texts) -> list[str]:
    counts = [sum(c.text == text_id for c in claims) for text_id in texts]
    return [f"* - {render.myst(label)}", f"  - {render.myst(meaning)}", *[f"  - {n}" for n in counts], f"  - {len(claims)}"]


def claims_filter(texts: dict, app_data) -> list[str]:
    """The claims page's filter: a form, hidden until its script runs (without JavaScript the
    table is whole), with a choice of text, verdict and kind."""
    every = render.html(_("any"))  # "Verdict: any" (the other "all" counts sentences)

    def choice(name: str, label: str, options) -> str:
        items = "".join(f'<option value="{render.html(value)}">{render.html(text)}</option>' for value, text in options)
        return (f'<label>{render.html(label)} <select name="{name}"><option value="">{every}</option>{items}'
                '</select></label>')
    # the count the script writes, in the page's language (edition-claims-filter.js)
    shown = render.html(_("{shown} of {total} claims shown"))
    return ['<form class="edition-claims-filter" hidden aria-label="' + render.html(_("Show only some claims")) + '">',
            choice("text", _("Text"), [(t.id, t.short_title) for t in texts.values()]),
            choice("verdict", _("Verdict"), [(v["id"], v["label"]) for v in app_data.verdicts]),
            choice("kind", _("Kind"), [(k["id"], k["label"]) for k in app_data.kinds]),
            f'<output aria-live="polite" data-shown="{shown}"></output>',
            '</form>']


class ClaimsTable(GeneratedPage):
    """``{edition-claims}``: every claim, grouped by verdict, linked to its paragraph, with
    its kind, its finding sentence by sentence and the two readings of its verdict."""

    def lines(self, app_data):
        texts = self.env.app.edition_texts
        claims = list(app_data.claims.values())
        labels = {v["id"]: v["label"] for v in app_data.verdicts}
        header = ["* - ", "  - " + _("Meaning"), *[f"  - {render.myst(t.short_title)}" for t in texts.values()],
                  "  - " + _("All")]
        widths = " ".join(["18", "46"] + ["12"] * len(texts) + ["12"])
        out = ["```{list-table} " + _("Claims by verdict and text"), ":header-rows: 1", f":widths: {widths}", "",
               "* - " + _("Verdict"), *header[1:]]
        for verdict in app_data.verdicts:
            out += count_row(verdict["label"], verdict["meaning"], [c for c in claims if c.verdict == verdict["id"]], texts)
        out += ["```", "", "```{list-table} " + _("Claims by kind and text"), ":header-rows: 1", f":widths: {widths}", "",
                "* - " + _("Kind"), *header[1:]]
        for kind in app_data.kinds:
            out += count_row(kind["label"], kind["meaning"], [c for c in claims if c.kind == kind["id"]], texts)
        agreed = sum(r.agreed for r in app_data.readings.values())
        out += ["```", "", "```{raw} html", *claims_filter(texts, app_data), "```", "",
                _("Every verdict was read twice: a second reader judged each claim from the sentence, the claim and "
                  "the sources without seeing the first verdict. The two readings agreed on {agreed} of {total} "
                  "claims; where they differed, the table gives both and the verdict settled on, with its reason. "
                  "Verdicts changed since the first edition are listed, with the old and new wording, in "
                  "{corrections}.").format(agreed=agreed, total=len(app_data.readings),
                                           corrections="{doc}`corrections`"), ""]
        for verdict in app_data.verdicts:
            group = sorted((c for c in claims if c.verdict == verdict["id"]), key=lambda c: (c.text, c.paragraph))
            if not group:
                continue
            out += [f"## {render.myst(verdict['label'].capitalize())} ({len(group)})", "", render.myst(verdict["meaning"]), "",
                    "```{list-table}", ":header-rows: 1", ":widths: 14 26 60", ":class: longtable", "",
                    "* - " + _("Where"), "  - " + _("The article says"), "  - " + _("What the sources establish")]
            for claim in group:
                # the classes tell the filter (edition-claims-filter.js) the row's text, verdict and kind
                where = (f"[{render.myst(texts[claim.text].short_title)}]"
                         f"{{.claim-row .text-{claim.text} .verdict-{claim.verdict} .kind-{claim.kind}}}")
                out += [f"* - {where}, {{ref}}`¶{claim.paragraph} <{claim.anchor}>`",
                        f"  - (claim-{claim.id})=", f"    “{render.myst_original(claim.quote)}”: {render.myst(claim.claim)}", "",
                        "    " + _("*Kind:* {kind}.").format(kind=render.myst(claim.kind_label)),
                        f"  - {cited(claim.finding)}", "",
                        f"    {reading_summary(app_data.readings[claim.id], labels)}"]
            out += ["```", ""]
        return out


class SentenceInventory(GeneratedPage):
    """``{edition-sentence-inventory}``: how many sentences each text has, how many carry
    claims, and every sentence classified as not checkable, with its category and reason."""

    def lines(self, app_data):
        texts = self.env.app.edition_texts
        categories = {c["id"]: c for c in app_data.categories}
        sentences = list(app_data.sentences.values())
        widths = " ".join(["40"] + ["20"] * (len(texts) + 1))
        out = ["```{list-table} " + _("Sentences of the reading texts"), ":header-rows: 1", f":widths: {widths}", "",
               "* - " + _("Sentences"), *[f"  - {render.myst(t.short_title)}" for t in texts.values()], "  - " + _("All")]
        rows = [(_("all"), lambda s: True), (_("carrying one or more claim checks"), lambda s: bool(s.claims))]
        rows += [(_("not checkable: {category}").format(category=render.myst(c["label"])),
                  lambda s, c=c: s.category == c["id"]) for c in app_data.categories]
        for label, test in rows:
            counts = [sum(1 for s in sentences if s.text_id == t and test(s)) for t in texts]
            out += [f"* - {label}", *[f"  - {n}" for n in counts], f"  - {sum(counts)}"]
        out += ["```", "", _("The categories of sentence that carry no checkable statement:"), ""]
        for c in app_data.categories:
            out += [render.myst(c['label'].capitalize()), f": {render.myst(c['meaning'])}", ""]
        out += ["```{list-table} " + _("Sentences not checked, with the reason"), ":header-rows: 1",
                ":widths: 14 46 14 26", ":class: longtable", "", "* - " + _("Where"), "  - " + _("Sentence"),
                "  - " + _("Category"), "  - " + _("Reason")]
        for s in sentences:
            if s.category:
                out += [f"* - {render.myst(texts[s.text_id].short_title)}, {{ref}}`¶{s.paragraph} <{sources.paragraph_anchor(s.text_id, s.paragraph)}>`",
                        f"  - “{render.myst_original(s.text)}”", f"  - {render.myst(categories[s.category]['label'])}",
                        f"  - {render.myst(s.reason)}"]
        out.append("```")
        return out


class Corrections(GeneratedPage):
    """``{edition-corrections}``: every changed verdict and corrected note, newest first."""

    def lines(self, app_data):
        if not app_data.corrections:
            return [_("No verdict or note has been changed since the first edition.")]
        out = ["```{list-table}", ":header-rows: 1", ":widths: 11 17 24 24 24", ":class: longtable", "",
               "* - " + _("Date"), "  - " + _("Changed"), "  - " + _("Before"), "  - " + _("Now"), "  - " + _("Why")]
        for c in app_data.corrections:
            if c.target == "claim":
                claim = app_data.claims[c.id]
                where = (f"{{ref}}`{c.id} <claim-{c.id}>` ({render.myst(self.env.app.edition_texts[claim.text].short_title)} "
                         f"{{ref}}`¶{claim.paragraph} <{claim.anchor}>`): {render.myst(c.what)}")
            elif c.target == "term":
                term = next(t for t in app_data.terms.values() if t.id == c.id)
                where = f"{{term}}`{term.term}`: {render.myst(c.what)}"
            else:
                where = f"[{render.myst(app_data.entities[c.id].name)}](#ent-{c.id}): {render.myst(c.what)}"
            out += [f"* - {c.date}", f"  - {where}", f"  - {render.myst(c.old)}", f"  - {render.myst(c.new)}",
                    f"  - {render.myst(c.reason)}"]
        out.append("```")
        return out


class TextualNotes(GeneratedPage):
    """``{edition-textual-notes} <text>``: the errors of one source that the text marks *sic*."""

    required_arguments = 1

    def lines(self, app_data):
        notes = sorted((n for n in app_data.notes.values() if n.text == self.arguments[0]), key=lambda n: n.paragraph)
        if not notes:
            return [_("No errors of the source have been marked in this text.")]
        out = [_("Errors of the source are kept in the reading text and marked with a note (*sic*); "
                 "nothing is corrected in place."), ""]
        for note in notes:
            cites = f" {{cite:p}}`{','.join(note.sources)}`" if note.sources else ""
            out.append(f"- {{ref}}`¶{note.paragraph} <{sources.paragraph_anchor(note.text, note.paragraph)}>`, "
                       f"“{render.myst_original(note.words)}”: {render.myst(note.note)}{cites}")
        return out


class Glossary(GeneratedPage):
    """``{edition-glossary}``: a Sphinx glossary from data/glossary.yml, linked with {term}."""

    def lines(self, app_data):
        found = data.occurrences(Path(self.env.srcdir))
        texts = self.env.app.edition_texts
        out = ["```{glossary}", ":sorted:", ""]
        for key, term in app_data.terms.items():
            where = paragraph_links(found.get(key, []), texts)
            # a translated entry is found under the articles' word too, which {term} links name
            headings = [render.myst(term.term)] + (
                [render.myst_original(term.english)] if term.english and term.english != term.term else [])
            out += [*headings, f"  {render.myst(term.definition)} {{cite:p}}`{','.join(term.sources)}`"]
            if where:
                out += ["", "  " + _("In the texts: {where}").format(where=where)]
            out.append("")
        out += ["```"]
        return out


def format_event_date(event) -> str:
    parts = tuple(int(p) for p in event.date.split("-"))
    return data.long_date(parts[:{"year": 1, "month": 2}.get(event.precision, 3)])


class TimelineTable(GeneratedPage):
    """``{edition-timeline}``: the events of data/timeline.csv as a table, with links to
    the paragraphs that mention them and to the claim checks of the articles' own dates."""

    def lines(self, app_data):
        from edition import timeline

        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / "data" / "timeline.csv"))
        try:
            events = timeline.load(root)
        except timeline.TimelineError as error:
            raise self.error(str(error)) from None
        texts = self.env.app.edition_texts
        out = ["```{list-table} " + _("Events of the conflict and the siege"), ":header-rows: 1",
               ":widths: 15 50 17 18", ":class: longtable", "",
               "* - " + _("Date"), "  - " + _("Event"), "  - " + _("In the texts"), "  - " + _("Sources")]
        for event in events:
            where = "; ".join(
                f"{render.myst(texts[a.split('-p')[0]].short_title)} {{ref}}`¶{int(a.split('-p')[1])} <{a}>`" for a in event.paragraphs)
            if event.claim:
                claim = app_data.claims[event.claim]
                where += " " + _("(claim check: {verdict})").format(
                    verdict=f"[{render.myst(claim.verdict_label)}](#claim-{claim.id})")
            out += [f"* - {format_event_date(event)}",
                    f"  - **{render.myst(event.label)}.** {render.myst(event.description)}",
                    f"  - {where or '–'}",
                    f"  - {{cite:p}}`{','.join(event.sources)}`"]
        out.append("```")
        return out


# A Table Schema constraint as the Data page states it, in the page's language (a value is
# data, written as it is).
CONSTRAINTS = {"required": N_("required"), "unique": N_("unique"), "enum": N_("one of: {value}"),
               "minimum": N_("at least {value}"), "maximum": N_("at most {value}"),
               "minLength": N_("at least {value} characters"), "maxLength": N_("at most {value} characters"),
               "pattern": N_("matching the pattern {value}")}


def constraint_text(keyword: str, value) -> str:
    """A field's constraint (``keyword: value`` of its Table Schema) as MyST text."""
    if keyword not in CONSTRAINTS:
        return render.myst(f"{keyword}: {json.dumps(value, ensure_ascii=False)}")
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return render.myst(translate(CONSTRAINTS[keyword]).format(value=shown))


class DataPackage(GeneratedPage):
    """``{edition-datapackage}``: every resource of data/datapackage.json, with its
    provenance, licence and (for tables) its fields."""

    def lines(self, app_data):
        from edition import data

        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / "data" / "datapackage.json"))
        out = []
        for resource in translations.translated_descriptor(data.descriptor(root), i18n.language(), root)["resources"]:
            out += [f"## {render.myst(resource['title'])}", "",
                    f"{render.myst_code('data/' + resource['path'])} ({render.myst(resource['format'])}). "
                    f"{render.myst(resource['description'])}", ""]
            for source in resource.get("sources", []):
                try:
                    link = f" <{render.url(source['path'])}>" if "path" in source else ""
                except render.UnsafeURL as error:
                    raise self.error(f"data/datapackage.json, resource '{resource['name']}': {error}") from None
                out.append("- " + _("Source: {source}").format(source=render.myst(source["title"]) + link))
            for licence in resource.get("licenses", []):
                out.append("- " + _("Licence: {licence} ({name})").format(
                    licence=render.myst(licence.get("title", licence["name"])), name=render.myst(licence["name"])))
            if "hash" in resource:
                out.append("- " + _("Integrity: {digest}…").format(digest=render.myst_code(resource["hash"][:23])))
            if "jsonschema" in resource:
                out.append("- " + _("Schema: {schema} (JSON Schema)").format(
                    schema=render.myst_code("data/" + resource["jsonschema"])))
            out.append("")
            schema = resource.get("schema")
            if schema:
                out += ["```{list-table}", ":header-rows: 1", ":widths: 16 10 40 34", ":class: longtable", "",
                        "* - " + _("Field"), "  - " + _("Type"), "  - " + _("Meaning"), "  - " + _("Constraints")]
                for field in schema["fields"]:
                    constraints = "; ".join(constraint_text(k, v) for k, v in field.get("constraints", {}).items()
                                            if v is not False)
                    meaning = field.get("description", field.get("title", ""))
                    if "unit" in field:
                        meaning += " " + _("(unit: {unit})").format(unit=field["unit"])
                    out += [f"* - {render.myst_code(field['name'])}", f"  - {render.myst(field['type'])}",
                            f"  - {render.myst(meaning) or '–'}", f"  - {constraints or '–'}"]
                keys = ", ".join(render.myst_code(k) for k in schema.get("primaryKey", []))
                out += ["```", "", _("Primary key: {keys}.").format(keys=keys), ""]
        return out


MAP_LAYERS_SCRIPT = "edition-map-layers.js"
# What the map's script (edition-map.js) loads when the map comes into view: paths in _static.
MAP_ASSETS = {"data-layers": MAP_LAYERS_SCRIPT, "data-leaflet-script": "vendor/leaflet/leaflet.js",
              "data-leaflet-style": "vendor/leaflet/leaflet.css", "data-map-script": "edition-map-draw.js",
              "data-map-style": "edition-map.css"}
MAP_ZONE_ID = "zone-{}"  # a zone's item in the map's list (a place's item has the entity's id)


def _sort_key(name: str) -> str:
    """Alphabetical order that files "Á" with "A"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def map_index_html(places, zones, actors: dict[str, str]) -> str:
    """The list beside the interactive map: every place with its department and note, and
    every zone with its description, each with a button that shows it on the map (hidden
    until the map's script runs). A place's item has the entity's id, so that
    ``map.html#juanjui`` lands on it without JavaScript (and with it opens the map there)."""
    def item(item_id: str, name: str, where: str, note: str, target: str) -> str:
        show = render.html(_("Show {name} on the map")).format(name=render.html(name))
        return (f'<li id="{escape(item_id)}" class="edition-map-item"><strong>{render.html(name)}</strong>, '
                f'{render.html(where)}. {render.html(note)} '
                f'<button type="button" class="edition-map-show" {target} hidden>'
                f'{show}</button></li>')
    from edition.geo import department_name

    place_items = [item(p.id, p.name, department_name(p.department), p.note, f'data-place="{escape(p.id)}"')
                   for p in sorted(places, key=lambda p: _sort_key(p.name))]
    zone_items = [item(MAP_ZONE_ID.format(z.id), z.name, actors[z.actor], z.description, f'data-zone="{escape(z.id)}"')
                  for z in sorted(zones, key=lambda z: _sort_key(z.name))]
    # focusable, so that a keyboard can scroll the list where it scrolls beside the map
    places_heading, zones_heading = render.html(_("Places on the map")), render.html(_("Zones on the map"))
    return ('<section class="edition-map-index" aria-labelledby="edition-map-places" tabindex="0">\n'
            f'<h3 id="edition-map-places">{places_heading}</h3>\n'
            f'<ul class="edition-map-list">\n{chr(10).join(place_items)}\n</ul>\n'
            f'<h3 id="edition-map-zones">{zones_heading}</h3>\n'
            f'<ul class="edition-map-list">\n{chr(10).join(zone_items)}\n</ul>\n</section>')


def map_words_html() -> str:
    """The words the map's script writes (edition-map-draw.js), in the page's language, as
    data attributes of the map's element: the legend's name, and the titles of Leaflet's
    zoom buttons and layer control."""
    words = {"data-legend-label": _("Legend of the map"), "data-zoom-in": _("Zoom in"),
             "data-zoom-out": _("Zoom out"), "data-layers-label": _("Layers")}
    return "".join(f' {name}="{render.html(text)}"' for name, text in words.items())


def html_ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]*)"', html)


class InteractiveMap(SphinxDirective):
    """``{edition-interactive-map}``: a Leaflet map drawn from the map's layers (HTML only;
    the PDF has the static map), beside a list of its places and zones that works without
    JavaScript. The layers, as GeoJSON, travel in a script of their own
    (``_static/edition-map-layers.js``), not in the page; the map's script loads them and
    Leaflet only when the map comes into view (or the address names a place), so that the
    page's first paint does not wait for them; a script also works when the book is opened
    from disk, where a fetched JSON file would not load."""

    def run(self):
        from edition import geo

        root = Path(self.env.srcdir)
        for name in ("peru-departments.geojson", "zones.csv", "huallaga-schematic.csv", "entities.yml",
                     "editorial-lists.yml"):
            self.env.note_dependency(str(root / "data" / name))
        layers = geo.interactive_layers(root)
        metadata = self.env.metadata[self.env.docname]
        metadata["edition_map"] = json.dumps(layers, ensure_ascii=False, separators=(",", ":"))
        metadata["edition_map_places"] = [f["properties"]["id"] for f in layers["places"]["features"]]
        no_script = render.html(_("The interactive map needs JavaScript; the static map above shows the same "
                                  "places and zones, and the list gives their notes."))
        label = render.html(_("Interactive map of the regions the articles name: pan and zoom; focus or hover "
                              "over a place for its note"))
        html = (
            '<div class="edition-map-figure">\n'
            f'<noscript><p>{no_script}</p></noscript>\n'
            '<div class="edition-map-layout">\n'
            '<div class="edition-map-main"><div class="edition-map" id="edition-map" role="region" '
            f'aria-label="{label}"{map_words_html()}></div></div>\n'
            + map_index_html(list(geo.places(root).itertuples()), list(geo.zones(root).itertuples()),
                             {actor: _(name) for actor, (name, _colour, _hatch) in geo.ACTORS.items()})
            + '\n</div>\n</div>')
        metadata["edition_map_ids"] = html_ids(html)
        return [nodes.raw("", html, format="html")]


def check_map_ids(app, doctree, docname) -> None:
    """The ids the map's raw HTML gives (a place's is its entity id) must be the page's
    only elements with those ids, or an address such as ``map.html#lima`` would be ambiguous."""
    ids = app.env.metadata.get(docname, {}).get("edition_map_ids")
    if not ids:
        return
    for taken in map_id_collisions(ids, doctree):
        logger.warning("the interactive map's list gives the id '%s' to an element, but the page has "
                       "another element with that id (a heading or a target of the same name?)", taken,
                       location=docname)


def map_id_collisions(ids: list[str], doctree) -> list[str]:
    """The ids among ``ids`` given twice in the map's HTML or also to an element of the doctree."""
    taken = {i for node in doctree.findall(nodes.Element) for i in node.get("ids", [])}
    return sorted({i for i in ids if i in taken or ids.count(i) > 1})


def map_page(env, place: str) -> str | None:
    """The document whose interactive map shows ``place`` (an entity id), if any."""
    return next((docname for docname in sorted(env.metadata)
                 if place in env.metadata[docname].get("edition_map_places", ())), None)


def map_link_html(translator, place: str) -> str:
    """' <a>Show on the map</a>' to the place on the interactive map, relative to the page
    being written; empty if no map shows it."""
    docname = map_page(translator.builder.env, place)
    if docname is None:
        return ""
    uri = translator.builder.get_relative_uri(translator.builder.current_docname, docname) + f"#{place}"
    show = render.html(_("Show on the map"))
    return f' <a class="edition-map-link" href="{escape(uri)}">{show}</a>'


def add_map_assets(app, pagename, templatename, context, doctree) -> None:
    """Write the map's layers, and load the map's script, only on the pages that carry the
    interactive map. The script loads Leaflet and the layers itself (MAP_ASSETS)."""
    layers = app.env.metadata.get(pagename, {}).get("edition_map")
    if not layers:
        return
    script = Path(app.outdir) / "_static" / MAP_LAYERS_SCRIPT
    script.write_text(f"window.EDITION_MAP_LAYERS = {layers};\n", encoding="utf-8")
    app.add_js_file("edition-map.js", **MAP_ASSETS)


def add_claims_filter(app, pagename, templatename, context, doctree) -> None:
    if pagename == CLAIMS_DOC:
        app.add_js_file("edition-claims-filter.js")


def load(app, config) -> None:
    try:
        app.edition_apparatus = translations.translated_apparatus(
            data.load_apparatus(Path(app.srcdir)), i18n.language(), Path(app.srcdir))
    except data.ApparatusError as error:
        from sphinx.errors import ExtensionError
        raise ExtensionError(str(error)) from None
    config.latex_elements["preamble"] = config.latex_elements.get("preamble", "") + LATEX_PREAMBLE
    app.add_latex_package("xurl")  # long source addresses break anywhere instead of overrunning the margin


def setup(app) -> None:
    app.connect("config-inited", load, priority=600)
    for role in markup.ENTITY_ROLES:
        app.add_role(role, entity_role)
    app.add_role("claim", note_role)
    app.add_role("edition-map-link", map_link_role)
    app.add_node(map_link, html=(visit_map_link_html, None), latex=(skip, None), text=(skip, None))
    app.add_role("sic", note_role)
    app.add_node(entity_mark, html=(visit_entity_html, depart_entity_html),
                 latex=(visit_plain, depart_entity_latex), text=(visit_plain, depart_plain))
    app.add_node(note_mark, html=(visit_note_html, depart_note_html),
                 latex=(visit_plain, depart_note_latex), text=(visit_plain, depart_plain))
    app.add_transform(ResolveAnnotations)
    app.add_directive("edition-register", Register)
    app.add_directive("edition-claims", ClaimsTable)
    app.add_directive("edition-sentence-inventory", SentenceInventory)
    app.add_directive("edition-corrections", Corrections)
    app.add_directive("edition-textual-notes", TextualNotes)
    app.add_directive("edition-glossary", Glossary)
    app.add_directive("edition-timeline", TimelineTable)
    app.add_directive("edition-datapackage", DataPackage)
    app.add_directive("edition-interactive-map", InteractiveMap)
    app.connect("html-page-context", add_map_assets)
    app.connect("doctree-resolved", check_map_ids)
    app.connect("html-page-context", add_claims_filter)
