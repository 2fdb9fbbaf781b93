"""Unchanged notebooks are not executed again, and an incremental build gives what a
clean build gives: a change to references.bib (which Sphinx does not track for the hover
notes) reaches every page at the next build."""
from __future__ import annotations

import json

from conftest import copy_book, run_build
from edition import build
from edition.sphinxext import guards
from harness import books

OLD_DATE, NEW_DATE = "day          = {27},\n  url          = {https://www.latimes.com/archives/la-xpm-1990-04-27", \
    "day          = {28},\n  url          = {https://www.latimes.com/archives/la-xpm-1990-04-27"
CHAPTER = "chapters/ww-strategy-for-the-mass.html"


def first_incremental_clean(folder, session_build):
    """A copy built from the session's notebook cache; then, after a date in references.bib
    changes, built again over its own output, and built clean beside it. The notebooks run
    once, in the incremental build (they read the bibliography); the clean build starts from
    the incremental one's notebook cache and differs only in reading every page afresh."""
    book, output = copy_book(folder), folder / "incremental"
    books.seed_notebook_cache(session_build, output)
    first = run_build("html", root=book, output=output)
    first_chapter = (first.html / CHAPTER).read_text(encoding="utf-8") if first.returncode == 0 else ""
    bibliography = book / "references.bib"
    text = bibliography.read_text(encoding="utf-8")
    assert text.count(OLD_DATE) == 1
    bibliography.write_text(text.replace(OLD_DATE, NEW_DATE), encoding="utf-8")
    incremental = run_build("html", root=book, output=output)
    books.seed_notebook_cache(output / "_build", folder / "clean")
    clean = run_build("html", root=book, output=folder / "clean", fresh=True)
    return first, first_chapter, incremental, clean


BACKGROUND_JOBS = {"incremental": first_incremental_clean}


def site_pages(build) -> dict[str, str]:
    return {page.relative_to(build.html).as_posix(): page.read_text(encoding="utf-8")
            for page in guards.pages(build.html)}


def test_a_changed_bibliography_date_reaches_the_hover_notes_as_in_a_clean_build(background):
    first, first_chapter, incremental, clean = background("incremental")
    assert first.returncode == 0, first.log[-5000:]
    # a full build of unchanged notebooks takes them from the execution cache
    assert "Using cached notebook" in first.log and "Executing notebook" not in first.log, first.log[-3000:]
    assert "(Los Angeles Times, 27 April 1990)" in first_chapter

    assert incremental.returncode == 0 and clean.returncode == 0, incremental.log[-3000:] + clean.log[-3000:]
    # the notebooks read the bibliography (through the apparatus): their cache was cleared
    assert "Executing notebook" in incremental.log
    chapter = (incremental.html / CHAPTER).read_text(encoding="utf-8")
    assert "(Los Angeles Times, 28 April 1990)" in chapter and "27 April 1990" not in chapter
    incremental_pages, clean_pages = site_pages(incremental), site_pages(clean)
    assert sorted(incremental_pages) == sorted(clean_pages)
    differing = [name for name in clean_pages if incremental_pages[name] != clean_pages[name]]
    assert differing == [], f"pages that differ from a clean build: {differing}"


def test_the_notebook_cache_depends_on_what_the_notebooks_read_and_nothing_else(tmp_path):
    inputs = build.notebook_inputs()
    assert {"data", "references.bib", "_config.yml", "edition/violence.py", "edition/geo.py"} <= set(inputs)
    assert not [name for name in inputs if name.startswith("edition/sphinxext") or name == "edition/build.py"]
    assert not [name for name in inputs if name.startswith("tests")]
    # a cell that is not plain Python: its imports cannot be read, so the whole package counts
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "chapters" / "shell.ipynb").write_text(json.dumps({"cells": [
        {"cell_type": "code", "source": ["files = !ls\n", "from edition import data"]}]}), encoding="utf-8")
    assert "edition" in build.notebook_inputs(book)
