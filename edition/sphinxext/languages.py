"""The book in other languages (see ``edition.i18n``).

- The articles are never translated: their reading text and title are kept out of the
  catalogs, and the fidelity check reads them on every site.
- In a translated build, every paragraph of the editors' prose must have its translation in
  the chapter's catalog: one missing, or one whose English has changed since, is a warning
  naming the file, the line, the catalog and the language (and -W makes it an error).
- In a translated build, each paragraph of the articles is followed by the editors' reading
  translation (data/translations/<language>/paragraphs.yml), side by side on a wide screen.
- Every page links to the same page in the other languages (a switch in the header, and
  ``<link rel="alternate" hreflang>`` in the head).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import extract_messages

from edition import fidelity, i18n, render, sources, translations
from edition.i18n import _

logger = logging.getLogger(__name__)


def translated_build(app: Sphinx) -> bool:
    return (app.config.language or i18n.ORIGINAL) != i18n.ORIGINAL


class KeepOutOfCatalogs(SphinxTransform):
    """What the chapters' catalogs do not hold: the articles' titles and reading texts, the
    object of the edition, never translated; and the notebooks' outputs, which the code
    writes in the page's language (edition.i18n)."""

    default_priority = 15  # before Sphinx's Locale (20)

    def apply(self, **kwargs) -> None:
        for output in self.document.findall(lambda n: isinstance(n, nodes.container)
                                            and "cell_output" in n["classes"]):
            for node in output.findall(nodes.TextElement):
                if not isinstance(node, nodes.Inline):  # never offered; one marked, Sphinx would unwrap
                    node["translatable"] = False
        text = sources.text_on_page(self.app.edition_texts.values(), self.env.docname)
        if text is None:
            return
        anchor = sources.text_section_anchor(text.id)
        for section in self.document.findall(nodes.section):
            if labelled(section, anchor):  # its paragraphs (its heading and figures are the editors')
                for node in section.children:
                    if isinstance(node, nodes.paragraph):
                        node["translatable"] = False
            elif labelled(section, text.id):
                section[0]["translatable"] = False  # the chapter's heading: the article's title


def labelled(section: nodes.section, label: str) -> bool:
    """Whether a MyST label ``(label)=`` names the section. This early, before docutils moves
    a label's id onto what follows it, the label is still a target just before the section."""
    if label in section["ids"]:
        return True
    before = section.previous_sibling()
    return isinstance(before, nodes.target) and label in (*before["ids"], *before["names"], before.get("refid"))


class FlagUntranslated(SphinxTransform):
    """In a translated build, a paragraph of the editors with no translation in its catalog."""

    default_priority = 26  # after Sphinx's Locale (20) has marked what it translated

    def apply(self, **kwargs) -> None:
        if not translated_build(self.app):
            return
        catalog = catalog_of(self).relative_to(self.env.srcdir)
        translated = translated_messages(catalog_of(self))
        for node, message in extract_messages(self.document):
            # Sphinx marks what it translated, except an image's alt text, which it only replaces
            done = message in translated if isinstance(node, nodes.image) else node.get("translated") is True
            if not done:
                logger.warning("no %s translation of this paragraph (new, or its English changed since it "
                               "was translated): add it to %s: %s", i18n.LANGUAGES[self.config.language],
                               catalog.as_posix(), render.one_line(message)[:120], location=node,
                               type="edition", subtype="untranslated")


def catalog_translations(path: Path) -> dict[str, str]:
    """A catalog's current translations (not the fuzzy), by English: read once per version of
    the file, though two transforms of each document ask for it."""
    return _catalog_translations(path, path.stat().st_mtime_ns if path.is_file() else None)


@lru_cache(maxsize=64)
def _catalog_translations(path: Path, stamp: int | None) -> dict[str, str]:
    from edition.catalogs import read_catalog

    if stamp is None:
        return {}
    return {message.id: message.string for message in read_catalog(path)
            if message.id and message.string and not message.fuzzy}


def translated_messages(path: Path) -> set[str]:
    return set(catalog_translations(path).values())


def catalog_of(transform: SphinxTransform) -> Path:
    return Path(transform.env.srcdir) / "locales" / transform.config.language / "LC_MESSAGES" / f"{transform.env.docname}.po"


class TranslateOutputAltTexts(SphinxTransform):
    """The alt text of a notebook's figure comes from its cell's metadata, out of Sphinx's
    reach: translate it from the chapter's catalog (edition.catalogs puts it there)."""

    default_priority = 21  # after Sphinx's Locale (20), before FlagUntranslated

    def apply(self, **kwargs) -> None:
        if not translated_build(self.app):
            return
        translations = None
        for output in self.document.findall(lambda n: isinstance(n, nodes.container) and "cell_output" in n["classes"]):
            for image in output.findall(nodes.image):
                translations = catalog_translations(catalog_of(self)) if translations is None else translations
                image["alt"] = translations.get(image.get("alt", ""), image.get("alt", ""))


