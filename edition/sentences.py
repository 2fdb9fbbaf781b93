"""The sentence inventory (data/sentences.yml): every sentence of both reading texts,
each either carrying claim checks or classified as not checkable, with a reason.

Sentences are cut from the same division of the sources that the fidelity test uses
(``edition.sources``), so a changed source shows up here as a changed sentence."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from edition import paths, sources

# A sentence ends at . ! or ? (after any closing quotes or brackets) followed by a space
# and a capital, an opening quote or bracket. No abbreviation in the texts ends in a point.
SENTENCE_END = re.compile(r"(?<=[.!?])(?<![A-Z]\.[A-Z]\.)[”’)]*\s+(?=[“‘(]?[A-Z])")


def split(paragraph: str) -> list[str]:
    """The sentences of a paragraph, in order, exactly as printed."""
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(paragraph):
        end = match.start() + len(match.group(0).rstrip())
        pieces.append(paragraph[start:end])
        start = match.end()
    pieces.append(paragraph[start:])
    return [p.strip() for p in pieces if p.strip()]


class InventoryError(Exception):
    """The sentence inventory disagrees with the texts or the claims; the message names
    the file, the text, the paragraph and the sentence."""


@dataclass(frozen=True)
class Sentence:
    id: str          # <text>-p07-s2: the paragraph's anchor and the sentence's number in it
    text_id: str
    paragraph: int
    number: int
    text: str
    claims: tuple[str, ...] = ()
    category: str | None = None
    reason: str | None = None


def sentence_id(text_id: str, paragraph: int, number: int) -> str:
    return f"{sources.paragraph_anchor(text_id, paragraph)}-s{number}"


def source_sentences(texts) -> dict[str, tuple[str, int, int, str]]:
    """Every sentence of the reading texts: id -> (text id, paragraph, number, words)."""
    found = {}
    for text in texts:
        for paragraph in text.paragraphs:
            for number, words in enumerate(split(paragraph.text), 1):
                found[sentence_id(text.id, paragraph.number, number)] = (text.id, paragraph.number, number, words)
    return found


def check_inventory(document: dict, texts, claims: dict, where: str = "data/sentences.yml") -> dict[str, Sentence]:
    """The inventory's sentences, checked against the sources and the claim checks."""
    expected = source_sentences(texts)
    categories = [c["id"] for c in document["categories"]]
    problems, inventory = [], {}
    counts = Counter(item["id"] for item in document["sentences"])
    for ident, count in counts.items():
        if count > 1:
            problems.append(f"{where}: sentence '{ident}' is classified {count} times; classify it once")
    claimed_by: dict[str, list[str]] = {}
    for item in document["sentences"]:
        ident = item["id"]
        if ident not in expected:
            problems.append(f"{where}: sentence '{ident}' is not a sentence of the texts "
                            f"(its text: {item['text']!r})")
            continue
        text_id, paragraph, number, words = expected[ident]
        at = f"{where}: {text_id} ¶{paragraph}, sentence {number} ('{ident}')"
        if item["text"] != words:
            problems.append(f"{at}: the inventory has {item['text']!r} but the source reads {words!r}; "
                            "re-read the sentence and check its classification")
        if "claims" in item and "category" in item:
            problems.append(f"{at}: it carries claims and is also classified as '{item['category']}'; "
                            "classify it once")
        elif "claims" not in item and "category" not in item:
            problems.append(f"{at}: it has neither claims nor a category")
        if "category" in item and item["category"] not in categories:
            problems.append(f"{at}: unknown category '{item['category']}' (the categories are {categories})")
        for claim_id in item.get("claims", ()):
            claimed_by.setdefault(claim_id, []).append(ident)
            claim = claims.get(claim_id)
            if claim is None:
                problems.append(f"{at}: unknown claim id '{claim_id}' (not in data/claims.yml)")
            elif (claim.text, claim.paragraph) != (text_id, paragraph) or claim.quote not in words:
                problems.append(f"{at}: claim '{claim_id}' quotes {claim.quote!r} from {claim.text} "
                                f"¶{claim.paragraph}, which is not in this sentence")
        inventory[ident] = Sentence(ident, text_id, paragraph, number, item["text"], tuple(item.get("claims", ())),
                                    item.get("category"), item.get("reason"))
    for ident, (text_id, paragraph, number, words) in expected.items():
        if ident not in counts:
            problems.append(f"{where}: {text_id} ¶{paragraph}, sentence {number} is not classified: {words!r}")
    for claim_id in claims:
        if len(claimed_by.get(claim_id, [])) != 1:
            problems.append(f"{where}: claim '{claim_id}' is listed by {len(claimed_by.get(claim_id, []))} "
                            "sentences, expected exactly one")
    if problems:
        raise InventoryError("\n".join(problems))
    return {ident: inventory[ident] for ident in expected}  # in reading order
