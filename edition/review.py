"""The review record of the claim checks: two independent readings of every verdict
(data/second-readings.yml) and the public log of changed verdicts and corrected notes
(data/corrections.yml). Both are checked against the claims and entities they name."""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass


class ReviewError(Exception):
    """The review record disagrees with the claims or entities; the message names file and id."""


@dataclass(frozen=True)
class Reading:
    claim: str
    date: str
    first: str
    second: str
    second_reason: str
    resolution: str | None = None
    resolution_reason: str | None = None

    @property
    def agreed(self) -> bool:
        return self.first == self.second

    @property
    def final(self) -> str:
        return self.first if self.agreed else self.resolution


@dataclass(frozen=True)
class Correction:
    date: str
    target: str          # "claim", "entity" or "term" (a glossary term, by id)
    id: str
    what: str            # verdict, finding, claim (its restatement), reading (its second reading), note, definition
    old: str
    new: str
    reason: str


def check_date(value, where: str) -> str:
    """A real calendar date written YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ReviewError(f"{where}: field 'date': {value!r} is not a real calendar date (YYYY-MM-DD)") from None


def check_readings(document: dict, claims: dict, verdicts: list[str],
                   where: str = "data/second-readings.yml") -> dict[str, Reading]:
    problems, readings = [], {}
    counts = Counter(item["claim"] for item in document["readings"])
    for claim_id, count in counts.items():
        if count > 1:
            problems.append(f"{where}: claim '{claim_id}' has {count} records; keep one")
    for item in document["readings"]:
        at = f"{where}, claim '{item['claim']}'"
        reading = Reading(**{**item, "date": check_date(item["date"], at)})
        claim = claims.get(reading.claim)
        if claim is None:
            problems.append(f"{at}: unknown claim id (not in data/claims.yml)")
            continue
        for field in ("first", "second", "resolution"):
            value = getattr(reading, field)
            if value is not None and value not in verdicts:
                problems.append(f"{at}: field '{field}': unknown verdict '{value}' (the verdicts are {verdicts})")
        if not reading.agreed and not (reading.resolution and reading.resolution_reason):
            problems.append(f"{at}: the readings differ (first '{reading.first}', second '{reading.second}') "
                            "and no resolution with its reason is recorded")
        elif reading.agreed and reading.resolution:
            problems.append(f"{at}: the readings agree, so there is nothing to resolve; remove the resolution")
        elif reading.final != claim.verdict:
            problems.append(f"{at}: the readings settle on '{reading.final}' but data/claims.yml gives '{claim.verdict}'")
        readings[reading.claim] = reading
    for claim_id in claims:
        if claim_id not in counts:
            problems.append(f"{where}: claim '{claim_id}' has no second reading")
    if problems:
        raise ReviewError("\n".join(problems))
    return readings


CORRECTED = {"claim": ("data/claims.yml", ("verdict", "finding", "claim", "reading")), "entity": ("data/entities.yml", ("note",)),
             "term": ("data/glossary.yml", ("definition",))}


def check_corrections(document: dict, claims: dict, entities: dict, verdict_labels: dict, terms: dict | None = None,
                      where: str = "data/corrections.yml") -> tuple[Correction, ...]:
    problems, corrections = [], []
    latest_verdict: dict[str, Correction] = {}
    for number, item in enumerate(document["corrections"], 1):
        target = next(name for name in CORRECTED if name in item)
        ident = item[target]
        at = f"{where}: entry {number} ({target} '{ident}')"
        correction = Correction(check_date(item["date"], at), target, ident, item["what"], item["old"], item["new"],
                                item["reason"])
        known = {"claim": claims, "entity": entities, "term": terms or {}}[target]
        source, fields = CORRECTED[target]
        if ident not in known:
            problems.append(f"{at}: unknown {target} id (not in {source})")
        elif correction.what not in fields:
            problems.append(f"{at}: a {target} has no {correction.what!r} to correct (only {', '.join(fields)})")
        elif correction.what == "verdict":
            for value in (correction.old, correction.new):
                if value not in verdict_labels.values():
                    problems.append(f"{at}: {value!r} is not a verdict label ({sorted(verdict_labels.values())})")
            latest = latest_verdict.get(ident)
            if latest is None or correction.date >= latest.date:
                latest_verdict[ident] = correction
        corrections.append(correction)
    for ident, correction in latest_verdict.items():
        if ident in claims and verdict_labels[claims[ident].verdict] != correction.new:
            problems.append(f"{where}: the latest verdict change of claim '{ident}' gives '{correction.new}', "
                            f"but data/claims.yml gives '{verdict_labels[claims[ident].verdict]}'")
    if problems:
        raise ReviewError("\n".join(problems))
    return tuple(sorted(corrections, key=lambda c: c.date, reverse=True))
