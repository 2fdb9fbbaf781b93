"""Build the book: ``python -m edition.build html|pdf|check-system``.

One place for how the book is built, used by the Makefile and the tests:
- the book at ``--root`` is built with that tree's own ``edition`` package and data,
  never this checkout's;
- every input is validated first (``edition.validate``), before Sphinx reads a page or a
  notebook runs; a problem stops the build with one sentence per problem;
- every Sphinx warning is an error, and all of them are reported (-W -n --keep-going);
- every page is rebuilt when a file the pages read changes (data, code, bibliography,
  configuration), because Sphinx does not track those files; the notebook execution
  cache, which itself notices only changes to code cells, is cleared when a file the
  notebooks read changes (``notebook_inputs``), and only then;
- a failed build leaves no site that looks complete: ``_build/html`` then holds only a page
  saying that the build failed;
- the PDF build first checks for the TeX tools and names the script that installs them.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from html import escape
from pathlib import Path

import yaml

from edition import files, i18n, metadata, paths

INSTALL_SCRIPT = "scripts/install-system-deps.sh"
# Commands the PDF build and its tests need, and the Debian package that provides each.
SYSTEM_COMMANDS = {
    "xelatex": "texlive-xetex",
    "latexmk": "latexmk",
    "xindy": "xindy",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
}
# ... and what the browser tests, the TEI tests and the benchmark need (Playwright drives the
# system Chromium; jing checks the TEI files against TEI-all).
BROWSER_COMMANDS = {
    "chromium": "chromium",
    "jing": "jing",
    "node": "nodejs",
    "npm": "npm",
}
# The TeX hyphenation patterns of each translation's PDF, and the Debian package with them.
HYPHENATION = {"es": ("hyph-es.tex", "texlive-lang-spanish")}
PDF_FONT = "FreeSerif"  # GNU FreeFont: has every character of both texts
# The PDF as the site offers it (linked from the front page): `make pdf` copies it there.
SITE_PDF = metadata.PDF_NAME


class MissingSystemTools(Exception):
    pass


# What the pages read besides their own source: the notebooks and the generated pages
# read the data, the code and the bibliography; every page reads the configuration.
PAGE_INPUTS = ("data", "edition", "locales", "references.bib", "_config.yml", "_toc.yml", "CITATION.cff")
# ... and what the validation reads in addition: the chapters and the figures.
VALIDATION_INPUTS = (*PAGE_INPUTS, "chapters", "figures", "index.md")


class NotPython(Exception):
    """A notebook cell that is not plain Python (a cell magic, a shell assignment)."""


def _edition_imports(code: str) -> set[str]:
    """Names of the edition's modules that Python code imports (anywhere in it)."""
    # IPython's line magics and shell escapes are not Python: blank them out before parsing.
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.split("\n"))
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise NotPython(str(error)) from None
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("edition.")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "edition":
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def notebook_inputs(root: Path = paths.ROOT) -> tuple[str, ...]:
    """What the notebook chapters read: the data, the bibliography (through the
    apparatus), the configuration (how they are executed), and the modules of the edition
    they import, directly or through one another. A change to anything else (the Sphinx
    extension, the build, the tests) leaves their execution cache alone. A cell that is not
    plain Python cannot be read for its imports: then the whole package counts."""
    pending = set()
    for notebook in sorted((root / "chapters").glob("*.ipynb")):
        for cell in json.loads(files.read_text(notebook, root))["cells"]:
            if cell["cell_type"] == "code":
                try:
                    pending |= _edition_imports("".join(cell["source"]))
                except NotPython:
                    return ("data", "references.bib", "_config.yml", "edition")
    modules = {"edition/__init__.py"}
    seen = set()
    while pending:
        name = pending.pop()
        seen.add(name)
        module = Path(*name.split("."))
        for candidate in (module.with_suffix(".py"), module / "__init__.py"):
            if (root / candidate).is_file():
                modules.add(candidate.as_posix())
                pending |= _edition_imports(files.read_text(root / candidate, root)) - seen
    return ("data", "references.bib", "_config.yml", *sorted(modules))


