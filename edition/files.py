"""How the edition reads its own text files, decided once: UTF-8, with or without a
byte-order mark (which is dropped). Anything else is an error that names the file, the
line and the byte."""
from __future__ import annotations

import io
import json
from pathlib import Path

import yaml

from edition import paths


class EncodingError(Exception):
    """A file of the edition is not UTF-8."""


class FormatError(Exception):
    """A file of the edition cannot be parsed; the message names the file and the line."""


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


class YAMLLoader(yaml.CSafeLoader):
    """YAML as the edition reads it: a date that is not a real date (an unquoted
    1997-02-30) is an error at its line, not a ValueError without a place."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a real date ({error})",
                                                    node.start_mark) from None


YAMLLoader.add_constructor("tag:yaml.org,2002:timestamp", YAMLLoader.construct_yaml_timestamp)


def read_yaml(path: Path, root: Path = paths.ROOT):
    """A YAML file of the edition; a syntax error is named with its file, line and column."""
    try:
        return yaml.load(read_text(path, root), Loader=YAMLLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise FormatError(f"{relative(path, root)}{at}: not valid YAML: "
                          f"{getattr(error, 'problem', None) or error}") from None


def read_validated(path: Path, root: Path = paths.ROOT, schema_file: Path | None = None):
    """A YAML data file, validated against its JSON Schema (by default
    data/schemas/<stem>.schema.json, in the draft the schema names); every breach is one
    line naming the item (and its id) and the field."""
    import jsonschema

    document = read_yaml(path, root)
    schema = json.loads(read_text(schema_file or root / "data" / "schemas" / f"{path.stem}.schema.json", root))
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    errors = sorted(validator(schema).iter_errors(document), key=lambda e: list(e.path))
    lines = []
    for error in errors:
        location = list(error.absolute_path)
        item = ""
        if len(location) >= 2 and isinstance(location[1], int):
            entry = document[location[0]][location[1]]
            ident = entry.get("id") if isinstance(entry, dict) else None
            item = f"item {location[1] + 1}" + (f" (id '{ident}')" if ident else "")
            location = location[2:]
        column = ".".join(map(str, location)) or "(whole item)"
        lines.append(f"{relative(path, root)}: {item + ' ' if item else ''}field '{column}': {error.message}")
    if lines:
        raise FormatError("\n".join(lines))
    return document
