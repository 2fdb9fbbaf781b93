"""Changes to the HTML that the theme and Jupyter Book's extensions write, each called for
by a check: the axe-core audit and the browser tests (tests/test_pages.py,
tests/test_browser.py) or the Lighthouse runs of `make benchmark` (tests/harness/benchmark.py)."""
from __future__ import annotations

import math
import re
from html import escape
from pathlib import Path

from docutils import nodes
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from sphinx.application import Sphinx
from sphinx.util import logging

from edition import stylesheets
from edition.i18n import _

TEMPLATES = Path(__file__).parent / "templates"
logger = logging.getLogger(__name__)


def add_templates(app: Sphinx, config) -> None:
    # Searched before the theme's folders (pydata adds its components/ folder itself), so our
    # copies of two theme components win.
    config.templates_path.insert(0, str(TEMPLATES))


def template_words(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The edition's own words in its copies of the theme's templates, in the page's language
    (the words those templates keep from the theme are the theme's, translated by Sphinx)."""
    context["edition_site_home_label"] = _("Site home")


# Assets that Jupyter Book's extensions add to every page, and the mark in a page's body
# that shows the page uses them. A page without the mark does not load them, so that its
# first paint waits for less (Lighthouse, `make benchmark`).
ASSET_USERS = {
    "edition-cite": "data-paragraphs=",  # the Cite panel of a text chapter
    "sphinx-design": 'class="sd-',  # css
    "design-tabs": 'class="sd-',
    "copybutton": 'class="highlight',  # css and js
    "clipboard": 'class="highlight',
    "pygments": 'class="highlight',
    "togglebutton": 'toggle',  # css, js and its inline settings
    "toggleHint": 'toggle',
    "mystnb": 'class="cell',
}


def _asset_text(asset) -> str:
    return (getattr(asset, "filename", None) or "") + getattr(asset, "attributes", {}).get("body", "")


def drop_unused_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Remove sphinx-thebe's scripts from every page, and other extensions' assets from
    the pages that do not use them. The edition offers no live code cells, and under
    Jupyter Book 1 thebe's configuration script is added twice, so that every page logged
    "Identifier 'THEBE_JS_URL' has already been declared"."""
    body = context.get("body", "")

    def unused(asset) -> bool:
        text = _asset_text(asset)
        if "thebe" in text.lower():
            return True
        return any(name in text and mark not in body for name, mark in ASSET_USERS.items())

    context["script_files"] = [js for js in context.get("script_files", []) if not unused(js)]
    context["css_files"] = [css for css in context.get("css_files", []) if not unused(css)]


def defer_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load the page's script files with ``defer``: they then download without holding up
    the first paint, and still run in order once the page is parsed. Not on the search
    page, whose template loads the search scripts itself, undeferred, and they need these;
    nor a script that asks to block rendering (``blocking="render"``)."""
    if pagename == "search":
        return
    deferred = []
    for js in context.get("script_files", []):
        attributes = dict(getattr(js, "attributes", {}))
        if getattr(js, "filename", None) and not {"body", "async", "blocking"} & set(attributes):
            attributes["defer"] = "defer"
        deferred.append(type(js)(js.filename, priority=js.priority, **attributes)
                        if hasattr(js, "filename") else js)
    context["script_files"] = deferred


def lazy_images(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The figures load when the reader scrolls near them, so that on a slow connection
    the text is not kept waiting behind them (Lighthouse, mobile)."""
    body = context.get("body")
    if body and "<img " in body:
        context["body"] = body.replace("<img ", '<img loading="lazy" ')


def bibliography_roles(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """docutils marks each entry of a citation list role="doc-biblioentry" inside a
    role="list": DPUB-ARIA 1.1 deprecates that role, and a list must hold list items
    (axe: aria-required-children, critical). Each entry becomes a plain list item."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:before,?)+)\{content:\"\\([0-9a-f]{4,5})\"\}")


def used_icon_codepoints(html_dir: Path, words: set[str]) -> set[int]:
    """The code points of every Font Awesome icon that a word of the site (``words``) names,
    read from the theme's whole style sheet (the cut one writes them as characters)."""
    css = (html_dir / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    codepoint = {}
    for selectors, code in ICON_RULE.findall(css):
        for name in re.findall(r"\.fa-([a-z0-9-]+):before", selectors):
            codepoint[name] = int(code, 16)
    names = {name for word in words for name in ICON_CLASS.findall(word)}
    return {codepoint[name] for name in names if name in codepoint}


def subset_icon_fonts(html_dir: Path, words: set[str]) -> None:
    """Cut the theme's Font Awesome web fonts (300 KB on every page) down to the icons the
    site shows. Whole, they arrive while the first paint is still pending on a slow phone
    connection and delay it by about a second and a half (Lighthouse, mobile)."""
    fonts = sorted((html_dir / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    codepoints = used_icon_codepoints(html_dir, words)
    if not fonts or not codepoints:
        return
    for font_path in fonts:
        font = TTFont(font_path)
        subsetter = Subsetter(Options(flavor="woff2", layout_features=["*"]))
        subsetter.populate(unicodes=codepoints & set(font.getBestCmap()))
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(font_path)


def cut_theme_assets(app: Sphinx, exception) -> None:
    """Cut the theme's icon fonts to the icons the site names, then the theme's and myst-nb's
    style sheets to the rules the site can use (``edition.stylesheets``), from one reading of
    the site's words; the fonts first, since they read the whole style sheet's icon rules."""
    if exception or app.builder.format != "html":
        return
    from edition import i18n
    from edition.sphinxext.guards import pages

    site = Path(app.outdir)
    # the translations' sites, in <language>/, are built at the same time: their words would
    # make this site's cut depend on how far they had got
    words = stylesheets.words_in(site, other_sites=i18n.LANGUAGES)
    subset_icon_fonts(site, words)
    cut = stylesheets.purge_site(site, pages(site), words)
    for name, (before, after) in cut.items():
        logger.info("%s: %d KB of rules cut to the %d KB the site can use", name, before // 1024, after // 1024)


# ---- figures a phone can read ----------------------------------------------------------------

SMALLEST_LABEL_PX = 11  # the smallest text a figure may show on a phone screen
SVG_VIEWBOX = re.compile(r'<svg\b[^>]*\bviewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"')
SVG_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")


def readable_width(svg: str, smallest_px: float = SMALLEST_LABEL_PX) -> int | None:
    """The narrowest width, in CSS pixels, at which the SVG's smallest text is drawn at least
    ``smallest_px`` high (None for an SVG without text)."""
    viewbox, sizes = SVG_VIEWBOX.search(svg), [float(size) for size in SVG_FONT_SIZE.findall(svg)]
    if viewbox is None or not sizes:
        return None
    return math.ceil(float(viewbox.group(1)) * smallest_px / min(sizes))


class figure_frame(nodes.General, nodes.Element):
    """A frame around a figure's image that, on a narrow screen, keeps the image wide enough
    for its labels to be read and lets it scroll sideways within the frame."""


def frame_figures(app: Sphinx, doctree, docname: str) -> None:
    if app.builder.format != "html":
        return
    for image in list(doctree.findall(nodes.image)):
        svg = image.get("candidates", {}).get("image/svg+xml")
        if not isinstance(image.parent, nodes.figure) or not svg:
            continue
        width = readable_width((Path(app.srcdir) / svg).read_text(encoding="utf-8"))
        if width is None:
            continue
        frame = figure_frame(width=width)
        image.replace_self(frame)
        frame += image


def visit_figure_frame_html(self, node) -> None:
    # A keyboard scrolls the frame from the link to the full-size image that Sphinx puts
    # around a scaled image; a frame without one is focusable and named itself
    # (axe: scrollable-region-focusable).
    linked = bool(node.children) and isinstance(node.children[0], nodes.reference)
    label = escape(_("Figure (scrolls sideways on a narrow screen)"))
    focus = "" if linked else f' tabindex="0" role="group" aria-label="{label}"'
    self.body.append(f'<div class="edition-figure-frame"{focus} style="--readable-width: {int(node["width"])}px">')


def depart_figure_frame_html(self, node) -> None:
    self.body.append("</div>")


def setup(app: Sphinx) -> None:
    app.add_node(figure_frame, html=(visit_figure_frame_html, depart_figure_frame_html))
    app.connect("doctree-resolved", frame_figures)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", template_words)
    app.connect("html-page-context", drop_unused_assets)
    app.connect("html-page-context", defer_scripts, priority=900)
    app.connect("html-page-context", bibliography_roles)
    app.connect("html-page-context", lazy_images)
    # after myst-nb copies its style sheet at build-finished (priority 500)
    app.connect("build-finished", cut_theme_assets, priority=900)
