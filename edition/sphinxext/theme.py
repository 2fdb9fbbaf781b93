"""Corrections to the HTML that the theme and its companions write, each found by the
axe-core audit or the browser tests (tests/test_browser.py)."""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app: Sphinx, config) -> None:
    # Searched before the theme's folders (pydata adds its components/ folder itself), so our
    # copies of two theme components win.
    config.templates_path.insert(0, str(TEMPLATES))


def drop_thebe(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Remove sphinx-thebe's scripts. The edition offers no live code cells, and under
    Jupyter Book 1 the configuration script is added twice, so that every page logs
    "Identifier 'THEBE_JS_URL' has already been declared"."""
    def is_thebe(asset) -> bool:
        name = getattr(asset, "filename", None) or ""
        body = getattr(asset, "attributes", {}).get("body", "")
        return "thebe" in name or "THEBE_JS_URL" in body

    context["script_files"] = [js for js in context.get("script_files", []) if not is_thebe(js)]
    context["css_files"] = [css for css in context.get("css_files", []) if not is_thebe(css)]


def bibliography_roles(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """docutils marks each entry of a citation list role="doc-biblioentry" inside a
    role="list": DPUB-ARIA 1.1 deprecates that role, and a list must hold list items
    (axe: aria-required-children, critical). Each entry becomes a plain list item."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", drop_thebe)
    app.connect("html-page-context", bibliography_roles)
