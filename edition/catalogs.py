"""The translators' catalogs: locales/<language>/LC_MESSAGES/<document>.po for the chapters'
prose, and edition.po for the words the edition's code writes (``edition.i18n._``).

Each message's msgid is the English it translates, so a changed English sentence is a new
message: its old translation is kept as a fuzzy suggestion and no longer used, and the
translated build flags the paragraph until the translation is revised.

    python -m edition.catalogs update   extract the English (a gettext build of the book, and
                                        the code's _() and N_() calls) and merge it into every
                                        language's catalogs
    python -m edition.catalogs check    every message without a current translation
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from edition import i18n, paths

GETTEXT_OUTPUT = Path("_build") / "gettext-extract"


def read_catalog(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        return read_po(stream)


def write_catalog(path: Path, catalog) -> None:
    """Write a catalog, unless only its header's dates would change (the figures count the
    interface catalog among their inputs: an unchanged catalog leaves them current)."""
    import io

    from babel.messages.pofile import write_po

    stream = io.BytesIO()
    write_po(stream, catalog, width=100, sort_output=False, include_previous=True)
    dated = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*$', re.M)
    if path.is_file() and dated.sub(b"", path.read_bytes()) == dated.sub(b"", stream.getvalue()):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(stream.getvalue())


def extract_chapters(root: Path = paths.ROOT) -> dict[str, object]:
    """The English messages of every chapter, by document name, from Sphinx's gettext builder."""
    from edition import build

    output = root / GETTEXT_OUTPUT
    config, _toc = build.language_config(root, i18n.ORIGINAL, output)
    result = subprocess.run(build.jupyter_book(root, "gettext", output, fresh=True, config=config),
                            cwd=root, env=build.book_environment(root), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"edition.catalogs: the gettext build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    pots = output / "_build" / "gettext"
    templates = {pot.relative_to(pots).with_suffix("").as_posix(): read_catalog(pot)
                 for pot in sorted(pots.rglob("*.pot")) if pot.stem != "sphinx"}
    for docname, alt_texts in output_alt_texts(root).items():
        for cell, alt in alt_texts:
            templates[docname].add(alt, locations=[(f"{docname}.ipynb", cell)])
    return templates


def output_alt_texts(root: Path = paths.ROOT) -> dict[str, list[tuple[int, str]]]:
    """The alt texts the notebooks give their figures (a code cell's metadata
    ``mystnb.image.alt``), by document: Sphinx's gettext builder does not see them, since the
    image is made from the output only when the page is written."""
    found = {}
    for notebook in sorted((root / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        alts = [(number, cell["metadata"]["mystnb"]["image"]["alt"]) for number, cell in enumerate(cells)
                if cell["cell_type"] == "code" and cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")]
        if alts:
            found[f"chapters/{notebook.stem}"] = alts
    return found


def extract_interface(root: Path = paths.ROOT):
    """The words the edition's code writes: every literal given to ``_()`` or ``N_()``."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="edition", charset="utf-8")
    for filename, line, message, comments, _context in extract_from_dir(
            root / "edition", method_map=[("**.py", "python")], keywords={"_": None, "N_": None},
            comment_tags=("TRANSLATORS:",)):
        catalog.add(message, locations=[(f"edition/{filename}", line)], auto_comments=comments)
    from edition import build

    for words in build.book_words(root):
        catalog.add(words, locations=[("_config.yml and _toc.yml", 0)])
    return catalog


def update(root: Path = paths.ROOT) -> list[Path]:
    """Merge the English into every language's catalogs; returns the catalogs written."""
    from babel.messages.catalog import Catalog

    templates = {**extract_chapters(root), i18n.INTERFACE_DOMAIN: extract_interface(root)}
    written = []
    for code in i18n.LANGUAGES:
        if code == i18n.ORIGINAL:
            continue
        for domain, template in templates.items():
            path = i18n.catalog_path(code, domain, root)
            catalog = read_catalog(path) if path.is_file() else Catalog(locale=code, project="edition", charset="utf-8")
            catalog.update(template, update_header_comment=False)
            write_catalog(path, catalog)
            written.append(path)
    return written


# A role, or inline code (which may show a role's name, as `{person}` does: not a role).
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`|`[^`]*`")
TARGET = re.compile(r"<(?P<target>[^<>]+)>\s*$")


def references(markup: str) -> list[tuple[str, str]]:
    """The roles of a message with what they point at (a target, or the citation keys): a
    translation must keep them all, or Sphinx cannot match its references."""
    found = []
    for match in ROLE.finditer(markup):
        if match["role"] is None:
            continue
        body = match["body"]
        target = TARGET.search(body)
        # without <target>, the words are the target ({term}`cadre`, {doc}`timeline`, citation keys)
        found.append((match["role"], target["target"].strip() if target else body.strip()))
    return sorted(found)


def problems(root: Path = paths.ROOT) -> list[str]:
    """Every message of the catalogs with no current translation (missing, or fuzzy: its
    English changed since), naming the catalog, the message's line, and the language."""
    found = []
    for code in i18n.LANGUAGES:
        folder = root / "locales" / code / "LC_MESSAGES"
        if code == i18n.ORIGINAL or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.po")):
            where = path.relative_to(root).as_posix()
            for message in read_catalog(path):
                if not message.id:
                    continue
                what = "fuzzy (its English changed since it was translated)" if message.fuzzy else \
                    "missing" if not message.string else None
                if not what and message.string != message.id and references(message.string) != references(message.id):
                    what = "its roles differ from the English's (every {role}`…` of the English, with its target, must stay)"
                if what:
                    found.append(f"{where}, line {message.lineno}, language {code!r}: {what}: "
                                 f"“{' '.join(str(message.id).split())[:80]}”")
    return found


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        for path in update():
            print(path.relative_to(paths.ROOT))
        return 0
    if argv == ["check"]:
        found = problems()
        print("\n".join(found) or "every message of the catalogs is translated")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
