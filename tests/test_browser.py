"""The site as a reader meets it, in Debian's Chromium driven by Playwright: search finds
the right pages; the notes, the colour switch and the map answer to mouse and keyboard.
(What every page must pass in every view is in test_pages.py.)"""
from __future__ import annotations

import io
import math
import re
import urllib.request

import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from edition import build, geo
from harness import browser

PAGES = browser.book_pages()
LFI_CHAPTER = "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html"
MAP_PAGE = "chapters/map.html"


def test_the_site_has_exactly_the_pages_of_the_book(html_build):
    assert sorted(browser.site_pages(html_build.html)) == sorted(PAGES)


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB pixels (values 0-255)."""
    channel = rgb / 255.0
    linear = np.where(channel <= 0.03928, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def figure_contrast(png: bytes) -> float:
    """Contrast ratio between a figure's background (its commonest luminance) and its
    ink (the darkest or lightest 1 % of pixels, whichever differs more from it)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float).reshape(-1, 3)
    luminance = relative_luminance(pixels)
    background = float(np.median(luminance))
    ink = max((float(np.percentile(luminance, 1)), float(np.percentile(luminance, 99))),
              key=lambda value: abs(value - background))
    light, dark = max(background, ink), min(background, ink)
    return (light + 0.05) / (dark + 0.05)


def assert_dark_mode_readable(page, page_path):
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    # The text's contrast is axe's color-contrast rule (test_pages); here the figures.
    for image in page.locator("article img:visible").all():  # (a reading mode may hide some)
        image.scroll_into_view_if_needed()
        contrast = figure_contrast(image.screenshot())
        assert contrast >= 4.5, (f"{page_path}: figure {image.get_attribute('src')} has contrast "
                                 f"{contrast:.1f}:1 against its own background in dark mode")


# ---- search ------------------------------------------------------------------------------

