"""The build is strict: warnings and notebook errors fail it, all of them are reported,
and a source that no longer matches its manifest stops it with a clear message."""
import json

import pytest

from conftest import copy_book, run_build
from harness import books


def broken_then_fixed(folder, session_build):
    """A copy with two broken references and a failing cell, built from the session's
    notebook cache (only the broken notebook runs), then fixed and built again. What the
    first build left is recorded before the second replaces it."""
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
    return broken, left, run_build("html", root=book, output=output)


BACKGROUND_JOBS = {"strict": broken_then_fixed}


def test_warnings_and_a_failing_cell_fail_the_build_and_are_all_reported(background):
    build, left, fixed = background("strict")
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
    assert (fixed.html / "chapters" / "texts-as-received.html").is_file()
    assert not (fixed.html / "reports").exists()
    assert "deliberate failure" not in (fixed.html / "chapters" / "texts-as-received.html").read_text(encoding="utf-8")


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
