"""The tabular data of the edition (data/datapackage.json): validated with frictionless,
with errors that name file, row, column and the rule broken, and loaded as DataFrames."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from frictionless import Package

from edition import apparatus, paths

PACKAGE_FILE = paths.DATA / "datapackage.json"


class DataError(Exception):
    """A data file breaks its schema; the message names file, row, column and rule."""


def descriptor(root: Path = paths.ROOT) -> dict:
    return json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))


def resource_errors(name: str, root: Path = paths.ROOT) -> list[str]:
    """Every error in one tabular resource, one line each."""
    package = Package(str(root / "data" / "datapackage.json"))
    resource = package.get_resource(name)
    report = resource.validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            cell = getattr(error, "cell", None)
            where = f"data/{resource.path}" + (f", row {row}" if row else "") + (f", column '{field}'" if field else "")
            if error.type == "primary-key":
                key = ", ".join(f"'{k}'" for k in resource.schema.primary_key)
                problems.append(f"{where}, columns {key}: duplicate primary key: {error.note}")
                continue
            found = f" (found {cell!r})" if cell is not None else ""
            problems.append(f"{where}: {error.title.lower()}: {error.note}{found}")
    if not problems:
        bibliography = apparatus.load_bibliography(root)
        table = pd.read_csv(root / "data" / resource.path, dtype=str, keep_default_na=False)
        for column in ("source", "sources"):
            if column not in table.columns:
                continue
            for index, keys in table[column].items():
                for key in keys.split():
                    if key not in bibliography:
                        problems.append(f"data/{resource.path}, row {index + 2}, column '{column}': "
                                        f"unknown bibliography key {key!r}")
    return problems


def tabular_resources(root: Path = paths.ROOT) -> list[str]:
    return [r["name"] for r in descriptor(root)["resources"] if r.get("profile") == "tabular-data-resource"]


def validate(root: Path = paths.ROOT) -> None:
    problems = [p for name in tabular_resources(root) for p in resource_errors(name, root)]
    if problems:
        raise DataError("\n".join(problems))


def load(name: str, root: Path = paths.ROOT) -> pd.DataFrame:
    """A tabular resource as a DataFrame, after validation."""
    problems = resource_errors(name, root)
    if problems:
        raise DataError("\n".join(problems))
    resource = next(r for r in descriptor(root)["resources"] if r["name"] == name)
    types = {"integer": "int64", "number": "float64", "boolean": "bool", "string": "string"}
    frame = pd.read_csv(root / "data" / resource["path"], dtype=str, keep_default_na=False)
    for field in resource["schema"]["fields"]:
        if field["type"] == "boolean":
            frame[field["name"]] = frame[field["name"]].str.lower().eq("true")
        elif field["type"] in ("integer", "number"):
            values = pd.to_numeric(frame[field["name"]].replace("", None))
            # an optional integer column keeps its gaps as missing values
            kind = "Int64" if field["type"] == "integer" and values.isna().any() else types[field["type"]]
            frame[field["name"]] = values.astype(kind)
    return frame


def inflation(root: Path = paths.ROOT) -> pd.DataFrame:
    return load("inflation", root)


def political_violence(root: Path = paths.ROOT) -> pd.DataFrame:
    return load("political-violence", root)


def described_files(root: Path = paths.ROOT) -> set[str]:
    return {r["path"] for r in descriptor(root)["resources"]}
