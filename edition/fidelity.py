"""Fidelity of the reading texts: what a built HTML chapter shows, with the editors'
additions removed, compared with the source paragraph by paragraph.

The only normalisation of the comparison is white space: any run of white space
counts as one space (the HTML reflows the text; the sources have no double spaces)."""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from edition import sources
from edition.sources import SourceText

# Elements the editors add inside the reading text; removed before comparing.
EDITORIAL_ADDITIONS = [
    "a.paranum",            # paragraph numbers
    "a.headerlink",         # heading permalinks
    "a.footnote-reference",  # footnote markers (PDF-style rendering)
    "label.margin-toggle",  # sidenote markers
    "input.margin-toggle",
    "span.sidenote",        # sidenote text
    "span.marginnote",
    ".edition-note",        # reserved for the edition's own inline notes
    ".edition-translation",  # a translated site's reading translation, its notice and title
    ".edition-translation-notice",
    ".edition-translation-title",
]
# The wrapper that holds a paragraph and its translation on a translated site: unwrapped.
PARALLEL_CLASS = "edition-parallel"
# What may stand in a text section besides its paragraphs: its heading and the figures
# beside the paragraphs (``{figure}`` directives in the chapter).
ALLOWED_BESIDE_THE_TEXT = ("h2", "figure")


def normalise_space(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class RenderedText:
    """The reading text of one chapter as a reader sees it, without editorial additions."""

    title: str
    paragraphs: tuple[tuple[str, str], ...]  # (anchor id, text) in page order
    unnumbered: tuple[str, ...]  # other paragraphs of the text section (the signature)


def reading_text(html: str, text_id: str) -> RenderedText:
    soup = BeautifulSoup(html, "html.parser")
    for selector in EDITORIAL_ADDITIONS:
        for element in soup.select(selector):
            element.decompose()
    heading = soup.find("h1")
    marker = soup.find(id=sources.text_section_anchor(text_id))
    if heading is None or marker is None:
        raise ValueError(f"{text_id}: the page has no <h1> or no element with id "
                         f"'{sources.text_section_anchor(text_id)}'")
    section = marker if marker.name == "section" else marker.find_parent("section")
    for wrapper in section.select(f"div.{PARALLEL_CLASS}"):
        wrapper.unwrap()
    paragraphs, unnumbered = [], []
    for child in section.find_all(True, recursive=False):
        text = normalise_space(child.get_text())
        if child.name in ALLOWED_BESIDE_THE_TEXT or not text and child.name == "span":
            continue
        anchor = child.get("id", "")
        if child.name == "p" and sources.parse_anchor(anchor):
            paragraphs.append((anchor, text))
        else:  # the signature, or anything else that would stand among the paragraphs
            unnumbered.append(text)
    return RenderedText(normalise_space(heading.get_text()), tuple(paragraphs), tuple(unnumbered))


def word_diff(expected: str, actual: str, context: int = 6) -> str:
    """The changed words, with a few words of context: [-source-]{+chapter+}."""
    old, new = expected.split(), actual.split()
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(old[max(0, i1 - context):i1])
        after = " ".join(old[i2:i2 + context])
        removed = f"[-{' '.join(old[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(new[j1:j2])}+}}" if j2 > j1 else ""
        pieces.append(f"…{before} {removed}{added} {after}…")
    return "\n      ".join(pieces) or "(white space only)"


@dataclass(frozen=True)
class Mismatch:
    text_id: str
    where: str
    expected: str
    actual: str
    problem: str = ""  # a sentence for what is wrong, where a word diff would not say it

    def __str__(self) -> str:
        if self.problem:
            return f"{self.text_id} {self.where}: {self.problem}"
        return (f"{self.text_id} {self.where}: the chapter differs from the source "
                f"([-source-]{{+chapter+}}):\n      {word_diff(self.expected, self.actual)}")


def _closest(paragraph: str, candidates: list[str]) -> str | None:
    """The candidate that is most like the paragraph, if it is like it at all."""
    scored = [(difflib.SequenceMatcher(a=paragraph.split(), b=c.split(), autojunk=False).ratio(), c)
              for c in candidates]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= 0.6 else None


def compare(text: SourceText, rendered: RenderedText) -> list[Mismatch]:
    """Every difference between the source and the rendered reading text: paragraphs
    missing, added, out of order, without their number, or with other words."""
    problems: list[Mismatch] = []
    if rendered.title != normalise_space(text.title):
        problems.append(Mismatch(text.id, "title", text.title, rendered.title))
    expected = {p.anchor: p for p in text.paragraphs}
    actual_ids = [anchor for anchor, _ in rendered.paragraphs]
    rendered_by_id = dict(rendered.paragraphs)
    signature = [normalise_space(text.signature)] if text.signature else []
    unnumbered = [u for u in rendered.unnumbered if u not in signature]
    for anchor in actual_ids:
        if anchor not in expected:
            problems.append(Mismatch(text.id, f"#{anchor}", "", rendered_by_id[anchor],
                                     f"the chapter has a paragraph #{anchor} that the source does not have: "
                                     f"“{rendered_by_id[anchor][:80]}”"))
    for anchor, count in Counter(actual_ids).items():
        if count > 1:
            problems.append(Mismatch(text.id, f"#{anchor}", "", "", f"paragraph #{anchor} appears {count} times"))
    for paragraph in text.paragraphs:
        where = f"¶{paragraph.number} (#{paragraph.anchor})"
        source = normalise_space(paragraph.text)
        actual = rendered_by_id.get(paragraph.anchor)
        if actual is None:
            lost = _closest(source, unnumbered)
            if lost is None:
                problems.append(Mismatch(text.id, where, source, "", "the paragraph is missing from the chapter"))
                continue
            unnumbered.remove(lost)
            problems.append(Mismatch(text.id, where, source, lost,
                                     "the paragraph has lost its number (no {#" + paragraph.anchor + "} line)"))
            actual = lost
        if actual != source:
            problems.append(Mismatch(text.id, where, paragraph.text, actual))
    present = list(dict.fromkeys(anchor for anchor in actual_ids if anchor in expected))
    in_source_order = [p.anchor for p in text.paragraphs if p.anchor in present]
    moved = next((a for a, b in zip(present, in_source_order) if a != b), None)
    if moved is not None:
        problems.append(Mismatch(text.id, "paragraph order", " ".join(in_source_order), " ".join(present),
                                 f"the paragraphs are out of the source's order: #{moved} comes too early "
                                 f"(chapter order: {' '.join(present)})"))
    for extra in unnumbered:
        problems.append(Mismatch(text.id, "unnumbered paragraphs", "", extra,
                                 f"the chapter has an unnumbered paragraph that is not in the source: “{extra[:80]}”"))
    shown_signature = [u for u in rendered.unnumbered if u in signature]
    if len(shown_signature) < len(signature):
        problems.append(Mismatch(text.id, "unnumbered paragraphs (signature)", " | ".join(signature),
                                 " | ".join(shown_signature), "the signature is missing: “" + " | ".join(signature) + "”"))
    elif len(shown_signature) > len(signature):
        problems.append(Mismatch(text.id, "unnumbered paragraphs (signature)", " | ".join(signature),
                                 " | ".join(shown_signature), "the signature appears more than once"))
    return problems


def check_chapter(text: SourceText, html_file: Path) -> list[Mismatch]:
    return compare(text, reading_text(html_file.read_text(encoding="utf-8"), text.id))
