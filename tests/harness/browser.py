"""The built site as a reader meets it: served on localhost and opened in Debian's Chromium
through Playwright. Used by the browser tests and by the benchmark.

No browser is downloaded: Playwright drives the system ``chromium`` (``scripts/install-system-deps.sh``
installs it), with the flags that keep it from calling home on a closed network."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import re
import shlex
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from edition import build, paths

SCREENSHOTS = paths.BUILD / "screenshots"
AXE_SCRIPT = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# How the tests look at the site: Playwright browser-context options for each view. "dark"
# is a reader whose system is set to dark mode, which the theme follows (default_mode: auto).
VIEWS = {
    "desktop": {"viewport": DESKTOP, "color_scheme": "light"},
    "dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
              "color_scheme": "light"},
}
# The WCAG 2.x A and AA rules, plus axe's best practices (heading order among them).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is not installed: run scripts/install-system-deps.sh")
    return path


def book_pages(root: Path = paths.ROOT) -> list[str]:
    """The pages a build of the book must have: one per document, the index and search."""
    return [f"{document}.html" for document in build.toc_documents(root)] + ["genindex.html", "search.html"]


def site_pages(html_dir: Path) -> list[str]:
    """Every page of the built book in one language, as a path relative to the site root
    ('index.html', ...): not the translations' sites that the original's holds in <language>/."""
    from edition import i18n

    pages = [p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")]
    return sorted(p for p in pages if not p.startswith(("_static/", "_sources/", "_downloads/"))
                  and p.split("/")[0] not in i18n.LANGUAGES)


COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".txt", ".md", ".ipynb", ".geojson"}


@functools.lru_cache(maxsize=None)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    # Compressed once per file version, so the server's own work does not colour timings.
    return gzip.compress(path.read_bytes(), mtime=0)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    compress = False  # gzip text files, as a static host such as GitHub Pages does

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not (self.compress and path.is_file() and path.suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL (ending in '/')."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"compress": compress}),
                                directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(niceness: int = 0) -> Iterator:
    """A headless Debian Chromium driven by Playwright; with a niceness, Chromium and every
    process it starts run at that lower priority (through a launcher script)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        executable = chromium_path()
        if niceness:
            launcher = Path(folder) / "chromium"
            launcher.write_text(f'#!/bin/sh\nexec nice -n {niceness} {shlex.quote(executable)} "$@"\n')
            launcher.chmod(0o755)
            executable = str(launcher)
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageVisit:
    """What went wrong while one page loaded: console errors and failed requests."""
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {message}" for message in self.console_errors]
                + [f"failed request: {request}" for request in self.failed_requests])


class Tab:
    """One browser tab that opens pages in turn, recording for each what went wrong while it
    loaded. A new tab costs Chromium a renderer process, some 2 s of processor time: the
    page audits open every page of a view in one tab."""

    def __init__(self, context):
        self.page = context.new_page()
        self.record = PageVisit("")
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.record.console_errors.append(f"uncaught: {error}"))
        # A request counts against the visit that made it: one the last page was still making
        # when the tab moved on (a favicon, aborted) is that page's, not the next one's.
        self.made_by: dict = {}
        self.page.on("request", lambda request: self.made_by.__setitem__(request, self.record))
        self.page.on("requestfailed", lambda request: self.made_by.get(request, self.record).failed_requests.append(
            f"{request.url} ({request.failure})"))
        self.page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error":
            self.record.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _on_response(self, response):
        if response.status >= 400:
            self.made_by.get(response.request, self.record).failed_requests.append(
                f"{response.url} (HTTP {response.status})")

    def visit(self, url: str) -> PageVisit:
        """Open ``url`` and wait until the network is idle; what went wrong while it loaded."""
        self.made_by = {request: made for request, made in self.made_by.items() if made is self.record}
        self.record = PageVisit(url)
        self.page.goto(url, wait_until="networkidle")
        return self.record


def open_page(context, url: str):
    """Open ``url`` in a new tab of ``context`` and wait until the network is idle.
    Returns the page and what went wrong while it loaded (console errors, failed requests)."""
    tab = Tab(context)
    return tab.page, tab.visit(url)


def broken_images(page) -> list[str]:
    """Images on the page that do not load (none decoded, or zero width). Lazy images are
    asked for first, as if the reader had scrolled to them."""
    return page.evaluate("""async () => {
        const images = Array.from(document.images);
        images.forEach(img => { img.loading = 'eager'; });
        await Promise.all(images.map(img => img.decode().catch(() => null)));
        return images.filter(img => !img.complete || img.naturalWidth === 0)
                     .map(img => img.currentSrc || img.src);
    }""")


def sideways_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scroll)."""
    # clientWidth, not innerWidth: on a phone the browser widens innerWidth to fit the overflow.
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def file_stem(page_path: str) -> str:
    """A file name for a page's address: 'chapters__map' for chapters/map.html, and
    'chapters__lfi…-mode-text' for chapters/lfi….html?mode=text."""
    stem = page_path.replace("/", "__").replace(".html", "")
    return re.sub(r"[?#&=]+", "-", stem)


def screenshot(page, view: str, page_path: str) -> Path:
    """A full-page screenshot under _build/screenshots/<view>/, named after the page: a JPEG
    at CSS pixels (one image pixel per CSS pixel, even on the phone's 2x screen), enough to
    review a page by eye and four to eight times quicker to write than a PNG of the long pages."""
    target = SCREENSHOTS / view / (file_stem(page_path) + ".jpg")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True, type="jpeg", quality=80, scale="css")
    return target


def run_axe(page, tags: list[str] = AXE_TAGS) -> dict:
    """axe-core's audit of the loaded page: ``violations`` (one dict per rule, with its
    nodes) and the ids of the rules that ``ran`` (passed, failed, incomplete or not
    applicable), so a caller can tell an audit that found nothing from one that checked nothing."""
    if not AXE_SCRIPT.is_file():
        raise RuntimeError(f"{AXE_SCRIPT} is missing: run `npm ci --ignore-scripts` (make test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Through the DevTools protocol, as a console would: a <script> tag would be refused
        # by the page's Content-Security-Policy, which allows no inline script.
        session = page.context.new_cdp_session(page)
        session.send("Runtime.evaluate", {"expression": AXE_SCRIPT.read_text(encoding="utf-8")})
        session.detach()
    return page.evaluate("""async tags => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        const ran = [...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable]
            .map(rule => rule.id);
        return {violations: result.violations, ran: ran};
    }""", tags)


def describe_violation(violation: dict) -> str:
    targets = "; ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                        for node in violation["nodes"][:5])
    more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
    return f"{violation['id']} [{violation['impact']}]: {violation['help']} at {targets}{more}"
