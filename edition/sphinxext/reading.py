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

from edition import apparatus, render, sources

# (value in the address, label, what the reader sees)
MODES = (
    ("text", "Text", "the article alone, with its paragraph numbers"),
    ("names", "Names", "people, organisations, places, events and terms"),
    ("claims", "Claims", "the claim checks, coloured by verdict"),
    ("full", "Full", "every annotation"),
)
DEFAULT_MODE = "full"
SCRIPT = "edition-reading-mode.js"
TEXT_SECTION_CLASS = "edition-reading-text"


def control_html(text_id: str) -> str:
    """The radio group that chooses the mode."""
    choices = "".join(
        f'<label class="edition-mode"><input type="radio" name="mode" value="{value}"'
        f'{" checked" if value == DEFAULT_MODE else ""} aria-describedby="{text_id}-mode-{value}"> {label}'
        f' <span class="edition-mode-hint" id="{text_id}-mode-{value}">({render.html(hint)})</span></label>'
        for value, label, hint in MODES)
    return (f'<form class="edition-reading-modes" data-default-mode="{DEFAULT_MODE}" hidden>'
            f'<fieldset><legend>Reading mode</legend>{choices}</fieldset></form>')


def legend_html() -> str:
    """What the colours of the claim checks mean (shown with the claims)."""
    verdicts = ", ".join(f'<span class="verdict-swatch verdict-{verdict}">{render.html(label)}</span>'
                         for verdict, label in apparatus.VERDICT_LABELS.items())
    return ('<p class="edition-verdict-legend"><strong>Claim checks</strong> are underlined in the colour of '
            f'their verdict, and numbered: {verdicts}.<span class="edition-sic-legend"> A '
            '<span class="verdict-swatch verdict-sic">wavy grey line</span> marks a textual note (<i>sic</i>).'
            '</span></p>')


def add_reading_modes(app: Sphinx, doctree, docname: str) -> None:
    """Before the text section of a text chapter: the modes' form and the verdicts' legend."""
    if app.builder.format != "html":
        return
    text = sources.text_on_page(app.edition_texts.values(), docname)
    if text is None:
        return
    section = next(iter(doctree.findall(lambda n: isinstance(n, nodes.section) and f"{text.id}-text" in n["ids"])),
                   None)
    if section is None:
        return
    section["classes"].append(TEXT_SECTION_CLASS)
    raw = nodes.raw("", control_html(text.id) + legend_html(), format="html")
    section.parent.insert(section.parent.index(section), raw)


def add_script(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # In the head and not deferred (theme.defer_scripts leaves blocking="render" alone): the
    # mode must apply before the text is first drawn, or the full page would flash.
    if sources.text_on_page(app.edition_texts.values(), pagename) is not None:
        app.add_js_file(SCRIPT, priority=100, blocking="render")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_reading_modes)
    app.connect("html-page-context", add_script, priority=400)  # before theme.py replaces the page's list
