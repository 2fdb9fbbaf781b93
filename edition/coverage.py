"""Annotation coverage: every proper name, acronym and number in the reading texts must
fall inside an annotation (entity, claim, term, textual note) or be on an explicit ignore
list with a reason (data/editorial-lists.yml, checked by edition.editorial)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import markup

CAPITALISED = re.compile(r"[A-ZÁÉÍÓÚÑ][\w/]*")  # stops at ’s and hyphens: “Peru’s”, “IMF-backed”
NUMBER = re.compile(r"\d[\d,.]*%?")
SENTENCE_START = re.compile(r"(?:^|[.!?][”’)]?\s+)[“‘(]?$")


@dataclass(frozen=True)
class Candidate:
    text_id: str
    paragraph: int
    token: str
    start: int
    kind: str  # "name", "acronym" or "number"


def candidates(paragraph: markup.MarkedParagraph) -> list[Candidate]:
    found = []
    text = paragraph.plain
    for match in CAPITALISED.finditer(text):
        token = match.group().rstrip("/")
        acronym = len(token) >= 2 and token[:2].isupper()
        at_start = bool(SENTENCE_START.search(text[:match.start()]))
        if acronym or not at_start:
            found.append(Candidate(paragraph.text_id, paragraph.number, token, match.start(),
                                   "acronym" if acronym else "name"))
    for match in NUMBER.finditer(text):
        token = match.group().rstrip(",.")
        found.append(Candidate(paragraph.text_id, paragraph.number, token, match.start(), "number"))
    return found


def is_covered(candidate: Candidate, paragraph: markup.MarkedParagraph) -> bool:
    end = candidate.start + len(candidate.token)
    return any(a.start <= candidate.start and end <= a.start + len(a.words) for a in paragraph.annotations)


def uncovered(chapter: Path) -> list[Candidate]:
    result = []
    for paragraph in markup.read_chapter(chapter):
        result += [c for c in candidates(paragraph) if not is_covered(c, paragraph)]
    return result
