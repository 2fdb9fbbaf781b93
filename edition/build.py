"""Build the book: ``python -m edition.build html|pdf|check-system``.

One place for how the book is built, used by the Makefile and the tests:
- every Sphinx warning is an error, and all of them are reported (-W -n --keep-going);
- the notebook execution cache is cleared when a data file or the edition's code
  changes, because the cache itself only notices changes to code cells;
- the PDF build first checks for the TeX tools and names the script that installs them.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from edition import paths

INSTALL_SCRIPT = "scripts/install-system-deps.sh"
# Commands the PDF build and its tests need, and the Debian package that provides each.
SYSTEM_COMMANDS = {
    "xelatex": "texlive-xetex",
    "latexmk": "latexmk",
    "xindy": "xindy",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
}
# ... and what the browser tests and the benchmark need (Playwright drives the system Chromium).
BROWSER_COMMANDS = {
    "chromium": "chromium",
    "node": "nodejs",
    "npm": "npm",
}
PDF_FONT = "FreeSerif"  # GNU FreeFont: has every character of both texts
# The PDF as the site offers it (linked from the front page): `make pdf` copies it there.
SITE_PDF = "lima-hostage-crisis-edition.pdf"


# What a copy of the book leaves out: builds, environments and caches.
COPY_IGNORE = shutil.ignore_patterns("_build", ".venv", ".venv-lock", ".git", "node_modules", "__pycache__",
                                     ".pytest_cache", "*.egg-info", ".ipynb_checkpoints")


def copy_book(target: Path, root: Path = paths.ROOT) -> Path:
    """A copy of the book's sources at ``target``, for builds that must start clean."""
    shutil.copytree(root, target, ignore=COPY_IGNORE)
    return target


def run_in_subprocess(target: str, root: Path, output: Path | None = None, fresh: bool = False,
                      prefix: list[str] | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run ``python -m edition.build`` as the Makefile does, with the book at ``root``.

    PYTHONPATH points at ``root`` so that the Sphinx extension and the notebook kernels
    import the ``edition`` package of that copy, not of this checkout."""
    output = output or root
    command = [sys.executable, "-m", "edition.build", target, "--root", str(root), "--output", str(output)]
    if fresh:
        command.append("--all")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run((prefix or []) + command, cwd=root, env=env, capture_output=True,
                          text=True, timeout=timeout)


class MissingSystemTools(Exception):
    pass


def inputs_digest(root: Path = paths.ROOT) -> str:
    """SHA-256 over the data files and the edition's code, which notebooks read."""
    digest = hashlib.sha256()
    files = sorted(p for folder in ("data", "edition") for p in (root / folder).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh_execution_cache(build_dir: Path, root: Path = paths.ROOT) -> bool:
    """Delete the notebook cache if the inputs changed since the last build. True if they changed."""
    cache, stamp = build_dir / ".jupyter_cache", build_dir / ".jupyter_cache.inputs-sha256"
    current = inputs_digest(root)
    if stamp.is_file() and stamp.read_text().strip() == current:
        return False
    shutil.rmtree(cache, ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return True


def missing_system_tools(which=shutil.which, commands: dict[str, str] = SYSTEM_COMMANDS) -> list[str]:
    missing = [f"{command} (Debian package {package})"
               for command, package in commands.items() if which(command) is None]
    fc_list = which("fc-list")
    if fc_list is None or PDF_FONT not in subprocess.run(
        [fc_list, ":", "family"], capture_output=True, text=True
    ).stdout:
        missing.append(f"the {PDF_FONT} font (Debian package fonts-freefont-otf)")
    return missing


def check_system(which=shutil.which, browser: bool = False) -> None:
    commands = {**SYSTEM_COMMANDS, **BROWSER_COMMANDS} if browser else SYSTEM_COMMANDS
    missing = missing_system_tools(which, commands)
    if missing:
        needs = "The PDF build and the browser tests need" if browser else "The PDF build needs"
        raise MissingSystemTools(
            f"{needs} TeX Live and a few other system packages that are not installed:\n  - "
            + "\n  - ".join(missing)
            + f"\nInstall them with:  sudo bash {INSTALL_SCRIPT}"
        )


def toc_documents(root: Path = paths.ROOT) -> list[str]:
    """Every document of the book, in the order of _toc.yml ('index', 'chapters/...')."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    documents = [toc["root"]]
    for part in toc["parts"]:
        documents += [chapter["file"] for chapter in part["chapters"]]
    return documents


def jupyter_book(root: Path, builder: str, output: Path, fresh: bool) -> list[str]:
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
               "--builder", builder, "--path-output", str(output), "-W", "-n", "--keep-going"]
    if fresh:
        command.append("--all")
    return command


def build(builder: str, root: Path = paths.ROOT, output: Path | None = None, fresh: bool = False) -> int:
    output = output or root
    if builder == "pdflatex":
        check_system()
    if refresh_execution_cache(output / "_build", root):
        # Sphinx does not notice changes to the edition's code or data either.
        print("edition.build: data or code changed: notebook cache cleared, every page rebuilt", flush=True)
        fresh = True
    started = time.monotonic()
    result = subprocess.run(jupyter_book(root, builder, output, fresh), cwd=root)
    print(f"edition.build: {builder} build took {time.monotonic() - started:.1f} s "
          f"(exit code {result.returncode})", flush=True)
    site = output / "_build" / "html"
    if builder == "pdflatex" and result.returncode == 0 and site.is_dir():
        shutil.copyfile(output / "_build" / "latex" / "book.pdf", site / SITE_PDF)
        print(f"edition.build: PDF copied into the site as {SITE_PDF}", flush=True)
    return result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.build", description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=["html", "pdf", "check-system"])
    parser.add_argument("--root", type=Path, default=paths.ROOT, help="book folder (default: this repository)")
    parser.add_argument("--output", type=Path, help="folder that receives _build/ (default: the book folder)")
    parser.add_argument("--all", action="store_true", help="rebuild every page from scratch")
    args = parser.parse_args(argv)
    try:
        if args.target == "check-system":
            check_system(browser=True)
            print("edition.build: all system tools for the PDF build and the browser tests are installed")
            return 0
        builder = {"html": "html", "pdf": "pdflatex"}[args.target]
        return build(builder, args.root.resolve(), args.output.resolve() if args.output else None, args.all)
    except MissingSystemTools as error:
        print(f"edition.build: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
