"""Shared fixtures: the real HTML and PDF builds, made once per test session into
_build/tests/; the extended book (a copy with a synthetic third text and poisoned data
strings), built once; and copies of the book for tests that break things on purpose.

A test that needs a whole build, a notebook kernel or Chromium is marked ``book``: by
one of the fixtures below, or by hand where it builds a copy itself. ``make check`` runs
the others (``pytest -m "not book"``); ``make test`` runs everything."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import build, i18n, paths
from harness import books, browser, poison

TEST_OUTPUT = paths.BUILD / "tests"
EXTENDED_OUTPUT = paths.BUILD / "tests-extended"  # the extended book: its copy and its build
SCENARIOS = paths.BUILD / "tests-scenarios"      # the test modules' scenarios of builds


@dataclass(frozen=True)
class Build:
    returncode: int
    log: str
    output: Path  # the folder holding _build/
    root: Path    # the book that was built
    without_network: bool = False

    @property
    def html(self) -> Path:
        return self.output / "_build" / "html"

    @property
    def pdf(self) -> Path:
        return self.output / "_build" / "latex" / "book.pdf"


# Fixtures that build the book or start Chromium: a test that uses one is marked `book`.
BOOK_FIXTURES = {"html_build", "pdf_build", "site", "chromium", "view", "desktop", "pdf_plain_text",
                 "extended_build", "background"}
_current_test: list = []


def pytest_collection_modifyitems(items):
    for item in items:
        if BOOK_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.book)


@pytest.fixture(autouse=True)
def _record_current_test(request):
    _current_test[:] = [request.node]
    yield
    _current_test.clear()


_build_times: list[tuple[str, float, float]] = []  # (output folder, start, end) of every build


# The builds whose results the last tests wait for (the scenario of test_strict_build and
# test_incremental) come first; the PDF, the extended book and the page audits, whose
# results are ready well before, run at this lower priority (niceness) and yield the CPU.
LOWER_PRIORITY = 10


def _build(target: str, root: Path = paths.ROOT, output: Path | None = None, fresh: bool = False,
           prefix: list[str] | None = None, timeout: int = 900, lower_priority: bool = False,
           languages: list[str] | None = None) -> Build:
    output = output or root
    started = time.monotonic()
    result = books.run_in_subprocess(target, root, output, fresh,
                                     (["nice", "-n", str(LOWER_PRIORITY)] if lower_priority else []) + (prefix or []),
                                     timeout, languages)
    _build_times.append((f"{target} {output.relative_to(output.anchor)}", started, time.monotonic()))
    return Build(result.returncode, result.stdout + result.stderr, output, root, prefix == books.NO_NETWORK)


def run_build(target: str, root: Path = paths.ROOT, output: Path | None = None, fresh: bool = False,
              prefix: list[str] | None = None, timeout: int = 900) -> Build:
    """A build of the book at ``root`` in a subprocess, as the Makefile runs it. Only a test
    marked ``book`` may build: the fast lane (make check) must stay fast."""
    in_a_test = threading.current_thread() is threading.main_thread() and _current_test
    if in_a_test and _current_test[0].get_closest_marker("book") is None:
        raise AssertionError(f"{_current_test[0].nodeid} builds the book but is not marked 'book'")
    return _build(target, root, output, fresh, prefix, timeout)


# ---- the session's builds, started in the background ------------------------------------
# The session's builds run in subprocesses; each is started in a thread as soon as the
# tests are collected (the scenarios as soon as the HTML build has made its notebook cache),
# so that the builds use the second core while the first runs tests, and the fixtures below
# wait for them.

class Background:
    def __init__(self, work):
        self._result, self._error = None, None
        self.started, self.finished = time.monotonic(), None
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def _run(self, work):
        try:
            self._result = work()
        except BaseException as error:  # handed to the test that waits for it
            self._error = error
        finally:
            self.finished = time.monotonic()

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


_background: dict[str, Background] = {}


def _session_html() -> Build:
    # No pages left over from an earlier run: the site must be exactly what this build wrote.
    shutil.rmtree(TEST_OUTPUT / "_build" / "html", ignore_errors=True)
    return _build("html", output=TEST_OUTPUT, fresh=True)


def _session_pdf() -> Build | None:
    html = _background["html"].result()
    return _build("pdf", output=TEST_OUTPUT, lower_priority=True) if html.returncode == 0 else None


def _extended_book(folder: Path) -> Build:
    shutil.rmtree(folder, ignore_errors=True)
    book = copy_book(folder)
    books.add_third_text(book)
    poison.poison(book)
    subprocess.run([sys.executable, "-m", "edition.figures"], cwd=book, check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(book)})
    prefix = None if books.no_network_unavailable() else books.NO_NETWORK
    # in the original language only: its third text and poisoned strings have no translation
    # (the Spanish site's own tests hold the real book's translation complete)
    return _build("html", root=book, prefix=prefix, lower_priority=True, languages=[i18n.ORIGINAL])


def _scenario(name: str, work):
    """A test module's background job (its BACKGROUND_JOBS: a scenario of builds, or the
    audit of every page), run in a folder of its own once the session's HTML build is made
    (a copy of the book starts from its notebook cache)."""
    def run():
        html = _background["html"].result()
        if html.returncode != 0:
            raise RuntimeError("the session's HTML build failed, so its notebook cache cannot seed this scenario")
        folder = SCENARIOS / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return work(folder, html.output / "_build")
    return run


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    # The tests that need no build first, and those that need the PDF last (a stable sort:
    # otherwise pytest's order): the first run while the session's builds are made, the
    # others while the PDF is.
    if session.config.option.collectonly:
        return
    _run_start[:] = [_processor_times()]
    pdf = {"pdf_build", "pdf_plain_text"}
    session.items.sort(key=lambda item: (item.get_closest_marker("book") is not None,
                                         bool(pdf & set(getattr(item, "fixturenames", ())))))
    used = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    if used & {"html_build", "pdf_build", "site", "pdf_plain_text", "background"}:
        _background["html"] = Background(_session_html)
    if used & {"pdf_build", "pdf_plain_text"}:
        _background["pdf"] = Background(_session_pdf)
    if "extended_build" in used:
        _background["extended"] = Background(lambda: _extended_book(EXTENDED_OUTPUT))
    modules = {item.module for item in session.items if "background" in getattr(item, "fixturenames", ())}
    for module in sorted(modules, key=lambda m: m.__name__):
        for name, work in module.BACKGROUND_JOBS.items():
            if name not in _background:  # two modules may share a job
                _background[name] = Background(_scenario(name, work))


def copy_book(destination: Path) -> Path:
    """A copy of the book's sources (no builds, no virtual environment)."""
    return books.copy_book(destination / "book")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the data, chapters and bibliography, for tests that break them on purpose."""
    root = tmp_path / "book"
    shutil.copytree(paths.DATA, root / "data")
    shutil.copytree(paths.CHAPTERS, root / "chapters")
    shutil.copy(paths.ROOT / "references.bib", root / "references.bib")
    return root


def pytest_sessionfinish(session):
    """No build outlives the test run (after -x, say, or an interrupt)."""
    books.stop_all()


def _processor_times() -> tuple[int, int] | None:
    """(busy, total) clock ticks of the whole machine since boot, from /proc/stat (Linux)."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


