"""The two texts as received: integrity against the SHA-256 manifest, and the
division of each source file into debris, title, dateline, paragraphs and signature
as declared in data/texts.yml."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


from edition import files, paths
from edition.i18n import N_, _, translate


class SourceError(Exception):
    """A source file, the manifest or data/texts.yml disagree with each other."""


@dataclass(frozen=True)
class Debris:
    line: int
    text: str
    what: str


@dataclass(frozen=True)
class Paragraph:
    text_id: str
    number: int
    line: int
    text: str
    # True where the source separates this paragraph from the next by a single
    # line break rather than a blank line (an artefact of the web capture).
    single_break_after: bool = False

    @property
    def anchor(self) -> str:
        return paragraph_anchor(self.text_id, self.number)


@dataclass(frozen=True)
class SourceText:
    id: str
    source_file: Path
    received_as: str
    chapter: Path
    short_title: str
    title: str
    title_line: int
    dateline: str | None
    dateline_line: int | None
    signature: str | None
    signature_line: int | None
    debris: tuple[Debris, ...]
    paragraphs: tuple[Paragraph, ...]
    publication: str
    publication_note: str
    date: str
    date_basis: str
    date_sources: tuple[str, ...]
    author: str
    tendency: str
    sha256: str
    source_key: str | None = None  # the text's entry in references.bib

    @property
    def line_count(self) -> int:
        return len(files.read_text(self.source_file).split("\n"))

    @property
    def page(self) -> str:
        """The chapter's page name, as Sphinx names documents: 'chapters/ww-strategy-for-the-mass'."""
        return f"{self.chapter.parent.name}/{self.chapter.stem}"

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


def text_on_page(texts, page: str) -> SourceText | None:
    """The text whose chapter is the page ``page`` (a Sphinx document name), if any."""
    return next((text for text in texts if text.page == page), None)


# A paragraph's anchor: the text's id, "-p" and the paragraph's number in two digits or more.
# Built by paragraph_anchor and read back by parse_anchor, and by nothing else.
ANCHOR = re.compile(r"(?P<text>[a-z0-9]+)-p(?P<number>\d{2,})")


def paragraph_anchor(text_id: str, number: int) -> str:
    """The stable HTML id of a paragraph: ``<text id>-p07``."""
    return f"{text_id}-p{number:02d}"


def text_section_anchor(text_id: str) -> str:
    """The id of the section that holds a text's reading text: ``<text id>-text``."""
    return f"{text_id}-text"


def parse_anchor(anchor: str) -> tuple[str, int] | None:
    """(text id, paragraph number) of a paragraph anchor; None for any other string."""
    match = ANCHOR.fullmatch(anchor)
    return (match["text"], int(match["number"])) if match else None


