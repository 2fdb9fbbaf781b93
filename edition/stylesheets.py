"""The theme's style sheets cut down to the rules the site can use.

pydata-sphinx-theme ships Bootstrap and Font Awesome whole: 397 KB of rules (65 KB gzip),
nearly three quarters of which no page of the edition can use, and every page waits for all
of it before its first paint (Lighthouse, mobile: `make benchmark`).

A rule is kept when one of its selectors could match: when every class and id it requires
appears as a word in the site's pages or scripts (the scripts add classes such as
Bootstrap's ``show`` at run time, and name them in their text). Words inside a
selector's parentheses or brackets (``:not(.x)``, ``[data-theme=dark]``) are not
required, since a selector such as ``a:not(.x)`` matches more without them. At-rules other
than ``@media``, ``@supports`` and ``@container`` (fonts, keyframes, the charset) are
kept whole. The same method as PurgeCSS's, with its default word pattern.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from pathlib import Path

import tinycss2

# The files whose text can name a class: the pages, their scripts and the data scripts read.
WORD_SOURCES = ("*.html", "*.js", "*.json")
WORD = re.compile(r"[A-Za-z0-9_-]+")
REQUIRED_NAME = re.compile(r"[.#](-?[A-Za-z_][A-Za-z0-9_-]*)")
GROUPING_AT_RULES = {"media", "supports", "container"}
# The style sheets cut, as patterns under a site's _static: the themes' and myst-nb's, which
# every page (myst-nb's: every notebook page) waits for before its first paint.
CUT_STYLESHEETS = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css", "mystnb.*.css")
MARK = "/* Cut by edition.stylesheets to the rules this site can use. */"


def words_in(site: Path, other_sites: Collection[str] = ()) -> set[str]:
    """Every word of every page, script and JSON file under ``site``, but not in the folders
    ``other_sites`` (the translations' sites, which are built beside it, at the same time)."""
    words: set[str] = set()
    for pattern in WORD_SOURCES:
        for path in site.rglob(pattern):
            if path.relative_to(site).parts[0] not in other_sites:
                words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def _without_groups(selector: str) -> str:
    """``selector`` without what stands in parentheses or brackets, nested or not."""
    out, depth = [], 0
    for char in selector:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def required_names(selector: str) -> set[str] | None:
    """The classes and ids an element must carry for ``selector`` to match it; None when the
    selector escapes a character (it is then kept, unread)."""
    if "\\" in selector:
        return None
    return set(REQUIRED_NAME.findall(_without_groups(selector)))


def split_selectors(prelude: str) -> list[str]:
    """A rule's selector list split at its top-level commas."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def selector_can_match(selector: str, words: set[str]) -> bool:
    names = required_names(selector)
    return names is None or names <= words


def _purged_rules(rules, words: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in split_selectors(tinycss2.serialize(rule.prelude)) if selector_can_match(s, words)]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule":
            if rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
                inner = _purged_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                              skip_whitespace=True), words)
                if inner:
                    kept.append("@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip()
                                + "{" + "".join(inner) + "}")
            else:
                kept.append(tinycss2.serialize([rule]).strip())
    return kept


def purge(css: str, words: set[str]) -> str:
    """``css`` with only the rules, and the selectors of a rule, that could match an element
    whose classes and ids are all among ``words``; comments dropped (the source map's too:
    it maps the whole file)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_purged_rules(rules, words)) + "\n"


def marked(css: str) -> str:
    """``css`` with ``MARK`` as its first line, or its second after an ``@charset`` rule,
    which counts only where it opens the file."""
    if css.startswith("@charset"):
        charset, _, rest = css.partition("\n")
        return f"{charset}\n{MARK}\n{rest}"
    return f"{MARK}\n{css}"


def is_cut(css: str) -> bool:
    return MARK in css.split("\n", 2)[:2]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def relink(pages: list[Path], stylesheet: str, version: str) -> None:
    """Point every link of ``pages`` to ``stylesheet`` (its path under _static) at the query
    ``?v=version``, whatever query the theme gave it."""
    link = re.compile(r'(href="[^"]*_static/' + re.escape(stylesheet) + r')(\?[^"]*)?"')
    for page in pages:
        html = page.read_text(encoding="utf-8")
        relinked = link.sub(lambda match: f'{match.group(1)}?v={version}"', html)
        if relinked != html:
            page.write_text(relinked, encoding="utf-8")


def purge_site(site: Path, pages: list[Path], words: set[str]) -> dict[str, tuple[int, int]]:
    """Cut each of the site's ``CUT_STYLESHEETS`` to the rules that its ``words``
    (``words_in``) can use, in place, and relink ``pages`` to it. Returns each file's size in
    bytes, whole and cut."""
    sizes = {}
    for pattern in CUT_STYLESHEETS:
        for path in sorted((site / "_static").glob(pattern)):
            whole = path.read_text(encoding="utf-8")
            if is_cut(whole):  # Sphinx copies the whole file again at every build
                raise ValueError(f"{path}: already cut by an earlier build, so rules it lacks "
                                 "cannot be restored; delete the file and build again")
            cut = marked(purge(whole, words))
            path.write_text(cut, encoding="utf-8")
            relink(pages, path.relative_to(site / "_static").as_posix(), digest(cut))
            sizes[path.name] = (len(whole.encode("utf-8")), len(cut.encode("utf-8")))
    return sizes
