"""Figures of the edition: drawn by functions of this package, written to figures/ by one
command (``python -m edition.figures``, i.e. ``make figures``), byte-for-byte the same on
every run: SVG for the web, PDF for the book's PDF.

Each figure is registered with ``@figure("name")``; notebooks call the same drawing
functions and show the same figures."""
from __future__ import annotations

import argparse
import hashlib
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from edition import paths  # noqa: E402

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
    "pdf.fonttype": 42,               # embedded TrueType in the PDF
}
FORMATS = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None, "Producer": "edition"}}

REGISTRY: dict[str, Callable[[], plt.Figure]] = {}


def figure(name: str):
    """Register a function that returns a matplotlib Figure under ``name``."""
    def register(function):
        REGISTRY[name] = function
        return function
    return register


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
    """Draw and save every registered figure; return file name -> SHA-256."""
    _load_figure_modules()
    digests = {}
    for name in sorted(REGISTRY):
        with plt.rc_context(STYLE):
            for path in save(REGISTRY[name](), name, folder):
                digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
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