_run_start: list = []


def pytest_terminal_summary(terminalreporter):
    """When each background job ran, in seconds from the first one's start, and how busy the
    machine's processors were: where the suite's time goes."""
    if not _background:
        return
    origin = min(job.started for job in _background.values())
    now = _processor_times()
    if _run_start and _run_start[0] and now:
        busy, total = now[0] - _run_start[0][0], now[1] - _run_start[0][1]
        terminalreporter.write_line(f"processors busy {100 * busy / max(total, 1):.0f} % of the time since collection "
                                    f"({os.cpu_count()} cores)")
    terminalreporter.section("background jobs and builds (seconds from the first start)")
    for name, job in _background.items():
        end = f"{job.finished - origin:6.0f}" if job.finished else "   not finished"
        terminalreporter.write_line(f"{name:24} {job.started - origin:6.0f} → {end}")
    for name, started, finished in sorted(_build_times, key=lambda item: item[1]):
        terminalreporter.write_line(f"  build {name[-60:]:60} {started - origin:6.0f} → {finished - origin:6.0f}")


@pytest.fixture(scope="session")
def background():
    """The result of a test module's background job (its BACKGROUND_JOBS), by name."""
    return lambda name: _background[name].result()


@pytest.fixture(scope="session")
def html_build() -> Build:
    """The book, built fresh into _build/tests/ (started when the tests were collected)."""
    build = _background["html"].result()
    assert build.returncode == 0, f"the HTML build failed:\n{build.log[-6000:]}"
    return build


@pytest.fixture(scope="session")
def pdf_build(html_build) -> Build:
    build = _background["pdf"].result()
    assert build is not None and build.returncode == 0, f"the PDF build failed:\n{build.log[-6000:]}"
    assert build.pdf.is_file(), f"the PDF build reported success but wrote no {build.pdf}"
    return build


@pytest.fixture(scope="session")
def extended_build() -> Build:
    """The extended book, built once: a copy of the book with a synthetic third text
    (tests/fixtures/third-text, added as an editor adds a text) and data strings that carry
    scripts and markup (harness.poison), its figures redrawn from its own data. It is built
    with ``--root`` from this checkout, in a network namespace with only loopback where the
    machine allows one, so its notebooks run offline (the poisoned data is theirs to read)."""
    build = _background["extended"].result()
    assert build.returncode == 0, f"the extended book did not build:\n{build.log[-6000:]}"
    return build


@pytest.fixture(scope="session")
def site(html_build) -> str:
    """The built site served on a loopback port: its base URL, ending in '/'."""
    with browser.serve(html_build.html) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright (no browser is downloaded)."""
    with browser.chromium() as instance:
        yield instance


@pytest.fixture(scope="session", params=list(browser.VIEWS))
def view(request, chromium):
    """Each way the tests look at the site, in turn: (name, Playwright browser context)."""
    context = chromium.new_context(**browser.VIEWS[request.param])
    yield request.param, context
    context.close()


@pytest.fixture(scope="session")
def desktop(chromium):
    context = chromium.new_context(**browser.VIEWS["desktop"])
    yield context
    context.close()


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="session")
def pdf_plain_text(pdf_build) -> str:
    return pdf_text(pdf_build.pdf)


def page(build: Build, name: str) -> BeautifulSoup:
    """A built HTML page, parsed."""
    return BeautifulSoup((build.html / name).read_text(encoding="utf-8"), "html.parser")


edit_yaml = books.edit_yaml
