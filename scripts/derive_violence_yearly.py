"""Derive data/violence-yearly.csv from the original files of the three counters.

    python scripts/derive_violence_yearly.py ../shared/data/violence-yearly

The folder holds the files as published (see its README.md for each file's repository,
commit, path and licence). The output is deterministic: the same files give the same bytes.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import violence  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("originals", type=Path, help="the folder of original files")
    parser.add_argument("--output", type=Path, default=ROOT / "data" / violence.FILE)
    args = parser.parse_args()
    args.output.write_text(violence.derive(args.originals), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