def inputs_digest(root: Path = paths.ROOT, names: tuple[str, ...] = PAGE_INPUTS) -> str:
    """SHA-256 over the named files and folders of the book (paths and contents)."""
    digest = hashlib.sha256()
    found = []
    for name in names:
        path = root / name
        found += [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    # (compiled catalogs are written by the build itself, beside the .po files it reads)
    for path in sorted(p for p in found if "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
                       and p.suffix != ".mo"):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


# What is not an input of a build: the builds' own output, the environments and caches. A change
# to any other file of the book (chapters, data, code, catalogs, figures, configuration, the
# locked requirements) builds again.
NOT_INPUTS = {"_build", ".git", ".venv", ".venv-lock", "node_modules", ".pytest_cache", "__pycache__",
              ".ipynb_checkpoints"}


def built_stamp(build_dir: Path, builder: str) -> Path:
    return build_dir / f".built-{builder}-sha256"


def build_signature(root: Path, builder: str, languages: list[str]) -> str:
    """The book's every input file, and the languages built: what a finished build is stamped with."""
    names = tuple(sorted(p.name for p in root.iterdir() if p.name not in NOT_INPUTS))
    return f"{inputs_digest(root, names)} {builder} {','.join([i18n.ORIGINAL, *languages])}"


def unchanged_since_last_build(output: Path, builder: str, languages: list[str], signature: str) -> bool:
    """Whether the last build of ``builder`` finished with exactly these inputs (``signature``,
    of build_signature) and its output is all still there: then there is nothing to build
    (Sphinx alone would take seconds to find that out, once per language)."""
    build_dir, site = output / "_build", output / "_build" / "html"
    stamp = built_stamp(build_dir, builder)
    wanted = SITE_PDF if builder == "pdflatex" else "index.html"
    outputs = [site / wanted, *(site / code / wanted for code in languages)]
    return stamp.is_file() and all(path.is_file() for path in outputs) and stamp.read_text().strip() == signature


def validate_inputs(root: Path, build_dir: Path) -> list[str]:
    """edition.validate over the book. A pass is remembered for exactly these inputs (a
    digest of every file the validation reads), so that a rebuild with nothing changed
    does not repeat it; any change, and any failure, runs it again in full."""
    from edition import validate

    stamp = build_dir / ".validated-inputs-sha256"
    current = inputs_digest(root, VALIDATION_INPUTS)
    if stamp.is_file() and stamp.read_text().strip() == current:
        return []
    problems = validate.problems(root)
    if not problems:
        build_dir.mkdir(parents=True, exist_ok=True)
        stamp.write_text(current + "\n")
    return problems


FAILED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The build failed</title></head>
<body><main><h1>The build failed</h1>
<p>This folder holds no edition: the last build stopped with the problems below. Fix them
and run <code>make html</code> again.</p>
<ul>{items}</ul></main></body></html>
"""


def mark_failed(site: Path, problems: list[str]) -> None:
    """Replace the site with one page that says the build failed and why. The saved
    environment goes too: Sphinx would not re-read unchanged pages, and so would not
    report their warnings again, and the next build would publish them."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(site.parent / ".doctrees", ignore_errors=True)
    site.mkdir(parents=True)
    items = "".join(f"<li><pre>{escape(problem)}</pre></li>" for problem in problems)
    (site / "index.html").write_text(FAILED_PAGE.format(items=items), encoding="utf-8")


def _changed(stamp: Path, current: str) -> bool:
    """True, and ``stamp`` updated, if ``current`` differs from the digest it holds."""
    if stamp.is_file() and stamp.read_text().strip() == current:
        return False
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return True


def refresh_caches(build_dir: Path, root: Path = paths.ROOT) -> tuple[bool, bool]:
    """(pages changed, notebooks changed) since the last build. Every page is rebuilt when
    anything the pages read changed (Sphinx does not track those files); the notebook
    execution cache is deleted only when something the notebooks read changed."""
    notebooks = _changed(build_dir / ".jupyter_cache.inputs-sha256", inputs_digest(root, notebook_inputs(root)))
    if notebooks:
        shutil.rmtree(build_dir / ".jupyter_cache", ignore_errors=True)
    pages = _changed(build_dir / ".pages.inputs-sha256", inputs_digest(root))
    return pages or notebooks, notebooks


def missing_system_tools(which=shutil.which, commands: dict[str, str] = SYSTEM_COMMANDS) -> list[str]:
    missing = [f"{command} (Debian package {package})"
               for command, package in commands.items() if which(command) is None]
    fc_list = which("fc-list")
    if fc_list is None or PDF_FONT not in subprocess.run(
        [fc_list, ":", "family"], capture_output=True, text=True
    ).stdout:
        missing.append(f"the {PDF_FONT} font (Debian package fonts-freefont-otf)")
    kpsewhich = which("kpsewhich")
    for code, (patterns, package) in HYPHENATION.items():
        if kpsewhich is not None and not subprocess.run([kpsewhich, patterns], capture_output=True, text=True).stdout:
            missing.append(f"the {i18n.LANGUAGES[code]} hyphenation patterns for the PDF (Debian package {package})")
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


def jupyter_book(root: Path, builder: str, output: Path, fresh: bool, config: Path | None = None,
                 toc: Path | None = None) -> list[str]:
    # Sphinx builders that Jupyter Book does not name (gettext) are its "custom" ones.
    named = ["--builder", builder] if builder in ("html", "pdflatex") else ["--builder", "custom", "--custom-builder", builder]
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
               *named, "--path-output", str(output), "-W", "-n", "--keep-going"]
    if config:
        command += ["--config", str(config)]
    if toc:
        command += ["--toc", str(toc)]
    if fresh:
        command.append("--all")
    return command


