"""The edition's Sphinx extension.

- stops the build when a source file no longer matches its SHA-256 manifest;
- shows the number of every numbered paragraph (ids like ``<text>-p07``, given in
  the chapters with MyST's ``{#<text>-p07}`` attribute blocks) with a link to itself;
- renders each text's header and its list of web-page debris from data/texts.yml.
"""
from __future__ import annotations

import functools
import os
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from edition import i18n, paths, render, sources, translations
from edition.i18n import _
from edition.sphinxext import apparatus, guards, languages, reading, reuse, theme
from edition.sphinxext.generated import parse_generated

STATIC = Path(__file__).parent / "static"


# ---- paragraph numbers ----------------------------------------------------------

class paranum(nodes.Inline, nodes.Element):
    """The visible number of a numbered paragraph."""


class NumberParagraphs(SphinxTransform):
    """Give every paragraph with an id like ``<text>-p07`` a visible number.

    MyST registers such ids as labels; this gives them the title "¶7", so that
    ``{ref}`<text>-p07``` needs no link text."""

    default_priority = 880  # after SphinxDomains (850) has collected the labels

    def apply(self, **kwargs) -> None:
        labels = self.env.get_domain("std").labels
        for paragraph in self.document.findall(nodes.paragraph):
            for node_id in paragraph["ids"]:
                parsed = sources.parse_anchor(node_id)
                if not parsed:
                    continue
                number = parsed[1]
                paragraph.insert(0, paranum(anchor=node_id, number=number))
                paragraph["classes"].append("numbered-paragraph")
                if labels.get(node_id, (self.env.docname,))[0] == self.env.docname:
                    labels[node_id] = (self.env.docname, node_id, f"¶{number}")
                break


def visit_paranum_html(self, node: paranum) -> None:
    number, anchor = node["number"], node["anchor"]
    title = escape(_("Link to paragraph {number}").format(number=number))
    spoken = escape(_("Paragraph"))
    self.body.append(
        f'<a class="paranum" href="#{anchor}" title="{title}">'
        f'<span class="visually-hidden">{spoken} </span>{number}</a>'
    )
    raise nodes.SkipNode


def visit_paranum_latex(self, node: paranum) -> None:
    # The label makes {ref} links to the paragraph resolve in the PDF too.
    self.body.append(self.hypertarget(node["anchor"], anchor=True) + r"\edparanum{%d}" % node["number"])
    raise nodes.SkipNode


def visit_paranum_text(self, node: paranum) -> None:
    self.add_text(f"[{node['number']}] ")
    raise nodes.SkipNode


LATEX_PREAMBLE = r"""
% Paragraph numbers of the reading texts, hung in the left margin.
\newcommand{\edparanum}[1]{\leavevmode\llap{\footnotesize\sffamily\color{gray}#1\hspace{0.8em}}}
% The editors' reading translation of a paragraph (translated books): set apart from the
% article's own words, indented, smaller and grey, as the site sets it beside them.
\newenvironment{sphinxclassedition-translation}%
  {\par\begingroup\small\leftskip=2em\color{darkgray}}{\par\endgroup\medskip}
"""


# ---- texts: header and debris, generated from data/texts.yml ------------------------

def texts(env) -> dict[str, sources.SourceText]:
    return env.app.edition_texts


class GeneratedMyST(SphinxDirective):
    """A directive whose body is MyST markup generated from the edition's data."""

    required_arguments = 1

    def markup(self, text: sources.SourceText) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        text_id = self.arguments[0]
        try:
            text = texts(self.env)[text_id]
        except KeyError:
            raise self.error(f"unknown text id {text_id!r}; known: {sorted(texts(self.env))}") from None
        # Re-read this page when the data it is generated from changes.
        self.env.note_dependency(str(Path(self.env.srcdir) / "data" / "texts.yml"))
        self.env.note_dependency(str(text.source_file))
        return parse_generated(self, self.markup(text))


def field(name: str, value: str) -> str:
    """A line of a MyST field list: ``:name: value``."""
    return f":{name}: {value}"


def download_link(path: Path, from_dir: Path) -> str:
    """A MyST ``{download}`` role for a repository file, relative to the citing document."""
    return f"{{download}}`{path.name} <{Path(os.path.relpath(path, from_dir)).as_posix()}>`"


class SourceHeader(GeneratedMyST):
    """The bibliographic header of a text chapter."""

    def markup(self, text: sources.SourceText) -> list[str]:
        chapter_dir = Path(self.env.doc2path(self.env.docname)).parent
        cites = f" {{cite:p}}`{','.join(text.date_sources)}`" if text.date_sources else ""
        lines = [
            field(_("Title in the source"), f"“{render.myst(text.title)}”"),
            field(_("Author"), render.myst(text.author)),
            field(_("Publication"), render.myst(text.publication)),
            field(_("Date"), f"{render.myst(text.date)}{cites}"),
        ]
        if text.dateline:
            lines.append(field(_("Dateline as printed"), render.myst_code(text.dateline)))
        lines += [
            field(_("Political tendency"), render.myst(text.tendency)),
            field(_("Source file"), _("{file}, received as {received_as}, SHA-256 {digest}…").format(
                file=download_link(text.source_file, chapter_dir), received_as=render.myst_code(text.received_as),
                digest=render.myst_code(text.sha256[:16]))),
            field(_("TEI P5 XML"), _("{file}, generated from the same data as this page").format(
                file=f"{{edition-file}}`tei/{text.id}.xml <tei/{text.id}.xml>`")),
            field(_("How to cite"), _(
                "“{short_title}, ¶7” for the paragraph numbered 7, which is linked as {anchor}; the *Cite* panel "
                "above gives full citations of the text and of the paragraph the address points to").format(
                short_title=render.myst(text.short_title),
                anchor=render.myst_code("#" + sources.paragraph_anchor(text.id, 7)))),
            "",
            "**{label}** {note}".format(label=_("The source."), note=render.myst(text.publication_note)),
            "",
            "**{label}** {basis}{cites}".format(label=_("The date."), basis=render.myst(text.date_basis), cites=cites),
        ]
        return lines


