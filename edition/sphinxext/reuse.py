"""What lets others cite, harvest and reuse the edition, all from CITATION.cff and the data:

- the version and release date in every page footer, on the front page and on the PDF's
  title page (Sphinx's ``release``);
- in every page head, Highwire Press (``citation_*``) and Dublin Core meta tags, which
  Zotero and Google Scholar read, and schema.org JSON-LD: the edition as a ``Book`` on the
  front page, each claim check as a ``ClaimReview`` on the claims page;
- on every page a "Cite" panel (the edition and the page; on a text chapter also the
  paragraph the address points to) in Chicago and APA, BibTeX, RIS and CSL-JSON, with the
  same citations as files under ``cite/``;
- the TEI P5 file of each text under ``tei/``, and the whole data in one zip.

The ``{edition-file}`` role links a file the build writes beside the pages (``tei/lfi.xml``):
relative in the HTML, the published address in the PDF."""
from __future__ import annotations

import html
import json
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition import apparatus, citation, i18n, metadata, render, sources, tei
from edition.i18n import N_, _
from edition.sphinxext.apparatus import CLAIMS_DOC
from edition.sphinxext.generated import parse_generated

CITE_DIR = "cite"
TEI_DIR = "tei"
logger = logging.getLogger(__name__)
ZIP_DATE = (1997, 5, 1, 0, 0, 0)  # the zip's entries carry one fixed date: the same inputs, the same bytes


def long_date(iso: str) -> str:
    """'2026-11-30' as '30 November 2026', in the page's language."""
    return apparatus.long_date(tuple(int(part) for part in iso.split("-")))


def up(pagename: str) -> str:
    """The way from a page back to the site's root: '' or '../'."""
    return "../" * pagename.count("/")


def configure(app: Sphinx, config) -> None:
    try:
        meta = metadata.load(Path(app.srcdir))
    except (metadata.MetadataError, OSError) as error:
        raise ExtensionError(f"the edition's metadata: {error}") from None
    app.edition_metadata, app.edition_citations = meta, {}
    config.version = config.release = meta.version
    config.today = long_date(meta.released)
    config.latex_elements["releasename"] = _("Version")
    config.ogp_site_url = meta.page_url("index")[: -len("index.html")]  # the site of the page's language
    version_line = _("Version {version}, {date}.").format(version=html.escape(meta.version),
                                                          date=html.escape(config.today))
    config.html_theme_options["extra_footer"] = f'<p class="edition-version">{version_line}</p>'
    config.myst_substitutions = {**config.myst_substitutions, "edition_version": render.myst(meta.version),
                                 "edition_released": render.myst(config.today)}


# ---- files beside the pages --------------------------------------------------------------

def file_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{edition-file}`\\`label <tei/lfi.xml>\\``: a link to a file the build writes."""
    label, _separator, target = text.partition(" <")
    target = target.rstrip(">") if target else label
    node = nodes.reference(rawtext, label.strip(), refuri=target.strip(), classes=["edition-file"])
    node["edition_file"] = target.strip()
    return [node], []


def resolve_file_links(app: Sphinx, doctree, docname: str) -> None:
    for node in doctree.findall(nodes.reference):
        if "edition_file" in node:
            node["refuri"] = ((up(docname) + node["edition_file"]) if app.builder.format == "html"
                              else app.edition_metadata.url + node["edition_file"])


# ---- meta tags and JSON-LD --------------------------------------------------------------

def _meta_tag(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />'


def page_meta_tags(meta: metadata.EditionMetadata, item: dict, pagename: str, is_text: bool = False) -> list[str]:
    """Highwire Press and Dublin Core tags for one page, from its citation (CSL-JSON item).
    A text chapter's rights are those of LICENSE-content.md: the article is not the editors'."""
    authors = [citation.name_text(name) for name in item["author"]]
    date = meta.released.replace("-", "/")
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", name) for name in authors]
    tags += [("citation_publication_date", date), ("citation_date", date),
             ("citation_publisher", ", ".join(meta.editors)), ("citation_language", i18n.language()),
             ("citation_pdf_url", meta.pdf_url), ("citation_public_url", meta.page_url(pagename))]
    if pagename != "index":
        tags.append(("citation_inbook_title", meta.title))
    tags += [("DC.title", item["title"])] + [("DC.creator", name) for name in authors]
    tags += [("DC.date", meta.released), ("DC.publisher", ", ".join(meta.editors)),
             ("DC.rights", meta.content_licence_url if is_text else meta.licence_url),
             ("DC.identifier", meta.page_url(pagename)),
             ("DC.type", "Text"), ("DC.format", "text/html"), ("DC.language", i18n.language()),
             ("DC.relation.isPartOf", meta.title)]
    return [_meta_tag(name, content) for name, content in tags]


def json_ld(document: dict) -> str:
    """A JSON-LD block; '<' is written as its escape, so no data string can close the script."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _agent(csl_name: dict) -> dict:
    if "literal" in csl_name:
        return {"@type": "Organization", "name": csl_name["literal"]}
    return {"@type": "Person", "familyName": csl_name["family"], "givenName": csl_name["given"],
            "name": f"{csl_name['given']} {csl_name['family']}"}


