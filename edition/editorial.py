"""The editorial lists (data/editorial-lists.yml) and the checks that read them: the names,
acronyms and numbers of the texts left without an annotation, the register entities that
neither text names, and the towns the static map marks. Each entry carries its reason;
an entry that no longer applies is an error, like a name that is neither annotated nor
listed."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition import apparatus, coverage, files, paths, sources

WHERE = "data/editorial-lists.yml"


@dataclass(frozen=True)
class MapPlace:
    entity: str
    reason: str
    label: str | None = None
    emphasis: str | None = None  # "siege" (a larger marker) or "bold" (a bold label)


def lists(root: Path = paths.ROOT) -> dict:
    return apparatus.load_validated(root / WHERE, root)


def map_places(root: Path = paths.ROOT) -> list[MapPlace]:
    return [MapPlace(**item) for item in lists(root)["map_places"]]


def _csv_column(root: Path, name: str, column: str) -> set[str]:
    import csv
    with files.text_stream(root / "data" / name, root) as handle:
        return {word for row in csv.DictReader(handle) for word in (row.get(column) or "").split()}


def problems(root: Path = paths.ROOT) -> list[str]:
    document = lists(root)
    app = apparatus.load_apparatus(root)
    texts = {text.id: text for text in sources.load_texts(root)}
    found = []
    for section in ("absent_from_texts", "map_places"):
        found += [f"{WHERE}, {section}: unknown entity id '{item['entity']}' (not in data/entities.yml)"
                  for item in document[section] if item["entity"] not in app.entities]

    ignored = {(i["text"], i["paragraph"], i["token"]) for i in document["coverage_ignored"]}
    found += [f"{WHERE}, coverage_ignored: unknown text '{text_id}' (the texts are {', '.join(texts)})"
              for text_id in sorted({i[0] for i in ignored} - set(texts))]
    uncovered = set()
    for text in texts.values():
        chapter = sources.relative(text.chapter, root)
        for c in coverage.uncovered(text.chapter):
            uncovered.add((c.text_id, c.paragraph, c.token))
            if (c.text_id, c.paragraph, c.token) not in ignored:
                found.append(f"{chapter}: {c.text_id} ¶{c.paragraph}: the {c.kind} {c.token!r} is neither "
                             f"annotated nor on the coverage_ignored list of {WHERE}")
    found += [f"{WHERE}, coverage_ignored: {text_id} ¶{number} {token!r} is annotated now or no longer in "
              "the text; remove the entry" for text_id, number, token in sorted(ignored - uncovered)
              if text_id in texts]

    named = set(apparatus.occurrences(root))
    listed_absent = {item["entity"] for item in document["absent_from_texts"]}
    on_map = ({item["entity"] for item in document["map_places"]} | _csv_column(root, "zones.csv", "members")
              | _csv_column(root, "huallaga-schematic.csv", "place"))
    found += [f"{WHERE}, absent_from_texts: '{entity}' is named in a text now; remove the entry"
              for entity in sorted(listed_absent & named)]
    found += [f"data/entities.yml: '{entity}' is named in no text, drawn on no map and not on the "
              f"absent_from_texts list of {WHERE} with a reason"
              for entity in sorted(set(app.entities) - named - listed_absent - on_map)]
    return found
