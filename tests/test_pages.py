"""Every page of the site in every view (light, dark, phone), opened once in Debian's
Chromium: it loads with no console error, no failed request and every image; on a phone
it fits the 375 px screen; in dark mode its figures keep their contrast; axe-core (npm
package, injected by Playwright) finds no violation of WCAG 2.x A/AA or of its best
practices; on the desktop every image has meaningful alt text and the headings go in
order. The reading modes of the texts are audited as pages of their own. With EDITION_SCREENSHOTS=1 (`make screenshots`) a full-page screenshot of every page
in every view is written under _build/screenshots/.

The pages are audited by three background jobs, one per view (each a Chromium of its own,
in a thread), that start as soon as the session's HTML build is made, while the other tests run; each test
below asserts what the audit found for one page in one view. Each axe audit is written
under _build/axe/<view>/<page>.json, for review."""
from __future__ import annotations

import json
import os
import re

import pytest

from edition import i18n, paths, sources
from edition.sphinxext import reading
from conftest import LOWER_PRIORITY
from harness import browser
from test_browser import assert_dark_mode_readable

PAGES = browser.book_pages()
# Every page, and the states of pages that the address sets: each reading mode of the texts;
# then the same in each translation's site (_build/html/<language>/).
ORIGINAL_ADDRESSES = PAGES + [f"{text.page}.html?mode={mode}" for text in sources.load_texts()
                              for mode, *_ in reading.MODES if mode != reading.DEFAULT_MODE]
ADDRESSES = ORIGINAL_ADDRESSES + [f"{language}/{address}" for language in i18n.TRANSLATIONS
                                  for address in ORIGINAL_ADDRESSES]
# Rules the audit must have run on every page: alt text, heading order, contrast (WCAG AA).
REQUIRED_RULES = {"image-alt", "heading-order", "color-contrast", "page-has-heading-one", "empty-heading",
                  "label-content-name-mismatch", "aria-required-children", "region"}
REPORTS = paths.BUILD / "axe"
# Full-page screenshots of every page in every view, for review by eye (`make screenshots`):
# a quarter of the audit's processor time, so not written by a plain `make test`.
SCREENSHOTS = os.environ.get("EDITION_SCREENSHOTS") == "1"


def image_and_heading_problems(page) -> list[str]:
    images = page.evaluate("""() => Array.from(document.images).map(img => ({
        src: img.getAttribute('src'), alt: img.getAttribute('alt'),
        inArticle: !!img.closest('article')}))""")
    headings = page.evaluate("""() => Array.from(document.querySelectorAll(
        'main h1, main h2, main h3, main h4, main h5, main h6'))
        .filter(h => h.offsetParent !== null)
        .map(h => [Number(h.tagName[1]), h.textContent.trim()])""")
    problems = []
    for image in images:
        alt = (image["alt"] or "").strip()
        if image["alt"] is None:
            problems.append(f"image {image['src']} has no alt attribute")
        elif image["inArticle"]:
            # A figure's alt text describes it: words, not a file name or a placeholder.
            if len(alt.split()) < 5:
                problems.append(f"image {image['src']} has alt text {alt!r}")
            if re.search(r"\.(svg|png|jpe?g|pdf)\b", alt, re.I):
                problems.append(f"image {image['src']}: its alt text is a file name: {alt!r}")
    levels = [level for level, _ in headings]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} top-level headings: {headings}")
    if not levels or levels[0] != 1:
        problems.append(f"the first heading is not the page title: {headings[:1]}")
    for (previous, _), (level, text) in zip(headings, headings[1:]):
        if level > previous + 1:
            problems.append(f"heading {text!r} (h{level}) skips a level after h{previous}")
    return problems


def audit(tab: browser.Tab, site: str, view: str, page_path: str) -> list[str]:
    """Everything wrong with one page in one view (empty: nothing)."""
    visit = tab.visit(site + page_path)
    page = tab.page
    problems = list(visit.problems())
    broken = browser.broken_images(page)
    if broken:
        problems.append(f"images that did not load: {broken}")
    if view == "phone":
        overflow = browser.sideways_overflow(page)
        if overflow > 0:
            problems.append(f"{overflow} px wider than a 375 px phone screen")
    if view == "dark":
        try:
            assert_dark_mode_readable(page, page_path)
        except AssertionError as error:
            problems.append(str(error))
    if view == "desktop":
        problems += image_and_heading_problems(page)
    if SCREENSHOTS:
        browser.screenshot(page, view, page_path)
    result = browser.run_axe(page)
    report = REPORTS / view / (browser.file_stem(page_path) + ".json")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if not REQUIRED_RULES <= set(result["ran"]):
        problems.append(f"axe did not run {REQUIRED_RULES - set(result['ran'])}")
    return problems + [browser.describe_violation(v) for v in result["violations"]]


def audit_every_page(view: str):
    """The job that audits every page in one view, with a Chromium of its own and one tab
    that opens the pages in turn: the three views' jobs run side by side, so one page's waits
    for the network overlap the others' work."""
    def job(folder, session_build) -> dict[str, list[str]]:
        found = {}
        # at a lower priority: the builds of the scenarios, whose results come last, go first
        with browser.serve(session_build / "html") as site, browser.chromium(niceness=LOWER_PRIORITY) as chromium:
            context = chromium.new_context(**browser.VIEWS[view])
            tab = browser.Tab(context)
            try:
                for page_path in ADDRESSES:
                    try:
                        found[page_path] = audit(tab, site, view, page_path)
                    except Exception as error:  # noqa: BLE001 - one page's failure is that page's result
                        found[page_path] = [f"the audit itself failed: {type(error).__name__}: {error}"]
            finally:
                context.close()
        return found
    return job


BACKGROUND_JOBS = {f"pages-{view}": audit_every_page(view) for view in browser.VIEWS}


@pytest.mark.parametrize("view", list(browser.VIEWS))
@pytest.mark.parametrize("page_path", ADDRESSES)
def test_page_loads_whole_fits_reads_and_passes_axe(background, view, page_path):
    problems = background(f"pages-{view}")[page_path]
    assert not problems, f"{page_path} ({view}):\n  " + "\n  ".join(problems)
