"""The build is strict: warnings and notebook errors fail it, all of them are reported,
and a source that no longer matches its manifest stops it with a clear message."""
import json

import pytest

from conftest import copy_book, run_build
from harness import books


OLD_DATE, NEW_DATE = "day          = {27},\n  url          = {https://www.latimes.com/archives/la-xpm-1990-04-27", \
    "day          = {28},\n  url          = {https://www.latimes.com/archives/la-xpm-1990-04-27"
CHAPTER = "chapters/ww-strategy-for-the-mass.html"


def broken_fixed_changed_clean(folder, session_build):
    """One copy of the book, built four times from the session's notebook cache:
    1. broken: two broken references and a failing cell (only that notebook runs);
    2. fixed, over what the failure left (every notebook from the cache);
    3. after a date in references.bib changes, over its own output (the notebooks read the
       bibliography, so they run again);
    4. clean, beside it, from the third build's notebook cache.
    What each build left is recorded before the next replaces it. This module's tests read
    the first two; test_incremental's, the last three."""
    book, output = copy_book(folder), folder / "output"
    books.seed_notebook_cache(session_build, output)
    method = book / "chapters" / "editorial-method.md"
    original_method = method.read_text(encoding="utf-8")
    method.write_text(original_method + "\nSee {ref}`no-such-label-anywhere` and {doc}`no-such-page-anywhere`.\n",
                      encoding="utf-8")
    notebook_file = book / "chapters" / "texts-as-received.ipynb"
    original_notebook = notebook_file.read_text(encoding="utf-8")
    notebook = json.loads(original_notebook)
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "deliberate-failure",
                              "metadata": {}, "outputs": [],
                              "source": "raise ValueError('deliberate failure for the strictness test')"})
    notebook_file.write_text(json.dumps(notebook), encoding="utf-8")
    broken = run_build("html", root=book, output=output)
    left = {"files": sorted(p.name for p in broken.html.rglob("*")),
            "index": (broken.html / "index.html").read_text(encoding="utf-8"),
            "reports": list((broken.html.parent / "notebook-reports").rglob("texts-as-received.err.log"))}
    method.write_text(original_method, encoding="utf-8")
    notebook_file.write_text(original_notebook, encoding="utf-8")

    fixed = run_build("html", root=book, output=output)
    pages = {"fixed chapter": (fixed.html / CHAPTER).read_text(encoding="utf-8") if fixed.returncode == 0 else "",
             "fixed notebook": (fixed.html / "chapters" / "texts-as-received.html").read_text(encoding="utf-8")
             if fixed.returncode == 0 else "",
             "fixed reports": (fixed.html / "reports").exists()}
    bibliography = book / "references.bib"
    text = bibliography.read_text(encoding="utf-8")
    assert text.count(OLD_DATE) == 1
    bibliography.write_text(text.replace(OLD_DATE, NEW_DATE), encoding="utf-8")
    incremental = run_build("html", root=book, output=output)
    books.seed_notebook_cache(output / "_build", folder / "clean")
    clean = run_build("html", root=book, output=folder / "clean", fresh=True)
    return {"broken": broken, "left": left, "fixed": fixed, **pages, "incremental": incremental, "clean": clean}


BACKGROUND_JOBS = {"strict-then-incremental": broken_fixed_changed_clean}


def test_warnings_and_a_failing_cell_fail_the_build_and_are_all_reported(background):
    builds = background("strict-then-incremental")
    build, left, fixed = builds["broken"], builds["left"], builds["fixed"]
    assert build.returncode != 0, "the build passed despite two broken references and a failing cell"
    assert "no-such-label-anywhere" in build.log
    assert "no-such-page-anywhere" in build.log
    assert "deliberate failure for the strictness test" in build.log  # the traceback is shown
    assert "ValueError" in build.log
    # no site that looks complete, and the notebook's error report (local paths) not in it
    assert left["files"] == ["index.html"]
    assert "The build failed" in left["index"]
    assert left["reports"]

    # after the fix, the next build gives a whole site again, still without the report
    assert fixed.returncode == 0, fixed.log[-5000:]
    assert builds["fixed notebook"] and not builds["fixed reports"]
    assert "deliberate failure" not in builds["fixed notebook"]


@pytest.mark.book
def test_a_tampered_source_stops_the_build_naming_file_and_hashes(tmp_path):
    book = copy_book(tmp_path)
    source = book / "data" / "sources" / "lfi-1997-peruvian-hostage-crisis-exposes-poverty.txt"
    source.write_bytes(source.read_bytes().replace(b"Juanjui", b"Juanjui\xcc\x81", 1))  # add an accent
    build = run_build("html", root=book)
    assert build.returncode != 0
    assert "lfi-1997-peruvian-hostage-crisis-exposes-poverty.txt: SHA-256 mismatch" in build.log
    assert "889d4a9c02aef46af699e93d263dfb9d447aacbfc75bcd0e8fc5e597f7c23080" in build.log
    assert "reading sources" not in build.log  # it stopped before reading any page
