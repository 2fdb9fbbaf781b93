"""Reading modes of the text chapters: the article alone (*Text*), its names (*Names*), its
claim checks (*Claims*) or every annotation (*Full*).

The build puts a form before each chapter's text (hidden until its script runs, so that
without JavaScript the page is the full page) and a legend of the verdicts' colours. The
script ``edition-reading-mode.js`` runs in the page's head, before the text is drawn: it
sets ``data-reading-mode`` on the root element from the address (``?mode=claims``) or the
reader's last choice, and the style sheet shows each mode's markup and hides the rest.
What each mode shows lives in ``edition.css``; the modes and their names live here."""
from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from edition import render, sources
from edition.i18n import N_, _
from edition.sphinxext import apparatus as apparatus_nodes

# (value in the address, label, what the reader sees, the markup it shows: the script needs
# to know only whether names are links)
# (the label and what the reader sees are translated where they are shown: edition.i18n)
MODES = (
    ("text", N_("Text"), N_("the article alone, with its paragraph numbers"), ()),
    ("names", N_("Names"), N_("people, organisations, places, events and terms"), ("names",)),
    ("claims", N_("Claims"), N_("the claim checks, coloured by verdict"), ("claims",)),
    ("full", N_("Full"), N_("every annotation"), ("names", "claims", "textual notes")),
)
DEFAULT_MODE = "full"
SCRIPT = "edition-reading-mode.js"
TEXT_SECTION_CLASS = "edition-reading-text"
NAME_LINK_CLASS = "edition-name-link"  # an entity's or a glossary term's link in the text


def control_html() -> str:
    """The radio group that chooses the mode; shown only when scripts run (the theme's
    ``pst-js-only``), so that it takes its place before the text is drawn. The form also
    carries the line a printed page gives its mode (``data-printed``, which the script fills
    in with the mode's label)."""
    choices = "".join(
        f'<label class="edition-mode"><input type="radio" name="mode" value="{value}" '
        f'data-shows="{" ".join(shows)}"{" checked" if value == DEFAULT_MODE else ""}> {render.html(_(label))}'
        f' <span class="edition-mode-hint">({render.html(_(hint))})</span></label>'
        for value, label, hint, shows in MODES)
    printed = _("Printed in the reading mode {mode}; the other annotations are left out.")
    legend = _("Reading mode")
    return (f'<form class="edition-reading-modes pst-js-only" data-default-mode="{DEFAULT_MODE}" '
            f'data-printed="{render.html(printed)}">'
            f'<fieldset><legend>{render.html(legend)}</legend>{choices}</fieldset>'
            '<p class="edition-mode-printed" aria-hidden="true"></p></form>')


def legend_html(verdict_labels: dict[str, str]) -> str:
    """What the markup of the text means: names, and the colours of the claim checks."""
    verdicts = ", ".join(f'<span class="verdict-swatch verdict-{verdict}">{render.html(label)}</span>'
                         for verdict, label in verdict_labels.items())
    names = _("<strong>Names</strong> of people, organisations, places and events, and terms, are underlined "
              "with dots and link to their entry.")
    claims = _("<strong>Claim checks</strong> are underlined in the colour of their verdict, and numbered: "
               "{verdicts}.").format(verdicts=verdicts)
    line = '<span class="verdict-swatch verdict-sic">' + render.html(_("wavy grey line")) + "</span>"
    sic = _("A {line} marks a textual note (<i>sic</i>).").format(line=line)
    return (f'<p class="edition-markup-legend"><span class="edition-names-legend">{names} '
            f'</span><span class="edition-verdict-legend">{claims}</span><span class="edition-sic-legend"> {sic}'
            '</span></p>')


def add_reading_modes(app: Sphinx, doctree, docname: str) -> None:
    """Before the text section of a text chapter: the modes' form and the markup's legend;
    in the text, a class on the links of names (entities and glossary terms)."""
    if app.builder.format != "html":
        return
    text = sources.text_on_page(app.edition_texts.values(), docname)
    if text is None:
        return
    anchor = sources.text_section_anchor(text.id)
    section = next(iter(doctree.findall(lambda n: isinstance(n, nodes.section) and anchor in n["ids"])), None)
    if section is None:
        return
    section["classes"].append(TEXT_SECTION_CLASS)
    def numbered(node) -> bool:  # a paragraph of the text, by its anchor (the rule NumberParagraphs follows)
        return isinstance(node, nodes.paragraph) and any(map(sources.parse_anchor, node["ids"]))

    for paragraph in section.findall(numbered):
        for link in paragraph.findall(nodes.reference):
            if isinstance(link.parent, apparatus_nodes.entity_mark) or any(
                    "std-term" in child.get("classes", ()) for child in link.findall(nodes.inline)):
                link["classes"].append(NAME_LINK_CLASS)
    raw = nodes.raw("", control_html() + legend_html(app.edition_apparatus.verdict_labels), format="html")
    section.parent.insert(section.parent.index(section), raw)


def add_script(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # In the head and not deferred (theme.defer_scripts leaves blocking="render" alone): the
    # mode must apply before the text is first drawn, or the full page would flash.
    if sources.text_on_page(app.edition_texts.values(), pagename) is not None:
        app.add_js_file(SCRIPT, priority=100, blocking="render")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_reading_modes)
    app.connect("html-page-context", add_script, priority=400)  # before theme.py replaces the page's list