relative = files.relative


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(manifest: Path = paths.SOURCE_MANIFEST) -> dict[str, str]:
    """File name -> expected SHA-256, from a ``sha256sum``-format manifest."""
    if not manifest.is_file():
        raise SourceError(f"{relative(manifest)}: the SHA-256 manifest of the sources is missing")
    expected: dict[str, str] = {}
    for number, line in enumerate(files.read_text(manifest).splitlines(), 1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise SourceError(
                f"{relative(manifest)}, line {number}: expected '<64 hex digits>  <file name>', got {line!r}"
            )
        expected[name.strip()] = digest.lower()
    return expected


def verify_sources(folder: Path = paths.SOURCES) -> dict[str, str]:
    """Check every source file against the manifest; return name -> SHA-256.

    Raises SourceError naming the file, the expected and the actual hash."""
    expected = read_manifest(folder / paths.SOURCE_MANIFEST.name)
    problems = []
    for name, digest in sorted(expected.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{relative(path)}: listed in the manifest but missing")
            continue
        actual = sha256_of(path)
        if actual != digest:
            problems.append(
                f"{relative(path)}: SHA-256 mismatch: the manifest expects {digest}, the file has {actual}"
            )
    for path in sorted(folder.glob("*.txt")):
        if path.name not in expected:
            problems.append(f"{relative(path)}: not listed in the manifest {relative(folder / 'SHA256SUMS')}")
    if problems:
        raise SourceError(
            "The texts as received no longer match their manifest; they must stay byte-for-byte "
            "as received:\n  " + "\n  ".join(problems)
        )
    return expected


def _line(lines: list[str], number: int, where: str, role: str) -> str:
    if not 1 <= number <= len(lines) or not lines[number - 1].strip():
        raise SourceError(f"{where}: {role} line {number} is not a non-empty line of the source")
    return lines[number - 1]


def parse_text(entry: dict, root: Path = paths.ROOT, texts_file: Path = paths.TEXTS_FILE) -> SourceText:
    """Divide one source file into its parts as declared by its entry in texts.yml."""
    text_id = entry["id"]  # the schema (data/schemas/texts.schema.json) has checked the fields
    where = f"{relative(texts_file)}, text '{text_id}'"
    source_file = root / entry["source_file"]
    if not source_file.is_file():
        raise SourceError(f"{where}: source file {relative(source_file)} does not exist")
    lines = files.read_text(source_file).split("\n")

    roles: dict[int, str] = {}

    def claim(number: int, role: str) -> str:
        if number in roles:
            raise SourceError(f"{where}: line {number} is declared both {roles[number]} and {role}")
        roles[number] = role
        return _line(lines, number, where, role)

    title_line = entry["title_line"]
    title = claim(title_line, "title")
    dateline_line = entry.get("dateline_line")
    dateline = claim(dateline_line, "dateline") if dateline_line else None
    signature_line = entry.get("signature_line")
    signature = claim(signature_line, "signature") if signature_line else None

    debris = []
    for item in entry.get("debris", []):
        number = item["line"]
        actual = claim(number, "debris")
        declared = item["text"]
        if actual != declared:
            raise SourceError(
                f"{where}: debris line {number} should read {declared!r} but the source has {actual!r}"
            )
        debris.append(Debris(number, declared, " ".join(item["what"].split())))

    paragraph_lines = [n for n, line in enumerate(lines, 1) if line.strip() and n not in roles]
    paragraphs = []
    for index, number in enumerate(paragraph_lines, 1):
        single_break = index < len(paragraph_lines) and paragraph_lines[index] == number + 1
        paragraphs.append(Paragraph(text_id, index, number, lines[number - 1], single_break))

    def prose(key: str) -> str:
        return " ".join(str(entry[key]).split())

    return SourceText(
        id=text_id,
        source_file=source_file,
        received_as=entry["received_as"],
        chapter=root / entry["chapter"],
        short_title=prose("short_title"),
        title=title,
        title_line=title_line,
        dateline=dateline,
        dateline_line=dateline_line,
        signature=signature,
        signature_line=signature_line,
        debris=tuple(debris),
        paragraphs=tuple(paragraphs),
        publication=prose("publication"),
        publication_note=prose("publication_note"),
        date=prose("date"),
        date_basis=prose("date_basis"),
        date_sources=tuple(entry.get("date_sources") or ()),
        author=prose("author"),
        tendency=prose("tendency"),
        sha256=sha256_of(source_file),
        source_key=entry.get("source_key"),
    )


def load_texts(root: Path = paths.ROOT) -> tuple[SourceText, ...]:
    """Both texts, after checking the sources against their manifest."""
    verify_sources(root / "data" / "sources")
    texts_file = root / "data" / "texts.yml"
    try:
        document = files.read_validated(texts_file, root)  # the fields: data/schemas/texts.schema.json
    except (files.EncodingError, files.FormatError) as error:
        raise SourceError(str(error)) from None
    texts = tuple(parse_text(entry, root, texts_file) for entry in document["texts"])
    ids = [text.id for text in texts]
    if len(set(ids)) != len(ids):
        raise SourceError(f"{relative(texts_file)}: text ids must be unique, got {ids}")
    return texts


@cache
def texts_by_id() -> dict[str, SourceText]:
    return {text.id: text for text in load_texts()}


def load_text(text_id: str) -> SourceText:
    try:
        return texts_by_id()[text_id]
    except KeyError:
        raise SourceError(f"no text with id {text_id!r} in {relative(paths.TEXTS_FILE)}") from None


# ---- tables for the notebook chapter --------------------------------------------------

# A source line's role, as the roles table names it (translated where it is shown: edition.i18n).
LINE_ROLES = {"title": N_("title"), "dateline": N_("dateline"), "signature": N_("signature"), "debris": N_("debris")}


def line_roles(text: SourceText) -> list[tuple[int, str, str]]:
    """(line number, role, text) for every non-empty line of the source, in order: the role
    is a key of LINE_ROLES or a paragraph's number (¶3)."""
    roles = {text.title_line: "title"}
    if text.dateline_line:
        roles[text.dateline_line] = "dateline"
    if text.signature_line:
        roles[text.signature_line] = "signature"
    roles.update({item.line: "debris" for item in text.debris})
    roles.update({p.line: f"¶{p.number}" for p in text.paragraphs})
    lines = files.read_text(text.source_file).split("\n")
    return [(number, roles[number], lines[number - 1]) for number in sorted(roles)]


def summary_table(texts: tuple[SourceText, ...]):
    """One row per text: file, digest, and counts of lines, paragraphs and words."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                _("text"): text.id,
                _("file"): text.source_file.name,
                _("lines"): text.line_count,
                _("debris lines"): len(text.debris),
                _("paragraphs"): len(text.paragraphs),
                _("words"): sum(len(p.text.split()) for p in text.paragraphs),
                _("SHA-256 begins"): text.sha256[:10],
            }
            for text in texts
        ]
    )


def roles_table(text: SourceText, width: int = 60):
    """Every non-empty line of a source with the role it has in the edition."""
    import pandas as pd

    from edition.render import Original

    rows = [
        {_("line"): number, _("role"): translate(LINE_ROLES[role]) if role in LINE_ROLES else role,
         _("begins"): Original(line if len(line) <= width else line[: width - 1] + "…")}
        for number, role, line in line_roles(text)
    ]
    return pd.DataFrame(rows)
