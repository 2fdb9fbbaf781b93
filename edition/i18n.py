"""The languages of the book and the words of its interface.

The English book is the original; each other language is a second site built from the same
sources (``_build/html/<language>/``), with
- the chapters' prose from gettext catalogs, locales/<language>/LC_MESSAGES/<document>.po,
  which Sphinx applies paragraph by paragraph (msgid: the English, as MyST);
- the apparatus (notes, findings, glossary, the articles' reading translation) from
  data/translations/<language>/ (edition.translations);
- the words the edition's code writes (headings of generated pages, labels, figure text)
  from locales/<language>/LC_MESSAGES/edition.po, through ``_()`` below.

The language is the Sphinx build's (the extension sets it) or, in a notebook kernel or a
figure script, the environment variable EDITION_LANGUAGE; English by default.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from edition import paths

ORIGINAL = "en"
# Every language of the book, with its name in itself (the language switch shows it).
LANGUAGES = {"en": "English", "es": "Español"}
# The languages the book is translated into: each a site of its own, built from the original.
TRANSLATIONS = tuple(code for code in LANGUAGES if code != ORIGINAL)
LOCALES = paths.ROOT / "locales"
INTERFACE_DOMAIN = "edition"

_current = {"language": None}


def language() -> str:
    return _current["language"] or os.environ.get("EDITION_LANGUAGE") or ORIGINAL


def set_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; the book's languages are {', '.join(LANGUAGES)}")
    _current["language"] = code


def catalog_path(code: str, domain: str = INTERFACE_DOMAIN, root: Path = paths.ROOT) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=8)
def _interface(code: str, root: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    path = catalog_path(code, root=Path(root))
    if not path.is_file():
        return {}
    with path.open("rb") as po:
        catalog = read_po(po)
    return {message.id: message.string for message in catalog
            if message.id and message.string and not message.fuzzy}


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined (a constant, read before the
    language is known); ``_()`` translates it where it is used."""
    return message


def _(message: str) -> str:
    """``message`` in the current language: its translation, or the English where the
    catalog has none (the Spanish site's tests fail on any English left in its pages)."""
    return translate(message)


def translate(message: str, code: str | None = None) -> str:
    """``_()`` for a message that is not a literal (a caption read from _toc.yml, a label
    declared with ``N_()``; the catalog's extractor reads only ``_("…")`` literals), in the
    language ``code`` or by default the current one."""
    code = code or language()
    if code == ORIGINAL:
        return message
    return _interface(code, str(paths.ROOT)).get(message, message)


# How each language writes a number: the thousands separator, the fewest digits of a whole
# number that take one, the decimal mark, and the percent form. Spanish follows the RAE and
# the CVR: 7482, 69 280 (a no-break space), 12,5 and 46 %.
NUMBER_STYLES = {"en": (",", 4, ".", "{}%"), "es": ("\u00a0", 5, ",", "{}\u00a0%")}


def number(value: float, decimals: int | None = 0, code: str | None = None) -> str:
    """``value`` as the language ``code`` (by default the current one) writes it, with
    ``decimals`` places, or with as many as it has (up to six) when ``decimals`` is None."""
    separator, from_digits, mark, _percent = NUMBER_STYLES[code or language()]
    if decimals is None:
        text = f"{abs(value):,.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{abs(value):,.{decimals}f}"
    whole, _point, fraction = text.partition(".")
    digits = whole.replace(",", "")
    whole = whole.replace(",", separator) if len(digits) >= from_digits else digits
    negative = value < 0 and any(d != "0" for d in digits + fraction)
    return ("-" if negative else "") + whole + (mark + fraction if fraction else "")


def percent(value: float, decimals: int | None = 0, code: str | None = None) -> str:
    """``value`` per cent, as the language ``code`` writes it (46% in English, 46 % in Spanish)."""
    return NUMBER_STYLES[code or language()][3].format(number(value, decimals, code))
