"""The one way a string from the edition's data reaches a page.

Data strings (notes, findings, definitions, names, descriptions, table cells) are plain
text: no HTML and no Markdown is interpreted in them, whatever they contain. The same
string therefore reads the same in every place it is shown: a register entry (MyST), a
hover note (HTML), a footnote (LaTeX), a notebook table (Markdown) and a map tooltip
(a DOM text node, see _static/edition-map.js)."""
from __future__ import annotations

import re
from html import escape
from urllib.parse import quote, urlsplit

# CommonMark lets any ASCII punctuation character be escaped with a backslash; MyST's
# roles, targets, HTML and Markdown all start with one of them.
ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def one_line(text: str) -> str:
    """White space as a page shows it: any run of it is one space."""
    return " ".join(str(text).split())


def myst(text) -> str:
    """A data string as MyST that renders exactly these characters as text."""
    return ASCII_PUNCTUATION.sub(r"\\\1", one_line(text))


def myst_original(text) -> str:
    """A data string in the articles' own language (words quoted from them), as a MyST span
    that declares it: docutils writes the span's class ``language-en`` as its lang, so the
    translated pages mark what they leave in English."""
    from edition import i18n

    return f"[{myst(text)}]{{.language-{i18n.ORIGINAL}}}"


def myst_code(text) -> str:
    """A data string as inline code (shown as printed, in a monospace font)."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html(text) -> str:
    """A data string as HTML text."""
    return escape(one_line(text))


class UnsafeURL(ValueError):
    pass


def url(address: str) -> str:
    """An http(s) address, with every character that could end a Markdown link or
    an HTML attribute percent-encoded."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UnsafeURL(f"not an http(s) address: {address!r}")
    return quote(address.strip(), safe=":/?#[]@!$&*+,;=%-._~")


class Link:
    """A link in a generated table: its text is a data string, its address an http(s) URL."""

    def __init__(self, text: str, address: str):
        self.text, self.address = text, address

    def myst(self) -> str:
        return f"[{myst(self.text)}]({url(self.address)})"

    def __str__(self) -> str:
        return self.text


class Original(str):
    """A cell of a generated table in the articles' own language (words quoted from them)."""


def table_cell(value):
    """A cell of a generated Markdown table: text escaped, links built, the articles' words
    marked as theirs, numbers as they are."""
    if isinstance(value, Link):
        return value.myst()
    if isinstance(value, Original):
        return myst_original(value)
    return myst(value) if isinstance(value, str) else value