class SourceDebris(GeneratedMyST):
    """The list of web-page debris separated from a text, and its line structure."""

    def markup(self, text: sources.SourceText) -> list[str]:
        lines = [
            _("The following lines of the source file belong to the web page, not to the article. "
              "They are left out of the reading text and recorded here exactly as received:"),
            "",
            "```{list-table}",
            ":header-rows: 1",
            ":widths: 10 35 55",
            "",
            "* - " + _("Line"),
            "  - " + _("Text in the source"),
            "  - " + _("What it is"),
        ]
        for item in text.debris:
            lines += [f"* - {item.line}", f"  - {render.myst_code(item.text)}", f"  - {render.myst(item.what)}"]
        lines += ["```", ""]
        placed = [_("the title (line {line}) is the chapter heading").format(line=text.title_line)]
        if text.dateline:
            placed.append(_("the dateline {dateline} (line {line}) is given in the header").format(
                dateline=render.myst_code(text.dateline), line=text.dateline_line))
        if text.signature:
            placed.append(_("the signature “{signature}” (line {line}) closes the reading text, unnumbered").format(
                signature=render.myst(text.signature), line=text.signature_line))
        lines.append(_("Of the remaining lines, {placed}.").format(placed="; ".join(placed)))
        single = [p.number for p in text.paragraphs if p.single_break_after]
        if single:
            pairs = ", ".join(f"¶{n}/¶{n + 1}" for n in single)
            lines += [
                "",
                _("The source separates most paragraphs with a blank line, but these pairs only with a single "
                  "line break: {pairs}. Every line of the source is a paragraph of its own, so both are treated "
                  "as paragraph breaks.").format(pairs=pairs),
            ]
        return lines


# ---- build checks -------------------------------------------------------------------

def configure(app: Sphinx, config) -> None:
    # A book that carries its own package is built with it (edition.build --root does so);
    # a book without one (a test's fixture book) uses this package.
    if (Path(app.srcdir) / "edition").is_dir() and paths.ROOT.resolve() != Path(app.srcdir).resolve():
        raise ExtensionError(f"this build of the book at {app.srcdir} imports the edition package of {paths.ROOT}: "
                             "build with `python -m edition.build --root`, which uses the book's own package")
    i18n.set_language(config.language or i18n.ORIGINAL)
    try:
        app.edition_texts = translations.translated_texts(
            {text.id: text for text in sources.load_texts(Path(app.srcdir))}, i18n.language(), Path(app.srcdir))
    except sources.SourceError as error:
        raise ExtensionError(str(error)) from None
    config.html_static_path.append(str(STATIC))
    config.latex_elements["preamble"] = config.latex_elements.get("preamble", "") + LATEX_PREAMBLE


# The title page sets the author in one unbreakable line; a longer one runs into the margin.
TITLE_PAGE_AUTHOR_LINE = 50


def break_title_page_author(app: Sphinx) -> None:
    # Not at config-inited: latex_documents' default reads latex_theme, which
    # sphinx_jupyterbook_latex sets then; the LaTeX builder reads the documents only when it writes.
    if app.builder.format == "latex":
        app.config.latex_documents = [(start, target, title, title_page_author(author), *rest)
                                      for start, target, title, author, *rest in app.config.latex_documents]


def title_page_author(author: str) -> str:
    """The author as the PDF's title page sets it: in two lines, broken at the space nearest
    the middle, if it is longer than one line holds (latex_documents takes LaTeX there; the
    PDF's metadata reads a space)."""
    if len(author) <= TITLE_PAGE_AUTHOR_LINE or " " not in author:
        return author
    spaces = [i for i, c in enumerate(author) if c == " "]
    middle = min(spaces, key=lambda i: abs(i - len(author) / 2))
    return author[:middle] + "\\texorpdfstring{\\\\}{ }" + author[middle + 1:]


def cache_bibtex_plugins() -> None:
    """pybtex finds each of its plugins by scanning every installed package's entry points,
    at every lookup, and sphinxcontrib-bibtex looks one up for each citation it resolves: a
    third of a whole build. Within a build the answer never changes, so keep it."""
    import pybtex.plugin

    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.cache(pybtex.plugin._load_entry_point)


def setup(app: Sphinx) -> dict:
    cache_bibtex_plugins()
    app.connect("config-inited", configure)
    app.connect("builder-inited", break_title_page_author)
    apparatus.setup(app)
    theme.setup(app)
    guards.setup(app)
    reuse.setup(app)
    reading.setup(app)
    languages.setup(app)
    app.add_node(
        paranum,
        html=(visit_paranum_html, None),
        latex=(visit_paranum_latex, None),
        text=(visit_paranum_text, None),
    )
    app.add_transform(NumberParagraphs)
    app.add_directive("edition-source-header", SourceHeader)
    app.add_directive("edition-source-debris", SourceDebris)
    app.add_css_file("edition.css")
    app.add_latex_package("xcolor")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