def _editors(meta: metadata.EditionMetadata) -> list[dict]:
    return [{"@type": "Organization", "name": name, "url": meta.url} for name in meta.editors]


def book_json_ld(meta: metadata.EditionMetadata, chapters: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org", "@type": "Book", "@id": meta.url, "url": meta.url,
        "name": meta.title, "description": meta.abstract, "keywords": list(meta.keywords),
        "version": meta.version, "datePublished": meta.released, "inLanguage": i18n.language(),
        "license": meta.licence_url, "editor": _editors(meta), "publisher": _editors(meta),
        "hasPart": [{"@type": "Chapter", "position": number, "name": title, "url": meta.page_url(page)}
                    for number, (page, title) in enumerate(chapters, 1)],
        "encoding": [{"@type": "MediaObject", "contentUrl": meta.pdf_url, "encodingFormat": "application/pdf"}],
    }


def claim_reviews_json_ld(meta: metadata.EditionMetadata, app_data, texts: dict) -> dict:
    """Every claim check as a schema.org ClaimReview, its verdict placed on the declared scale."""
    ratings = {verdict["id"]: verdict for verdict in app_data.verdicts}
    best = max(verdict["rating"] for verdict in app_data.verdicts)
    worst = min(verdict["rating"] for verdict in app_data.verdicts)
    bibliography = app_data.bibliography
    reviews = []
    for claim in app_data.claims.values():
        text = texts[claim.text]
        article = citation.text_item(meta, text, bibliography)
        original = bibliography[text.source_key].fields.get("url") if text.source_key else None
        appearance = [{"@type": "CreativeWork", "name": text.title, "url": meta.page_url(text.page,
                                                                                      claim.anchor)}]
        if original:
            appearance.insert(0, {"@type": "CreativeWork", "name": text.title, "url": original})
        item_reviewed = {"@type": "Claim", "author": [_agent(name) for name in article["author"]],
                         "appearance": appearance}
        if "original-date" in article and "date-parts" in article["original-date"]:
            item_reviewed["datePublished"] = citation.iso_date(article["original-date"])
        reviews.append({
            "@type": "ClaimReview", "url": meta.page_url(CLAIMS_DOC, f"claim-{claim.id}"),
            "claimReviewed": claim.quote, "datePublished": meta.released, "author": _editors(meta),
            "reviewBody": claim.finding_text, "itemReviewed": item_reviewed,
            "reviewRating": {"@type": "Rating", "ratingValue": ratings[claim.verdict]["rating"], "bestRating": best,
                             "worstRating": worst, "alternateName": claim.verdict_label},
        })
    return {"@context": "https://schema.org", "@graph": reviews}


def documents_in_order(app: Sphinx) -> list[str]:
    """The book's documents in reading order: the root, then its table of contents, depth first."""
    order: list[str] = []

    def visit(document: str) -> None:
        if document not in order:
            order.append(document)
            for child in app.env.toctree_includes.get(document, []):
                visit(child)

    visit(app.config.root_doc)
    return order


def page_title(app: Sphinx, pagename: str) -> str:
    title = app.env.titles.get(pagename)
    return title.astext() if title is not None else app.config.project


def _page_citations(app: Sphinx, pagename: str) -> dict:
    cache = app.edition_citations
    if pagename not in cache:
        text = sources.text_on_page(app.edition_texts.values(), pagename)
        cache[pagename] = citation.citations_for_page(
            app.edition_metadata, pagename, page_title(app, pagename), text,
            apparatus.load_bibliography(Path(app.srcdir)) if text else None)
    return cache[pagename]


