"""The build is strict: warnings and notebook errors fail it, all of them are reported,
and a source that no longer matches its manifest stops it with a clear message."""
import json

from conftest import copy_book, run_build


def test_warnings_and_a_failing_cell_fail_the_build_and_are_all_reported(tmp_path):
    book = copy_book(tmp_path)
    method = book / "chapters" / "editorial-method.md"
    original_method = method.read_text(encoding="utf-8")
    method.write_text(method.read_text(encoding="utf-8")
                      + "\nSee {ref}`no-such-label-anywhere` and {doc}`no-such-page-anywhere`.\n",
                      encoding="utf-8")
    notebook_file = book / "chapters" / "texts-as-received.ipynb"
    original_notebook = notebook_file.read_text(encoding="utf-8")
    notebook = json.loads(original_notebook)
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "deliberate-failure",
                              "metadata": {}, "outputs": [],
                              "source": "raise ValueError('deliberate failure for the strictness test')"})
    notebook_file.write_text(json.dumps(notebook), encoding="utf-8")

    build = run_build("html", root=book)

    assert build.returncode != 0, "the build passed despite two broken references and a failing cell"
    assert "no-such-label-anywhere" in build.log
    assert "no-such-page-anywhere" in build.log
    assert "deliberate failure for the strictness test" in build.log  # the traceback is shown
    assert "ValueError" in build.log
    # no site that looks complete, and the notebook's error report (local paths) not in it
    assert sorted(p.name for p in build.html.rglob("*")) == ["index.html"]
    assert "The build failed" in (build.html / "index.html").read_text(encoding="utf-8")
    assert list((build.html.parent / "notebook-reports").rglob("texts-as-received.err.log"))

    # after the fix, the next build gives a whole site again, still without the report
    method.write_text(original_method, encoding="utf-8")
    notebook_file.write_text(original_notebook, encoding="utf-8")
    build = run_build("html", root=book)
    assert build.returncode == 0, build.log[-5000:]
    assert (build.html / "chapters" / "texts-as-received.html").is_file()
    assert not (build.html / "reports").exists()
    assert "deliberate failure" not in (build.html / "chapters" / "texts-as-received.html").read_text(encoding="utf-8")


def test_a_tampered_source_stops_the_build_naming_file_and_hashes(tmp_path):
    book = copy_book(tmp_path)
    source = book / "data" / "sources" / "lfi-1997-peruvian-hostage-crisis-exposes-poverty.txt"
    source.write_bytes(source.read_bytes().replace(b"Juanjui", b"Juanjui\xcc\x81", 1))  # add an accent
    build = run_build("html", root=book)
    assert build.returncode != 0
    assert "lfi-1997-peruvian-hostage-crisis-exposes-poverty.txt: SHA-256 mismatch" in build.log
    assert "889d4a9c02aef46af699e93d263dfb9d447aacbfc75bcd0e8fc5e597f7c23080" in build.log
    assert "reading sources" not in build.log  # it stopped before reading any page
