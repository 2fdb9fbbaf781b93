"""What the HTML build checks and cleans after writing the pages, so that nothing it
should not publish reaches the reader:

- each text chapter, as written, is compared with its source paragraph by paragraph
  (``edition.fidelity``, the same comparison as the test suite); a difference is a
  build error naming the text, the ¶ and the words;
- every page carries a Content-Security-Policy that lets scripts load only from the
  site and allows, by hash, just the inline scripts and handlers of the theme's
  chrome (scripts outside <article> or written straight into it; handlers outside
  <article>); nothing in the page's content may run inline;
- images that no page uses any more (left by earlier builds) are deleted, and the
  execution reports of failed notebooks, which hold local paths, are kept out of the site.
"""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup
from sphinx.util import logging

from edition import fidelity

logger = logging.getLogger(__name__)

CSP_MARK = 'http-equiv="Content-Security-Policy"'
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")
# Where the site stores reports of failed notebook cells (myst-nb); moved out of the site.
REPORTS = "reports"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(html: str, also_allowed: tuple[str, ...] = ()) -> str:
    """The policy for one page: scripts from the site, and by hash only the inline
    scripts and event handlers outside the article (the theme's own), and the hash
    sources ``also_allowed``."""
    soup = BeautifulSoup(html, "html.parser")
    allowed, handlers = [], []
    for script in soup.find_all("script", src=False):
        theme_written = script.find_parent("article") is None or script.parent.name == "article"
        if theme_written and script.get("type", "").lower() in EXECUTABLE_TYPES:
            allowed.append(_sha256(script.string or ""))
    for element in soup.find_all(True):
        if element.find_parent("article") is not None or element.name == "article":
            continue
        for name, value in element.attrs.items():
            if name.lower().startswith("on") and isinstance(value, str):
                handlers.append(_sha256(value))
    extra = sorted(set(also_allowed) - set(allowed + handlers))
    sources = ["'self'", *dict.fromkeys(allowed + handlers), *extra]
    if handlers or extra:  # hashes of handlers count only with 'unsafe-hashes'
        sources.insert(1, "'unsafe-hashes'")
    return f"script-src {' '.join(sources)}; object-src 'none'; base-uri 'self'; form-action 'self'"


def add_content_security_policy(page: Path, also_allowed: tuple[str, ...] = ()) -> None:
    html = page.read_text(encoding="utf-8")
    if CSP_MARK in html:
        html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, count=1)
    policy = content_security_policy(html, also_allowed)
    meta = f'\n    <meta {CSP_MARK} content="{policy}" />'
    html, found = re.subn(r'(<meta charset="utf-8"\s*/?>)', lambda m: m.group(1) + meta, html, count=1)
    if not found:
        logger.warning("%s: no <meta charset> to put the Content-Security-Policy after", page.name)
        return
    page.write_text(html, encoding="utf-8")


def pages(site: Path) -> list[Path]:
    """The pages of the site (not the theme's template files among its static assets, nor
    the pages of the translations' sites, which the original's holds in <language>/)."""
    from edition import i18n

    return [page for page in site.rglob("*.html")
            if not any(part.startswith("_") for part in page.relative_to(site).parts[:-1])
            and page.relative_to(site).parts[0] not in i18n.LANGUAGES]


def referenced_images(site: Path) -> set[str]:
    used = set()
    for page in pages(site):
        for reference in re.findall(r'(?:src|href|data)="([^"#?]*_images/[^"#?]+)"', page.read_text(encoding="utf-8")):
            used.add(Path(unquote(unescape(reference))).name)
    return used


def prune_images(site: Path) -> list[str]:
    folder = site / "_images"
    if not folder.is_dir():
        return []
    used = referenced_images(site)
    stale = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in used)
    for name in stale:
        (folder / name).unlink()
    return stale


def reading_text_problems(texts, page_of) -> list[str]:
    """The written text chapters (``page_of(text)``: the HTML file) against their sources."""
    problems = []
    for text in texts:
        page = page_of(text)
        if not page.is_file():
            problems.append(f"{text.id}: the reading text was not written ({page.name})")
            continue
        try:
            problems += [f"{page.name}: the reading text is not the source: {mismatch}"
                         for mismatch in fidelity.check_chapter(text, page)]
        except ValueError as error:
            problems.append(f"{page.name}: {error}")
    return problems


def check_reading_texts(app) -> None:
    """Any difference between a written text chapter and its source is a build error."""
    def page_of(text):
        docname = Path(text.chapter).relative_to(Path(app.srcdir)).with_suffix("").as_posix()
        return Path(app.builder.get_outfilename(docname))

    for problem in reading_text_problems(app.edition_texts.values(), page_of):
        logger.warning(problem)


def finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    reports = site / REPORTS
    if reports.is_dir():
        target = site.parent / "notebook-reports"
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(reports), str(target))
        logger.info("notebook error reports moved out of the site, to %s", target.name)
    check_reading_texts(app)
    for page in pages(site):  # pages kept from an earlier build have theirs already
        if CSP_MARK not in page.read_text(encoding="utf-8"):
            add_content_security_policy(page)
    allow_every_pages_chrome_on_search(site)
    prune_images(site)


CHROME_HANDLER = re.compile(r'\son[a-z]+="([^"]*)"')


def allow_every_pages_chrome_on_search(site: Path) -> None:
    """Sphinx's search reads the pages it finds into documents of the search page
    (searchtools.js, htmlToText), where Chromium checks their buttons' inline handlers
    against the search page's policy: that policy also allows the inline handlers outside
    the article of every page (the theme's buttons; scripts do not run in those documents)."""
    search = site / "search.html"
    if not search.is_file():
        return
    handlers = set()
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        chrome = html[:start] + html[end:] if 0 <= start < end else html
        handlers |= {_sha256(unescape(value)) for value in CHROME_HANDLER.findall(chrome)}
    add_content_security_policy(search, tuple(sorted(handlers)))


def static_files_before_pages(app, env) -> None:
    """myst-nb copies its stylesheet into _static only after the pages are written, so a
    clean build's pages would link it without the ``?v=`` checksum that every later build
    adds: copy it before the pages are written, so that incremental equals clean."""
    from myst_nb.sphinx_ext import add_global_html_resources

    if app.builder.format == "html":
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


def setup(app) -> None:
    app.connect("env-updated", static_files_before_pages)
    app.connect("build-finished", finish)