def translations(only: list[str] | None = None) -> list[str]:
    """The languages the book is translated into (each a site of its own); ``only``: those of them."""
    return [code for code in i18n.TRANSLATIONS if only is None or code in only]


# What of _config.yml and _toc.yml a reader sees, and so the interface catalog translates.
CONFIG_WORDS = ("title", "author")


def book_words(root: Path = paths.ROOT) -> list[str]:
    """The book's title and author (_config.yml) and its parts' captions (_toc.yml)."""
    config = yaml.safe_load(files.read_text(root / "_config.yml", root))
    toc = yaml.safe_load(files.read_text(root / "_toc.yml", root))
    return [config[key] for key in CONFIG_WORDS] + [part["caption"] for part in toc["parts"] if "caption" in part]


def language_config(root: Path, code: str, folder: Path) -> tuple[Path, Path]:
    """The book's _config.yml and _toc.yml for its build in ``code``: the same sources, with
    Sphinx's language (the theme's interface, the search's stemmer), the chapters' catalogs,
    and the title, author and parts' captions in that language."""
    before = i18n.language()
    i18n.set_language(code)
    try:
        config = yaml.safe_load(files.read_text(root / "_config.yml", root))
        config.setdefault("sphinx", {}).setdefault("config", {}).update(
            {"language": code, "locale_dirs": ["locales"], "gettext_compact": False})
        config.update({key: i18n.translate(config[key]) for key in CONFIG_WORDS})
        toc = yaml.safe_load(files.read_text(root / "_toc.yml", root))
        for part in toc["parts"]:
            if "caption" in part:
                part["caption"] = i18n.translate(part["caption"])
    finally:
        i18n.set_language(before)
    folder.mkdir(parents=True, exist_ok=True)
    config_path, toc_path = folder / f"_config.{code}.yml", folder / f"_toc.{code}.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the table of contents names its files from the book's folder
    toc_path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path, toc_path


def book_environment(root: Path) -> dict[str, str]:
    """The environment of a build of the book at ``root``: its own package first on the
    path, for this process's children, Sphinx and the notebook kernels alike."""
    return {**os.environ, "PYTHONPATH": str(root)}


