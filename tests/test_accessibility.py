"""Accessibility of every page, audited with axe-core (npm package, injected into Debian's
Chromium by Playwright) in light mode, dark mode and on a phone, plus the edition's own
checks of alt text and heading order.

Each audit's result is written to _build/axe/<view>/<page>.json for review."""
from __future__ import annotations

import json
import re

import pytest

from edition import browser, paths

PAGES = browser.book_pages()
# Rules the audit must have run on every page: alt text, heading order, contrast (WCAG AA).
REQUIRED_RULES = {"image-alt", "heading-order", "color-contrast", "page-has-heading-one", "empty-heading",
                  "label-content-name-mismatch", "aria-required-children", "region"}
REPORTS = paths.BUILD / "axe"


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_violation(site, view, page_path):
    """The issue's floor is no serious or critical violation; the edition has none at all,
    of any impact, and keeps it so."""
    name, context = view
    page, visit = browser.open_page(context, site + page_path)
    try:
        if name == "dark":
            assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        audit = browser.run_axe(page)
    finally:
        page.close()
    report = REPORTS / name / (page_path.replace("/", "__").removesuffix(".html") + ".json")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(audit, indent=1), encoding="utf-8")
    assert REQUIRED_RULES <= set(audit["ran"]), f"axe did not run {REQUIRED_RULES - set(audit['ran'])}"
    violations = audit["violations"]
    assert not violations, f"{page_path} ({name}):\n  " + "\n  ".join(map(browser.describe_violation, violations))


def images_and_headings(site, context, page_path):
    page, visit = browser.open_page(context, site + page_path)
    try:
        images = page.evaluate("""() => Array.from(document.images).map(img => ({
            src: img.getAttribute('src'), alt: img.getAttribute('alt'),
            inArticle: !!img.closest('article')}))""")
        headings = page.evaluate("""() => Array.from(document.querySelectorAll(
            'main h1, main h2, main h3, main h4, main h5, main h6'))
            .filter(h => h.offsetParent !== null)
            .map(h => [Number(h.tagName[1]), h.textContent.trim()])""")
    finally:
        page.close()
    return images, headings


@pytest.mark.parametrize("page_path", PAGES)
def test_every_image_has_meaningful_alt_text_and_headings_go_in_order(site, desktop, page_path):
    images, headings = images_and_headings(site, desktop, page_path)
    for image in images:
        alt = (image["alt"] or "").strip()
        assert image["alt"] is not None, f"{page_path}: image {image['src']} has no alt attribute"
        if image["inArticle"]:
            # A figure's alt text describes it: words, not a file name or a placeholder.
            assert len(alt.split()) >= 5, f"{page_path}: image {image['src']} has alt text {alt!r}"
            assert not re.search(r"\.(svg|png|jpe?g|pdf)\b", alt, re.I), f"{page_path}: alt is a file name: {alt!r}"
    levels = [level for level, _ in headings]
    assert levels.count(1) == 1, f"{page_path}: {levels.count(1)} top-level headings: {headings}"
    assert levels[0] == 1, f"{page_path}: the first heading is not the page title: {headings[0]}"
    for (previous, _), (level, text) in zip(headings, headings[1:]):
        assert level <= previous + 1, f"{page_path}: heading {text!r} (h{level}) skips a level after h{previous}"