def pages_containing(html_dir, word: str) -> set[str]:
    """Pages whose article text contains ``word``: what the search should find. The hover
    notes are left out: they repeat register entries, which the search finds in the registers."""
    found = set()
    for page_path in PAGES:
        if page_path in ("search.html", "genindex.html"):
            continue
        soup = BeautifulSoup((html_dir / page_path).read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        for note in article.select(".note-tip") if article else []:
            note.decompose()
        if article and re.search(rf"\b{word}\b", article.get_text(" "), re.IGNORECASE):
            found.add(page_path)
    return found


SEARCH_CONTROLS = ".search-button-field, .search-button, input[type=search]"


@pytest.mark.parametrize("width", [1440, 1280, 1024, 768, 375])
def test_one_search_control_shows_at_each_width_and_ctrl_k_searches(site, chromium, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        page, visit = browser.open_page(context, site + "chapters/glossary.html")
        visible = page.evaluate("""selector => Array.from(document.querySelectorAll(selector))
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().width > 0).length""", SEARCH_CONTROLS)
        assert visible == 1, f"{visible} search controls show at {width} px"
        page.keyboard.press("Control+k")
        field = page.locator("dialog[open] input[name=q]")
        field.wait_for(state="visible", timeout=5000)
        assert page.evaluate("() => document.activeElement.name") == "q"
        assert not visit.problems()  # (the results page's own checks: test_search_finds_the_word…)
        field.fill("Huallaga")
        with page.expect_navigation():
            field.press("Enter")
        assert "search.html?q=Huallaga" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("word", ["Huallaga", "Fujimori"])
def test_search_finds_the_word_and_links_to_the_pages_that_hold_it(site, desktop, html_build, word):
    page, visit = browser.open_page(desktop, f"{site}search.html?q={word}")
    try:
        page.wait_for_function("""() => {
            const summary = document.querySelector('#search-results .search-summary');
            return summary && /found|did not match/.test(summary.textContent);
        }""", timeout=15000)
        # the results' summaries are read from the pages found, under the search page's policy
        assert not visit.problems(), f"the results page: {visit.problems()}"
        links = page.locator("#search-results ul.search li a").evaluate_all(
            "anchors => anchors.map(a => a.href)")
        results = {re.sub(r"[?#].*$", "", link).removeprefix(site) for link in links}
        expected = pages_containing(html_build.html, word)
        assert expected, f"no built page contains {word!r}: the test cannot judge the search"
        assert LFI_CHAPTER in expected
        missing = expected - results
        assert not missing, f"search for {word!r} missed pages that contain it: {sorted(missing)}"
        assert results <= expected, f"search for {word!r} found pages without it: {sorted(results - expected)}"
        # A reader following the first result lands on a page that shows the word.
        page.locator("#search-results ul.search li a").first.click()
        page.wait_for_load_state("networkidle")
        assert word.lower() in page.locator("article").inner_text().lower()
    finally:
        page.close()


# ---- notes -------------------------------------------------------------------------------

def tab_until(page, selector: str, limit: int = 400) -> str:
    """Press Tab until keyboard focus lands inside ``selector``; returns the focused text."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("sel => !!document.activeElement.closest(sel)", selector):
            return page.evaluate("document.activeElement.textContent")
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


@pytest.mark.parametrize("wrapper", [".entity-wrap", ".note-wrap:has(.claim-marker)"],
                         ids=["entity preview", "claim note"])
def test_notes_open_by_mouse_and_by_keyboard(site, desktop, wrapper):
    page, visit = browser.open_page(desktop, site + LFI_CHAPTER)
    try:
        first = page.locator(f"article {wrapper}").first
        tip = first.locator(".note-tip")
        assert tip.is_hidden(), "the note is open before anyone asks for it"
        first.locator("a").first.hover()
        assert tip.is_visible(), f"hovering over {wrapper} did not open its note"
        assert len(tip.inner_text()) > 20
        page.mouse.move(0, 0)
        assert tip.is_hidden()

        page.evaluate("document.activeElement.blur()")
        tab_until(page, f"article {wrapper}")
        page.evaluate("sel => document.activeElement.closest(sel).dataset.focusedByTest = 'yes'",
                      f"article {wrapper}")
        focused_tip = page.locator("[data-focused-by-test=yes] > .note-tip")
        assert focused_tip.is_visible(), f"keyboard focus on {wrapper} did not open its note"
        page.keyboard.press("Tab")
        # a place's note has a link of its own (Show on the map), the next stop: its note stays open there
        while page.evaluate("() => !!document.activeElement.closest('[data-focused-by-test=yes]')"):
            assert focused_tip.is_visible(), f"the note of {wrapper} closed while focus was on its own link"
            page.keyboard.press("Tab")
        assert focused_tip.is_hidden(), f"the note of {wrapper} stayed open after focus moved on"
    finally:
        page.close()


# ---- the interactive map -----------------------------------------------------------------

PLACE_MARKER = "#edition-map .edition-map-place[aria-label]"


def marker_centres(page) -> dict[str, tuple[float, float]]:
    return page.evaluate("""() => Object.fromEntries(
        Array.from(document.querySelectorAll('#edition-map .edition-map-place[aria-label]')).map(el => {
            const box = el.getBoundingClientRect();
            return [el.getAttribute('aria-label'), [box.x + box.width / 2, box.y + box.height / 2]];
        }))""")


def test_interactive_map_shows_every_place_and_answers_to_zoom_mouse_and_keyboard(site, desktop):
    page, visit = browser.open_page(desktop, site + MAP_PAGE)
    try:
        assert not visit.problems(), "\n".join(visit.problems())
        page.locator("#edition-map").scroll_into_view_if_needed()  # the map loads when it comes into view
        page.wait_for_selector("#edition-map[data-ready=true]")
        names = set(geo.places()["name"])
        before = marker_centres(page)
        assert set(before) == names, f"markers on the map differ from the places in the data: {set(before) ^ names}"

        page.locator("#edition-map .leaflet-control-zoom-in").click()
        page.wait_for_timeout(600)  # Leaflet's zoom animation
        after = marker_centres(page)
        a, b = sorted(names)[:2]
        spread_before, spread_after = math.dist(before[a], before[b]), math.dist(after[a], after[b])
        assert spread_after > 1.5 * spread_before, "zooming in did not spread the places apart"

        marker = page.locator(f"{PLACE_MARKER}[aria-label='Huánuco']")  # near the centre, in view after zooming in
        name = marker.get_attribute("aria-label")
        marker.hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.first.wait_for(state="visible", timeout=3000)
        assert name in tooltip.first.inner_text()
        page.mouse.move(0, 0)

        marker.evaluate("el => el.blur()")
        page.locator("#edition-map").focus()
        focused = tab_until(page, PLACE_MARKER)
        focused_name = page.evaluate("document.activeElement.getAttribute('aria-label')")
        note = page.locator(".leaflet-tooltip.edition-map-tip strong").get_by_text(focused_name, exact=True)
        assert note.count() == 1 and note.is_visible(), (
            f"keyboard focus on {focused_name!r} did not open its note ({focused!r})")
        browser.screenshot(page, "desktop", "chapters/map-interactive-zoomed")
    finally:
        page.close()


def test_front_page_links_the_whole_edition_as_a_pdf(site, desktop, pdf_build):
    page, visit = browser.open_page(desktop, site + "index.html")
    try:
        link = page.get_by_role("link", name="Download the whole edition as a PDF")
        href = link.evaluate("a => a.href")
    finally:
        page.close()
    assert href == site + build.SITE_PDF
    with urllib.request.urlopen(href) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read() == pdf_build.pdf.read_bytes()


def test_colour_mode_button_switches_the_page_to_dark_and_back(site, desktop):
    page, visit = browser.open_page(desktop, site + LFI_CHAPTER)
    try:
        button = page.locator(".theme-switch-button:visible").first
        seen = []
        for _ in range(3):  # the button cycles light -> dark -> auto
            button.click()
            seen.append(page.evaluate("document.documentElement.dataset.theme"))
        assert "dark" in seen and "light" in seen, f"themes seen while cycling the button: {seen}"
    finally:
        page.close()


def test_the_claims_table_filters_by_text_verdict_and_kind_and_keeps_the_filter_in_the_address(site, desktop):
    from edition import apparatus

    claims = list(apparatus.load_apparatus().claims.values())
    visible_rows = """() => Array.from(document.querySelectorAll('.claim-row'))
        .filter(e => e.offsetParent !== null).map(e => e.className)"""
    tab = browser.Tab(desktop)
    page, visit = tab.page, tab.visit(site + "chapters/claims-checked.html")
    try:
        assert len(page.evaluate(visible_rows)) == len(claims)  # the whole table until a filter is chosen
        text, verdict, kind = claims[0].text, claims[0].verdict, claims[0].kind
        page.select_option("form.edition-claims-filter select[name=text]", text)
        page.select_option("form.edition-claims-filter select[name=verdict]", verdict)
        expected = [c for c in claims if c.text == text and c.verdict == verdict]
        shown = page.evaluate(visible_rows)
        assert len(shown) == len(expected) and all(f"text-{text}" in c and f"verdict-{verdict}" in c for c in shown)
        assert f"text={text}" in page.url and f"verdict={verdict}" in page.url
        assert page.locator("form.edition-claims-filter output").inner_text() == \
            f"{len(expected)} of {len(claims)} claims shown"
        assert not visit.problems()
        # the address reproduces the filter (a new visit: what the first page was still loading
        # when it was left is not this page's problem)
        visit = tab.visit(f"{site}chapters/claims-checked.html?kind={kind}&text={text}")
        expected = [c for c in claims if c.text == text and c.kind == kind]
        assert len(page.evaluate(visible_rows)) == len(expected)
        assert page.locator("select[name=kind]").input_value() == kind
        assert not visit.problems()
    finally:
        page.close()


# ---- figures on a phone ------------------------------------------------------------------

SVG_VIEWBOX_WIDTH = re.compile(r'<svg\b[^>]*\bviewBox="[-\d.]+ [-\d.]+ ([\d.]+) ')
SVG_FONT_SIZES = re.compile(r"font-size:\s*([\d.]+)px")


@pytest.mark.parametrize("page_path", ["chapters/timeline.html", LFI_CHAPTER])
def test_figures_keep_11_px_labels_on_a_phone_and_scroll_by_keyboard(site, html_build, chromium, page_path):
    context = chromium.new_context(**browser.VIEWS["phone"])
    try:
        page, visit = browser.open_page(context, site + page_path)
        frames = page.locator("figure .edition-figure-frame").all()
        assert len(frames) == page.locator("figure img[src$='.svg']").count() > 0
        for frame in frames:
            image = frame.locator("img")
            svg = (html_build.html / page_path).parent.joinpath(image.get_attribute("src")).resolve()
            text = svg.read_text(encoding="utf-8")
            smallest = min(float(size) for size in SVG_FONT_SIZES.findall(text))
            scale = image.bounding_box()["width"] / float(SVG_VIEWBOX_WIDTH.search(text).group(1))
            assert smallest * scale >= 11, f"{svg.name}: its smallest label is {smallest * scale:.1f} px on a phone"
            # the frame, not the page, scrolls; a keyboard reaches it and scrolls it
            assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
            # (the link to the full-size image, or the frame itself where there is none)
            focusable = frame.locator("a.image-reference")
            (focusable if focusable.count() else frame).focus()
            assert page.evaluate("!!document.activeElement.closest('.edition-figure-frame')")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("f => f.scrollLeft > 0", arg=frame.element_handle(), timeout=3000)
        assert browser.sideways_overflow(page) == 0
        assert not visit.problems()
    finally:
        context.close()
