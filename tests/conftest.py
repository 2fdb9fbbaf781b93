"""Shared fixtures: the real HTML and PDF builds, made once per test session into
_build/tests/, and copies of the book for tests that break things on purpose."""
from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from edition import browser, build, paths

TEST_OUTPUT = paths.BUILD / "tests"


@dataclass(frozen=True)
class Build:
    returncode: int
    log: str
    output: Path  # the folder holding _build/

    @property
    def html(self) -> Path:
        return self.output / "_build" / "html"

    @property
    def pdf(self) -> Path:
        return self.output / "_build" / "latex" / "book.pdf"


def run_build(target: str, root: Path = paths.ROOT, output: Path | None = None, fresh: bool = False,
              prefix: list[str] | None = None, timeout: int = 900) -> Build:
    """A build of the book at ``root`` in a subprocess, as the Makefile runs it."""
    output = output or root
    result = build.run_in_subprocess(target, root, output, fresh, prefix, timeout)
    return Build(result.returncode, result.stdout + result.stderr, output)


def copy_book(destination: Path) -> Path:
    """A copy of the book's sources (no builds, no virtual environment)."""
    return build.copy_book(destination / "book")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the data, chapters and bibliography, for tests that break them on purpose."""
    root = tmp_path / "book"
    shutil.copytree(paths.DATA, root / "data")
    shutil.copytree(paths.CHAPTERS, root / "chapters")
    shutil.copy(paths.ROOT / "references.bib", root / "references.bib")
    return root


@pytest.fixture(scope="session")
def html_build() -> Build:
    # No pages left over from an earlier run: the site must be exactly what this build wrote.
    shutil.rmtree(TEST_OUTPUT / "_build" / "html", ignore_errors=True)
    build = run_build("html", output=TEST_OUTPUT, fresh=True)
    assert build.returncode == 0, f"the HTML build failed:\n{build.log[-6000:]}"
    return build


@pytest.fixture(scope="session")
def pdf_build(html_build) -> Build:
    build = run_build("pdf", output=TEST_OUTPUT)
    assert build.returncode == 0, f"the PDF build failed:\n{build.log[-6000:]}"
    assert build.pdf.is_file(), f"the PDF build reported success but wrote no {build.pdf}"
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


# ---- no network from the tests ----------------------------------------------------------

def _is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Any connection from the test process to a non-loopback address is an error."""
    original = socket.socket.connect

    def guarded(self, address):
        if not _is_local(address):
            raise RuntimeError(f"network access attempted from a test: {address!r}")
        return original(self, address)

    socket.socket.connect = guarded
    yield
    socket.socket.connect = original


def page(build: Build, name: str) -> BeautifulSoup:
    """A built HTML page, parsed."""
    return BeautifulSoup((build.html / name).read_text(encoding="utf-8"), "html.parser")


def edit_yaml(path: Path, change) -> None:
    """Rewrite a YAML data file after ``change`` has edited its parsed document in place."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
