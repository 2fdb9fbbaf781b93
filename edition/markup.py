"""The annotation markup of the text chapters, read straight from their MyST source.

A numbered paragraph is a line ``{#<text>-p07}`` followed by the paragraph's line. Inside
it, annotations are MyST roles whose text is the source's own words and whose target
is an id in the edition's data::

    {person}`Fujimori <fujimori>`      an entity (person, org, place, event)
    {claim}`over 400 <text-released-400>` a checked claim
    {sic}`peasants <text-sic-stop>`   a textual note on an error of the source
    {term}`revisionists <revisionism>` a glossary term (target: the glossary term)

Registers, the claims chapter, the coverage test and the validation all read the
annotations from here, so the chapters are the one record of where things occur."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import sources
from edition.files import read_text

ENTITY_ROLES = {"person": "person", "org": "organisation", "place": "place", "event": "event"}
ROLES = (*ENTITY_ROLES, "claim", "sic", "term")
ROLE = re.compile(r"\{(?P<role>" + "|".join(ROLES) + r")\}`(?P<body>[^`]*)`")
EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
ANCHOR_LINE = re.compile(r"^\{#(?P<anchor>[^{}\s]+)\}\s*$")  # a MyST attribute block: {#id}


@dataclass(frozen=True)
class Annotation:
    text_id: str
    paragraph: int
    role: str
    words: str   # the words of the source the role wraps
    target: str  # entity id, claim id, textual-note id or glossary term
    start: int   # character offset of the words in the plain paragraph
    order: int   # position among the annotations of this chapter
    line: int = 0  # the line of the chapter the role begins on (0: not read from a chapter)


@dataclass(frozen=True)
class MarkedParagraph:
    text_id: str
    number: int
    markup: str
    plain: str
    annotations: tuple[Annotation, ...]
    line: int = 0  # the chapter's line of the paragraph's first words


def split_role(body: str) -> tuple[str, str]:
    match = EXPLICIT_TARGET.match(body)
    if match:
        return match["text"], match["target"].strip()
    return body, body


def plain_text(markup: str, text_id: str = "", number: int = 0, first_order: int = 0,
               lines: tuple[int, ...] = ()):
    """The reading text of a paragraph's markup, and the annotations in it. Read from a
    chapter, the markup is its lines joined by spaces, and ``lines`` holds, for each, the
    chapter's line number and its offset in the markup."""
    pieces, annotations, position = [], [], 0
    for match in ROLE.finditer(markup):
        pieces.append(markup[position:match.start()])
        words, target = split_role(match["body"])
        start = sum(len(p) for p in pieces)
        line = max((at for at, offset in lines if offset <= match.start()), default=0)
        annotations.append(Annotation(text_id, number, match["role"], words, target, start,
                                      first_order + len(annotations), line))
        pieces.append(words)
        position = match.end()
    pieces.append(markup[position:])
    plain = "".join(pieces).replace("\\$", "$")
    return plain, annotations


def read_chapter(path: Path) -> list[MarkedParagraph]:
    """Every numbered paragraph of a text chapter, in order."""
    lines = read_text(path).split("\n")
    paragraphs, order = [], 0
    for index, line in enumerate(lines):
        match = ANCHOR_LINE.match(line)
        parsed = sources.parse_anchor(match["anchor"]) if match else None
        if not parsed:
            continue
        text_id, number = parsed
        body = []
        for following in lines[index + 1:]:
            if not following.strip():
                break
            body.append(following)
        markup = " ".join(body)
        first_line = index + 2  # 1-based: the line after the anchor's
        offsets = [sum(len(line) + 1 for line in body[:k]) for k in range(len(body))]
        plain, annotations = plain_text(markup, text_id, number, order,
                                        tuple(zip(range(first_line, first_line + len(body)), offsets)))
        order += len(annotations)
        paragraphs.append(MarkedParagraph(text_id, number, markup, plain, tuple(annotations), first_line))
    return paragraphs


def chapter_annotations(path: Path) -> list[Annotation]:
    return [a for paragraph in read_chapter(path) for a in paragraph.annotations]


ATTRIBUTE_LINE = re.compile(r"^\{(?P<attributes>[#.][^{}]*)\}\s*$")
OPEN_ROLE = re.compile(r"\{(?P<role>" + "|".join(ROLES) + r")\}`")


def unclosed_roles(markup: str) -> list[str]:
    """Roles in a paragraph's markup that open with a backtick and never close."""
    found = []
    openings = list(OPEN_ROLE.finditer(markup))
    for match, following in zip(openings, openings[1:] + [None]):
        end = markup.find("`", match.end())
        # no closing backtick, or the next role opens before this one closes
        if end == -1 or following is not None and following.start() < end:
            found.append(markup[match.start():match.start() + 40])
    return found


def reading_text(path: Path, text_id: str):
    """The reading text of a text chapter as its MyST source gives it: the title, the
    numbered paragraphs and the unnumbered ones (the signature) of the section labelled
    ``(<text>-text)=``, with the annotation roles reduced to their words. The same shape
    as ``fidelity.reading_text`` reads from the built page, so that the build can compare
    a chapter with its source before anything is rendered."""
    from edition.fidelity import RenderedText, normalise_space

    lines = read_text(path).split("\n")
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), "")
    label = f"({text_id}-text)="
    if label not in (line.strip() for line in lines):
        raise ValueError(f"{text_id}: the chapter has no section labelled {label}")
    start = [line.strip() for line in lines].index(label) + 1
    blocks, block, anchor, fence, heading_seen = [], [], None, None, False

    def flush():
        nonlocal block, anchor
        if block:
            blocks.append((anchor, " ".join(block)))
        block, anchor = [], None

    for line in lines[start:]:
        stripped = line.strip()
        if fence:  # a figure or other directive inside the section: not text
            fence = None if stripped == fence else fence
            continue
        if stripped.startswith(("```", ":::")):
            flush()
            fence = re.match(r"[`:]+", stripped).group()
            directive = stripped[len(fence):].strip()
            if not directive.startswith("{figure}"):  # only figures may stand among the paragraphs
                blocks.append((None, f"({directive or 'a fenced block'})"))
            continue
        if re.fullmatch(r"\(.+\)=", stripped) or re.match(r"#+ ", stripped) and heading_seen:
            break  # the next label or heading ends the section
        if re.match(r"#+ ", stripped):
            heading_seen = True  # the section's own heading
            continue
        attributes = ATTRIBUTE_LINE.match(stripped)
        if attributes:
            flush()
            ids = re.findall(r"#([\w-]+)", attributes["attributes"])
            anchor = ids[0] if ids else None
        elif stripped:
            block.append(stripped)
        else:
            flush()
    flush()
    numbered, unnumbered = [], []
    for anchor, markup in blocks:
        plain = normalise_space(plain_text(markup)[0])
        if anchor and sources.parse_anchor(anchor):
            numbered.append((anchor, plain))
        else:
            unnumbered.append(plain)
    return RenderedText(normalise_space(title), tuple(numbered), tuple(unnumbered))