class ParallelTranslation(SphinxTransform):
    """Each paragraph of an article, followed by the editors' reading translation."""

    default_priority = 890  # after NumberParagraphs (880)

    def apply(self, **kwargs) -> None:
        if not translated_build(self.app):
            return
        text = sources.text_on_page(self.app.edition_texts.values(), self.env.docname)
        if text is None:
            return
        language = self.config.language
        paragraphs = translations.translated("paragraphs", language, Path(self.env.srcdir))
        anchor = sources.text_section_anchor(text.id)
        section = next((s for s in self.document.findall(nodes.section) if anchor in s["ids"]), None)
        if section is None:
            return
        section.insert(1, nodes.paragraph(
            "", _("Beside each paragraph of the article, as it was published, the editors' own reading "
                  "translation. It is not the source: cite the original, by its paragraph number."),
            classes=["edition-translation-notice"]))
        title = paragraphs.get(f"{text.id}-title")
        if title:
            section.insert(2, nodes.paragraph("", _("Title: ") + f"«{title['text']}»",
                                              classes=["edition-translation-title"]))
        for paragraph in list(section.findall(nodes.paragraph)):
            parsed = next(filter(None, map(sources.parse_anchor, paragraph["ids"])), None)
            own = paragraphs.get(paragraph["ids"][0]) if parsed else None
            if own is None:
                continue
            pair = nodes.container(classes=[fidelity.PARALLEL_CLASS])
            # docutils writes a class language-xx as the element's lang attribute
            translation = nodes.paragraph("", own["text"], classes=["edition-translation", f"language-{language}"])
            paragraph["classes"].append(f"language-{i18n.ORIGINAL}")
            paragraph.replace_self(pair)
            if self.app.builder.format == "latex":  # LaTeX styles a container's class, not a paragraph's
                translation = nodes.container("", translation, classes=["edition-translation"])
            pair += [paragraph, translation]


class TranslatedFigures(SphinxTransform):
    """In a translated build, a figure of figures/ is shown as drawn in the page's language,
    from figures/<language>/ (``edition.figures`` draws both)."""

    default_priority = 16

    def apply(self, **kwargs) -> None:
        if not translated_build(self.app):
            return
        language = self.config.language
        folder = Path(self.env.srcdir) / "figures"
        for image in self.document.findall(nodes.image):
            uri = Path(image["uri"])
            drawn = folder / language / uri.name.replace("*", "svg")
            if uri.parent.name == "figures" and drawn.is_file():
                image["uri"] = (uri.parent / language / uri.name).as_posix()


def alternate_pages(app: Sphinx, pagename: str) -> list[tuple[str, str, str]]:
    """(language, its name, relative address) of this page in every language of the book."""
    up = "../" * pagename.count("/")
    here = app.config.language or i18n.ORIGINAL
    out = []
    for code, name in i18n.LANGUAGES.items():
        if here == i18n.ORIGINAL:
            address = f"{up}{'' if code == here else code + '/'}{pagename}.html"
        else:
            address = f"{up}../{'' if code == i18n.ORIGINAL else code + '/'}{pagename}.html"
        out.append((code, name, address))
    return out


def add_language_links(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    here = app.config.language or i18n.ORIGINAL
    pages = alternate_pages(app, pagename)
    context["edition_alternates"] = pages
    context["edition_language_switch"] = [(code, name, address) for code, name, address in pages if code != here]
    context["edition_language_label"] = _("This page in another language")


def translations_without_eval(app: Sphinx, exception) -> None:
    """Sphinx's translations.js hands the catalog to doctools.js, which makes its plural rule a
    function with ``new Function``: an eval that the pages' Content Security Policy refuses.
    Write the same catalog as plain assignments, the plural rule as code."""
    import json
    import re

    path = Path(app.outdir) / "_static" / "translations.js"
    if exception or app.builder.format != "html" or not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r"\s*Documentation\.addTranslations\((?P<catalog>.*)\);\s*", text, re.S)
    if match is None:
        return
    catalog = json.loads(match["catalog"])
    plural = catalog.get("plural_expr", "(n != 1)")
    if not re.fullmatch(r"[\sn0-9!=<>&|%?:()]+", plural):  # only arithmetic on n can become code
        raise ValueError(f"{path}: unexpected plural rule {plural!r}")
    path.write_text(
        "// The catalog of Sphinx's translations.js, without the eval of doctools.js (see edition.sphinxext.languages).\n"
        f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(catalog['messages'], ensure_ascii=False, indent=1)});\n"
        f"Documentation.PLURAL_EXPR = (n) => ({plural});\n"
        f"Documentation.LOCALE = {json.dumps(catalog['locale'])};\n", encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", translations_without_eval)
    app.add_transform(KeepOutOfCatalogs)
    app.add_transform(FlagUntranslated)
    app.add_transform(ParallelTranslation)
    app.add_transform(TranslatedFigures)
    app.add_transform(TranslateOutputAltTexts)
    app.connect("html-page-context", add_language_links)