def build(builder: str, root: Path = paths.ROOT, output: Path | None = None, fresh: bool = False,
          languages: list[str] | None = None) -> int:
    output = output or root
    build_dir, site = output / "_build", output / "_build" / "html"
    if builder == "pdflatex":
        check_system()
    built = translations(languages)
    # taken before the build: a file edited while it runs is not what it built
    signature = build_signature(root, builder, built)
    if not fresh and unchanged_since_last_build(output, builder, built, signature):
        print(f"edition.build: nothing changed since the last {builder} build; nothing to do", flush=True)
        return 0
    built_stamp(build_dir, builder).unlink(missing_ok=True)  # a build that stops half-way leaves no stamp
    problems = validate_inputs(root, build_dir)
    if problems:
        print(f"edition.build: the book's inputs have {len(problems)} problem{'s' * (len(problems) > 1)}; "
              "nothing was built:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        if builder == "html":
            mark_failed(site, problems)
        return 1
    pages_changed, notebooks_changed = refresh_caches(build_dir, root)
    if notebooks_changed:
        print("edition.build: what the notebooks read changed: notebook cache cleared", flush=True)
    if pages_changed:
        print("edition.build: data, code, bibliography or configuration changed: every page rebuilt", flush=True)
        fresh = True
    started = time.monotonic()
    # The translations are built beside the original, at the same time (one per core), each
    # into _build/<language>/ with a notebook cache of its own (their figures are in their
    # language), then copied into the site as _build/html/<language>/.
    others = {}
    if builder in ("html", "pdflatex"):
        for code in built:
            code_output = build_dir / code
            code_changed = refresh_caches(code_output / "_build", root)[0]  # always: it clears a stale notebook cache
            code_fresh = fresh or code_changed
            code_output.mkdir(parents=True, exist_ok=True)
            log = (code_output / "build.log").open("w", encoding="utf-8")
            config, toc = language_config(root, code, code_output)
            others[code] = (subprocess.Popen(
                jupyter_book(root, builder, code_output, code_fresh, config, toc),
                cwd=root, env={**book_environment(root), "EDITION_LANGUAGE": code}, stdout=log,
                stderr=subprocess.STDOUT), log, code_output)
    result = subprocess.run(jupyter_book(root, builder, output, fresh), cwd=root, env=book_environment(root))
    for code, (process, log, code_output) in others.items():
        returncode = process.wait()
        log.close()
        what = "site" if builder == "html" else "PDF"
        print(f"edition.build: the {i18n.LANGUAGES[code]} {what} ({code}): "
              f"{files.read_text(code_output / 'build.log', root) if returncode else 'built'}", flush=True)
        if returncode == 0 and result.returncode == 0 and builder == "html":
            shutil.rmtree(site / code, ignore_errors=True)
            shutil.copytree(code_output / "_build" / "html", site / code)
        if builder == "pdflatex":
            code_pdf = site / code / SITE_PDF
            if returncode == 0 and (site / code).is_dir():
                shutil.copyfile(code_output / "_build" / "latex" / "book.pdf", code_pdf)
                print(f"edition.build: PDF copied into the site as {code}/{SITE_PDF}", flush=True)
            else:
                code_pdf.unlink(missing_ok=True)
        result = result if returncode == 0 else subprocess.CompletedProcess(result.args, returncode)
    print(f"edition.build: {builder} build took {time.monotonic() - started:.1f} s "
          f"(exit code {result.returncode})", flush=True)
    if builder == "html" and result.returncode != 0:
        mark_failed(site, ["Sphinx reported the errors printed above this page's build (run make html to see them)."])
        print("edition.build: the build failed; _build/html now holds only a page that says so", file=sys.stderr)
    if builder == "pdflatex":
        site_pdf = site / SITE_PDF
        if result.returncode == 0 and site.is_dir():
            shutil.copyfile(output / "_build" / "latex" / "book.pdf", site_pdf)
            print(f"edition.build: PDF copied into the site as {SITE_PDF}", flush=True)
        else:
            site_pdf.unlink(missing_ok=True)  # no stale PDF beside a failed build
    if result.returncode == 0:
        built_stamp(build_dir, builder).write_text(signature + "\n")
    return result.returncode


def own_package(root: Path) -> bool:
    """True when the ``edition`` package running this is the one of the book at ``root``."""
    return paths.ROOT.resolve() == root.resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.build", description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=["html", "pdf", "check-system"])
    parser.add_argument("--root", type=Path, default=paths.ROOT, help="book folder (default: this repository)")
    parser.add_argument("--output", type=Path, help="folder that receives _build/ (default: the book folder)")
    parser.add_argument("--all", action="store_true", help="rebuild every page from scratch")
    parser.add_argument("--languages", nargs="+", choices=list(i18n.LANGUAGES),
                        help="build only these languages' sites (default: all; the original is always built)")
    args = parser.parse_args(argv)
    try:
        if args.target == "check-system":
            check_system(browser=True)
            print("edition.build: all system tools for the PDF build and the browser tests are installed")
            return 0
        builder = {"html": "html", "pdf": "pdflatex"}[args.target]
        root = args.root.resolve()
        if not own_package(root):
            # Build another tree with its own code and data: run again with its package first.
            if os.environ.get("EDITION_BUILD_ROOT") == str(root) or not (root / "edition" / "__init__.py").is_file():
                print(f"edition.build: {root} has no edition package of its own to build with "
                      f"(this one is {paths.ROOT})", file=sys.stderr)
                return 2
            command = [sys.executable, "-m", "edition.build", args.target, "--root", str(root)]
            command += ["--output", str(args.output.resolve())] if args.output else []
            command += ["--all"] if args.all else []
            command += ["--languages", *args.languages] if args.languages else []
            env = {**book_environment(root), "EDITION_BUILD_ROOT": str(root)}
            return subprocess.run(command, env=env, cwd=root).returncode
        return build(builder, root, args.output.resolve() if args.output else None, args.all, args.languages)
    except MissingSystemTools as error:
        print(f"edition.build: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
