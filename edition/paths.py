"""Where things are in the repository, so no notebook or test needs a path literal."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = DATA / "sources"
SOURCE_MANIFEST = SOURCES / "SHA256SUMS"
TEXTS_FILE = DATA / "texts.yml"
CHAPTERS = ROOT / "chapters"
FIGURES = ROOT / "figures"
BUILD = ROOT / "_build"
