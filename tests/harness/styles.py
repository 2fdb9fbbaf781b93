"""Whether the cut style sheets (``edition.stylesheets``) change how any element looks: a page
is opened twice in Chromium, once as built and once with the whole style sheets served in
place of the cut ones, and every element's computed style, with its ``::before`` and
``::after``, is compared."""
from __future__ import annotations

import importlib.util
from pathlib import Path

# Each cut style sheet, by the end of its address, and the package file it was cut from.
WHOLE = {
    "/styles/pydata-sphinx-theme.css": ("pydata_sphinx_theme", "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css"),
    "/styles/sphinx-book-theme.css": ("sphinx_book_theme", "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"),
    "/mystnb.": ("myst_nb", "static/mystnb.css"),
}

# Every element's computed style, and its ::before's and ::after's, keyed by a path that names
# the element (tag, id, position among its siblings): with no argument, a hash of each (the
# pages hold thousands of elements); given keys, those elements' properties in full. Custom
# properties are left out: what they change shows in the properties that use them.
COMPUTED_STYLES = """(keys) => {
    const result = {};
    const name = el => {
        const parts = [];
        for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
            const index = node.parentElement ? Array.prototype.indexOf.call(node.parentElement.children, node) : 0;
            parts.unshift(node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + ':' + index);
        }
        return parts.join('>');
    };
    const hash = text => {
        let h = 0x811c9dc5;
        for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
        return (h >>> 0).toString(16);
    };
    const wanted = keys ? new Set(keys) : null;
    const properties = Array.from(getComputedStyle(document.documentElement)).filter(p => !p.startsWith('--')).sort();
    for (const el of document.querySelectorAll('*')) {
        const base = name(el);
        for (const pseudo of ['', '::before', '::after']) {
            const key = base + pseudo;
            if (wanted && !wanted.has(key)) continue;
            const style = getComputedStyle(el, pseudo || null);
            if (pseudo && (style.content === 'none' || style.content === 'normal')) continue;
            const values = [];
            for (const property of properties) values.push(property + ': ' + style.getPropertyValue(property));
            const text = values.join('; ');
            result[key] = wanted ? text : hash(text);
        }
    }
    return result;
}"""


def whole_stylesheet(url: str) -> Path | None:
    """The package file that the cut style sheet at ``url`` was cut from (None: not a cut one)."""
    path = url.split("?")[0]
    for ending, (package, relative) in WHOLE.items():
        if ending in path and path.endswith(".css"):
            return Path(importlib.util.find_spec(package).origin).parent / relative
    return None


def serve_whole_stylesheets(page) -> None:
    """From now on, ``page`` gets the whole style sheets in place of the cut ones."""
    def fulfil(route):
        whole = whole_stylesheet(route.request.url)
        if whole is None:
            route.continue_()
        else:
            route.fulfill(body=whole.read_bytes(), content_type="text/css")
    page.route("**/*.css*", fulfil)


def differences(cut_page, whole_page, limit: int = 10) -> list[str]:
    """Where the computed styles of two tabs showing the same page differ: elements present
    in one only, and the properties whose values differ (at most ``limit`` lines)."""
    cut, whole = cut_page.evaluate(COMPUTED_STYLES, None), whole_page.evaluate(COMPUTED_STYLES, None)
    lines = [f"{key}: only {'with the whole' if key in whole else 'with the cut'} style sheets"
             for key in sorted(set(cut) ^ set(whole))]
    differing = sorted(key for key in set(cut) & set(whole) if cut[key] != whole[key])[:limit]
    if differing:
        cut, whole = cut_page.evaluate(COMPUTED_STYLES, differing), whole_page.evaluate(COMPUTED_STYLES, differing)
    for key in differing:
        a, b = (dict(pair.split(": ", 1) for pair in styles[key].split("; ")) for styles in (cut, whole))
        changed = [f"{p}: {a.get(p)!r} cut, {b.get(p)!r} whole" for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p)]
        lines.append(f"{key}: " + "; ".join(changed[:5]))
    return lines[:limit]
