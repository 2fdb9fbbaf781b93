"""Data strings that carry a script, an onerror attribute, ``&``, ``<``, Markdown and a
MyST role, written into a copy of the book's data: in a note, a finding, a glossary
definition, a text's header, the data package's description, a timeline row and a zone's
description; and a shorter one in a zone's name, which the web map writes as a label."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from harness.books import edit_yaml

PAYLOAD = ('Payload <script>window.__xss=1;console.log("xss-ran")</script> '
           '<img src=x onerror="window.__xss=2;console.log(\'xss-ran\')"> & < *not emphasis* '
           '[not a link](https://example.org) {person}`not a role <fujimori>` end.')
# short enough to stand as a label on the maps
ZONE_NAME = '<img src=x onerror="window.__xss=3"> & <b>Central jungle</b>'
# what would open a block or a substitution if it were read as Markdown
BLOCK = "# not a heading - not an item 1. not a list : not a definition {{ not_a_substitution }} " + PAYLOAD


def poison(book: Path) -> None:
    def entity(document):
        next(e for e in document["entities"] if e["id"] == "juanjui")["note"] = PAYLOAD

    def claim(document):
        next(c for c in document["claims"] if c["id"] == "lfi-juanjui-date")["finding"][0]["says"] = PAYLOAD

    def term(document):
        next(t for t in document["terms"] if t["id"] == "guerrillaism")["definition"] = PAYLOAD

    def text_header(document):
        next(t for t in document["texts"] if t["id"] == "ww")["publication_note"] = BLOCK

    def package(document):
        next(r for r in document["resources"] if r["name"] == "zones")["description"] = BLOCK

    edit_yaml(book / "data" / "texts.yml", text_header)
    description = book / "data" / "datapackage.json"
    document = json.loads(description.read_text(encoding="utf-8"))
    package(document)
    description.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    edit_yaml(book / "data" / "entities.yml", entity)
    edit_yaml(book / "data" / "claims.yml", claim)
    edit_yaml(book / "data" / "glossary.yml", term)
    for name, row_id, column, value in (("timeline.csv", "chuschi", "description", PAYLOAD),
                                        ("zones.csv", "upper-huallaga", "description", PAYLOAD),
                                        ("zones.csv", "central-jungle", "name", ZONE_NAME)):
        path = book / "data" / name
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        table.loc[table.id == row_id, column] = value
        table.to_csv(path, index=False)