def add_page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or app.builder.format != "html":
        return
    meta = app.edition_metadata
    citations = _page_citations(app, pagename)
    item = json.loads(citations["page"]["csl"])[0]
    text = sources.text_on_page(app.edition_texts.values(), pagename)
    head = page_meta_tags(meta, item, pagename, is_text=text is not None)
    if pagename == "index":
        chapters = [(page, page_title(app, page)) for page in documents_in_order(app)[1:]]
        head.append(json_ld(book_json_ld(meta, chapters)))
    if pagename == CLAIMS_DOC:
        head.append(json_ld(claim_reviews_json_ld(meta, apparatus.load_apparatus(Path(app.srcdir)),
                                                  app.edition_texts)))
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(head)
    context["body"] = insert_cite_panel(context["body"], cite_panel(pagename, citations, text))


def add_tei_download(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The TEI file in the theme's download menu of a text chapter."""
    text = sources.text_on_page(app.edition_texts.values(), pagename) if app.builder.format == "html" else None
    if text is None:
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append({"type": "link", "url": f"{up(pagename)}{TEI_DIR}/{text.id}.xml",
                                      "text": ".xml (TEI)", "icon": "fas fa-code",
                                      "tooltip": _("Download this text as TEI P5 XML"),
                                      "label": "download-tei-button"})


class TEIFiles(SphinxDirective):
    """``{edition-tei-files}``: a list of the texts' TEI files, one per text of data/texts.yml."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(self.env.srcdir) / "data" / "texts.yml"))
        lines = ["- " + _("{file}: “{title}” ({short_title}), in TEI P5").format(
                     file=f"{{edition-file}}`{TEI_DIR}/{text.id}.xml <{TEI_DIR}/{text.id}.xml>`",
                     title=render.myst(text.title), short_title=render.myst(text.short_title))
                 for text in self.env.app.edition_texts.values()]
        return parse_generated(self, lines)


class PdfLink(SphinxDirective):
    """``{edition-pdf-link}``: on the site, a link to the whole edition as a PDF, which the
    build puts beside the pages (edition.build); the PDF itself does not need it."""

    def run(self) -> list[nodes.Node]:
        link = html.escape(_("Download the whole edition as a PDF"))
        what = html.escape(_("every page of this site, with the notes as footnotes, the charts, the map and an "
                             "index of names."))
        return [nodes.raw("", f'<p class="edition-pdf-link"><a href="{html.escape(metadata.PDF_NAME)}">{link}</a>: '
                              f'{what}</p>', format="html")]


# ---- the Cite panel ---------------------------------------------------------------------

# (the styles' labels are translated where they are shown: edition.i18n; the formats' names
# are names)
STYLE_LABELS = (("chicago", N_("Chicago (author-date)")), ("apa", N_("APA (7th edition)")))
RAW_FORMATS = (("bibtex", "BibTeX", "bib"), ("ris", "RIS", "ris"), ("csl", "CSL-JSON", "csl.json"))


def style_labels() -> list[tuple[str, str]]:
    """(style, its label in the page's language) for each formatted style."""
    return [(style, _(label)) for style, label in STYLE_LABELS]


def _formats_html(formats: dict, files_base: str | None) -> list[str]:
    out = [f'<p><span class="edition-cite-style">{html.escape(label)}:</span> {formats[style]["html"]}</p>'
           for style, label in style_labels()]
    for key, label, _suffix in RAW_FORMATS:
        out.append(f'<details class="edition-cite-raw"><summary>{label}</summary>'
                   f'<pre>{html.escape(formats[key])}</pre></details>')
    if files_base:
        links = ", ".join(f'<a href="{html.escape(files_base)}.{suffix}" download>{label}</a>'
                          for _key, label, suffix in RAW_FORMATS)
        out.append('<p class="edition-cite-files">' + _("As files: {links}.").format(links=links) + "</p>")
    return out


def cite_panel(pagename: str, citations: dict, text: sources.SourceText | None) -> str:
    root = up(pagename)
    page_label = _("This text, in the edition") if text else _("This page")
    summary = _("Cite")
    parts = [f'<details class="edition-cite" id="cite"><summary>{html.escape(summary)}</summary>'
             '<div class="edition-cite-panel"'
             + (f' data-paragraphs="{html.escape(f"{root}{CITE_DIR}/{pagename}.json")}"' if text else "") + ">",
             f'<p class="edition-cite-heading">{html.escape(page_label)}</p>',
             *_formats_html(citations["page"], f"{root}{CITE_DIR}/{pagename}"),
             '<p class="edition-cite-heading">' + html.escape(_("The whole edition")) + "</p>",
             *_formats_html(citations["edition"], f"{root}{CITE_DIR}/edition")]
    if text:
        parts += ['<div class="edition-cite-paragraph" hidden></div>',
                  '<p class="edition-cite-hint">' + html.escape(_(
                      "To cite one paragraph, follow its number (¶) and open this panel; the files above hold "
                      "the citation of every paragraph.")) + "</p>"]
    parts.append("</div></details>")
    return "\n".join(parts)


def insert_cite_panel(body: str, panel: str) -> str:
    """After the page's title (its first h1), or at the top."""
    at = body.find("</h1>")
    return body[:at + 5] + "\n" + panel + body[at + 5:] if at >= 0 else panel + body


# ---- what the build writes beside the pages ----------------------------------------------

def write_files(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    root, site = Path(app.srcdir), Path(app.outdir)
    meta = app.edition_metadata
    tei_dir = site / TEI_DIR
    for folder in (tei_dir, site / CITE_DIR):  # nothing left from a text or page that is gone
        shutil.rmtree(folder, ignore_errors=True)
    tei_dir.mkdir()
    for text in app.edition_texts.values():
        try:
            (tei_dir / f"{text.id}.xml").write_text(tei.document(text.id, root), encoding="utf-8")
        except tei.TEIError as error:
            # edition.build's validation stops such a book before Sphinx starts. Built by Sphinx
            # alone, its annotations were already reported at their lines: do not repeat them.
            if not app._warncount:
                logger.warning("no TEI file for text '%s': %s", text.id, error)
    for pagename in documents_in_order(app):
        citations = _page_citations(app, pagename)
        items = [json.loads(citations["page"]["csl"])[0], json.loads(citations["edition"]["csl"])[0]]
        items += [json.loads(formats["csl"])[0] for formats in citations["paragraphs"].values()]
        write_citation_files(site / CITE_DIR / pagename, items)
        if citations["paragraphs"]:
            paragraphs = {anchor: {**formats, "number": sources.parse_anchor(anchor)[1]}
                          for anchor, formats in citations["paragraphs"].items()}
            # the panel's words for a paragraph, in the page's language (edition-cite.js)
            labels = {"styles": style_labels(), "raw": [(key, label) for key, label, _suffix in RAW_FORMATS],
                      "paragraph": _("This paragraph (¶{number})")}
            (site / CITE_DIR / f"{pagename}.json").write_text(
                json.dumps({"paragraphs": paragraphs, "labels": labels}, ensure_ascii=False, sort_keys=True),
                encoding="utf-8")
    write_citation_files(site / CITE_DIR / "edition", [citation.edition_item(meta)])
    write_data_zip(root, [tei_dir / f"{text.id}.xml" for text in app.edition_texts.values()],
                   site / metadata.DATA_ZIP_NAME)


def write_citation_files(stem: Path, items: list[dict]) -> None:
    stem.parent.mkdir(parents=True, exist_ok=True)
    for suffix, content in (("bib", "\n".join(citation.bibtex(item) for item in items)),
                            ("ris", "".join(citation.ris(item) for item in items)),
                            ("csl.json", citation.csl_json(items))):
        (stem.parent / f"{stem.name}.{suffix}").write_text(content, encoding="utf-8")


def data_zip_members(root: Path, tei_files: list[Path]) -> list[tuple[Path, str]]:
    """(file, name in the zip): the data package as it is in data/ (which the tests hold to
    what datapackage.json describes), the TEI files, references.bib, and the licences."""
    members = [(path, path.relative_to(root).as_posix()) for path in sorted((root / "data").rglob("*")) if path.is_file()]
    members += [(path, f"{TEI_DIR}/{path.name}") for path in sorted(tei_files) if path.is_file()]
    members += [(root / name, name) for name in ("references.bib", "LICENSE-content.md") if (root / name).is_file()]
    return members


def write_data_zip(root: Path, tei_files: list[Path], target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, name in data_zip_members(root, tei_files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def setup(app: Sphinx) -> None:
    app.connect("config-inited", configure)
    app.add_role("edition-file", file_role)
    app.add_directive("edition-tei-files", TEIFiles)
    app.add_directive("edition-pdf-link", PdfLink)
    app.connect("doctree-resolved", resolve_file_links)
    # before edition.sphinxext.theme drops the assets a page does not use (it reads the body)
    app.connect("html-page-context", add_page_metadata, priority=400)
    app.connect("html-page-context", add_tei_download, priority=502)  # after the theme's header buttons
    app.add_js_file("edition-cite.js")
    app.connect("build-finished", write_files)
