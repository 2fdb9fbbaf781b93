"""Unchanged notebooks are not executed again, and an incremental build gives what a
clean build gives: a change to references.bib (which Sphinx does not track for the hover
notes) reaches every page at the next build."""
from __future__ import annotations

import json

from edition import build, paths
from edition.sphinxext import guards
# The builds are those of test_strict_build's scenario, which goes on from a fixed build.
from test_strict_build import BACKGROUND_JOBS, CHAPTER  # noqa: F401 - registers the job here too


def site_pages(build) -> dict[str, str]:
    return {page.relative_to(build.html).as_posix(): page.read_text(encoding="utf-8")
            for page in guards.pages(build.html)}


def test_a_changed_bibliography_date_reaches_the_hover_notes_as_in_a_clean_build(background):
    builds = background("strict-then-incremental")
    first, incremental, clean = builds["fixed"], builds["incremental"], builds["clean"]
    assert first.returncode == 0, first.log[-5000:]
    # a build of unchanged notebooks (after a failed one) takes them all from the execution cache
    notebooks = len(list(paths.CHAPTERS.glob("*.ipynb")))
    assert first.log.count("Using cached notebook") == notebooks and "Executing notebook" not in first.log, \
        first.log[-3000:]
    assert "(Los Angeles Times, 27 April 1990)" in builds["fixed chapter"]

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


def test_a_build_with_nothing_changed_does_nothing_and_any_change_builds_again(tmp_path):
    book, output = tmp_path / "book", tmp_path / "out"
    (book / "chapters").mkdir(parents=True)
    (book / "chapters" / "a.md").write_text("# A\n", encoding="utf-8")
    (book / "_build").mkdir()
    (book / "_build" / "scratch.txt").write_text("the build's own output is no input", encoding="utf-8")
    site = output / "_build" / "html"
    (site / "es").mkdir(parents=True)
    for page in (site / "index.html", site / "es" / "index.html"):
        page.write_text("<html></html>", encoding="utf-8")
    stamp = build.built_stamp(output / "_build", "html")

    def unchanged(builder: str = "html", languages: tuple[str, ...] = ("es",)) -> bool:
        return build.unchanged_since_last_build(output, builder, list(languages),
                                                build.build_signature(book, builder, list(languages)))

    assert not unchanged()  # never built
    stamp.write_text(build.build_signature(book, "html", ["es"]) + "\n", encoding="utf-8")
    assert unchanged()
    (book / "_build" / "scratch.txt").write_text("changed", encoding="utf-8")
    assert unchanged()
    assert not unchanged(languages=())  # other languages
    assert not unchanged("pdflatex")  # another builder
    (site / "es" / "index.html").unlink()
    assert not unchanged()  # its output gone
    (site / "es" / "index.html").write_text("<html></html>", encoding="utf-8")
    (book / "chapters" / "a.md").write_text("# A, changed\n", encoding="utf-8")
    assert not unchanged()  # an input changed
