"""Figures of the edition: drawn by functions of this package, written to figures/ by one
command (``python -m edition.figures``, i.e. ``make figures``), byte-for-byte the same on
every run: SVG for the web, PDF for the book's PDF.

Each figure is registered with ``@figure("name", inputs=...)``, naming the files it is
drawn from; notebooks call the same drawing functions and show the same figures.
``figures/manifest.json`` records, for every figure, the SHA-256 of those inputs and of the
files written, so that the build can tell, without drawing anything, that a figure beside
the text no longer matches the data (``stale``).

Each translation of the book has its own drawing of every figure, by the same functions with
their words in that language (``edition.i18n``), in figures/<language>/ with a manifest of its
own, whose inputs include the language's catalog."""
from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from edition import files, i18n, paths  # noqa: E402

# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermilion": "#D55E00", "purple": "#CC79A7",
    "grey": "#7F7F7F",
}
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "lima-edition",   # stable ids inside the SVG
    "svg.fonttype": "none",           # text stays text: smaller files, selectable and searchable
    "text.parse_math": False,         # labels come from the data: a "$" in them is a dollar sign
    "pdf.fonttype": 42,               # embedded TrueType in the PDF
}
FORMATS = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None, "Producer": "edition"}}

REGISTRY: dict[str, Callable[[], plt.Figure]] = {}
# The files each figure is drawn from, relative to the book (code included: the style and
# the drawing module).
INPUTS: dict[str, tuple[str, ...]] = {}
MANIFEST = "manifest.json"


def figure(name: str, inputs: tuple[str, ...] = ()):
    """Register a function that returns a matplotlib Figure under ``name``, drawn from
    the data files ``inputs`` (and the code of this module and of the function's own)."""
    def register(function):
        REGISTRY[name] = function
        module = "edition/" + function.__module__.split(".")[-1] + ".py"
        INPUTS[name] = tuple(dict.fromkeys(("edition/figures.py", module, *inputs)))
        return function
    return register


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# The translated collections (edition.translations) whose words the figures draw: place and
# organisation names, claims, the chronology's labels, the zones, the counts' definitions.
FIGURE_TRANSLATIONS = ("entities", "claims", "timeline", "zones", "political-violence")


def inputs(name: str, language: str = i18n.ORIGINAL) -> tuple[str, ...]:
    """What figure ``name`` is drawn from in ``language``: its data and code, and the
    catalog of its words in a translation."""
    if language == i18n.ORIGINAL:
        return INPUTS[name]
    # its words: the code's catalog, and the translated data the figures draw
    translated = [f"data/translations/{language}/{name}.yml" for name in FIGURE_TRANSLATIONS]
    return (*INPUTS[name], i18n.catalog_path(language, root=Path()).as_posix(), *translated)


def manifest(folder: Path = paths.FIGURES, root: Path = paths.ROOT, language: str = i18n.ORIGINAL) -> dict:
    """For every figure: the digests of its inputs now, and of its files in ``folder``."""
    _load_figure_modules()
    return {name: {"inputs": {path: _sha256(root / path) for path in inputs(name, language)},
                   "files": {f"{name}.{extension}": _sha256(folder / f"{name}.{extension}")
                             for extension in FORMATS if (folder / f"{name}.{extension}").is_file()}}
            for name in sorted(REGISTRY)}


def stale(folder: Path = paths.FIGURES, root: Path = paths.ROOT) -> list[str]:
    """Why the figures in ``folder`` (and its translations' folders) may not show the
    current data: one sentence each."""
    problems = _stale(folder, root, i18n.ORIGINAL)
    for code in i18n.TRANSLATIONS:
        problems += _stale(folder / code, root, code)
    return problems


def _stale(folder: Path, root: Path, language: str) -> list[str]:
    where = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
    recorded_file = folder / MANIFEST
    if not recorded_file.is_file():
        return [f"{where}/{MANIFEST} is missing: run `make figures`"]
    recorded = json.loads(files.read_text(recorded_file, root))
    problems = []
    for name, now in manifest(folder, root, language).items():
        before = recorded.get(name, {"inputs": {}, "files": {}})
        changed = [path for path, digest in now["inputs"].items() if before["inputs"].get(path) != digest]
        if changed:
            problems.append(f"{where}/{name}.svg and .pdf were drawn before {', '.join(changed)} changed, so "
                            "they may not show the current data: run `make figures`")
        edited = [file for file in (f"{name}.{e}" for e in FORMATS)
                  if now["files"].get(file) != before["files"].get(file)]
        if edited:
            problems.append(f"{where}/{', '.join(edited)}: not the file{'s' if len(edited) > 1 else ''} that "
                            "`make figures` wrote (missing or edited by hand): run `make figures`")
    return problems


def save(fig: plt.Figure, name: str, folder: Path = paths.FIGURES) -> list[Path]:
    """Write ``name.svg`` and ``name.pdf`` deterministically; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for extension, metadata in FORMATS.items():
        path = folder / f"{name}.{extension}"
        fig.savefig(path, format=extension, metadata=metadata, bbox_inches="tight")
        written.append(path)
    plt.close(fig)
    return written


def draw(name: str) -> plt.Figure:
    """The figure ``name``, drawn with the edition's style."""
    _load_figure_modules()
    with plt.rc_context(STYLE):
        return REGISTRY[name]()


def write_all(folder: Path = paths.FIGURES) -> dict[str, str]:
    """Draw and save every registered figure and the manifest, in the original language and
    in each translation's folder; return file name -> SHA-256."""
    digests = _write_language(folder, i18n.ORIGINAL)
    for code in i18n.TRANSLATIONS:
        digests.update({f"{code}/{name}": digest for name, digest in _write_language(folder / code, code).items()})
    return digests


def _write_language(folder: Path, language: str) -> dict[str, str]:
    _load_figure_modules()
    before = i18n.language()
    i18n.set_language(language)
    try:
        digests = {}
        for name in sorted(REGISTRY):
            with plt.rc_context(STYLE):
                for path in save(REGISTRY[name](), name, folder):
                    digests[path.name] = _sha256(path)
    finally:
        i18n.set_language(before)
    (folder / MANIFEST).write_text(json.dumps(manifest(folder, language=language), indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    digests[MANIFEST] = _sha256(folder / MANIFEST)
    return digests


def _load_figure_modules() -> None:
    # Importing the modules registers their figures.
    from edition import charts, geo, timeline  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.figures", description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=paths.FIGURES)
    args = parser.parse_args(argv)
    # Run as ``python -m``, this file is __main__; the figures register themselves with
    # the module imported as edition.figures, so use that one.
    from edition import figures as registered
    digests = registered.write_all(args.output)
    if not digests:
        parser.error("no figures are registered")
    for name, digest in digests.items():
        print(f"{args.output / name}  sha256 {digest[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
