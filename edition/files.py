"""How the edition reads its own text files, decided once: UTF-8, with or without a
byte-order mark (which is dropped). Anything else is an error that names the file, the
line and the byte."""
from __future__ import annotations

import io
from pathlib import Path

from edition import paths


class EncodingError(Exception):
    """A file of the edition is not UTF-8."""


def relative(path: Path, root: Path = paths.ROOT) -> str:
    """A path as the messages show it: relative to the book it belongs to (``root``, or
    else the nearest folder above it that holds a book's references.bib), so that no
    message carries a local absolute path."""
    path = Path(path).resolve()
    books = [Path(root).resolve()] + [folder for folder in path.parents if (folder / "references.bib").is_file()]
    for book in books:
        if path.is_relative_to(book):
            return path.relative_to(book).as_posix()
    return path.name


def read_text(path: Path, root: Path = paths.ROOT) -> str:
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise EncodingError(
            f"{relative(path, root)}, line {line}, column {column}: the byte 0x{raw[error.start]:02x} is not UTF-8; "
            "every file of the edition is UTF-8 (with or without a byte-order mark): re-save it as UTF-8"
        ) from None


def text_stream(path: Path, root: Path = paths.ROOT) -> io.StringIO:
    """The file's text as a stream, for readers that want one (csv, pandas)."""
    return io.StringIO(read_text(path, root), newline="")
