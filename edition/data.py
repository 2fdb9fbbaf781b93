"""The tabular data of the edition (data/datapackage.json): validated with frictionless,
with errors that name file, row, column and the rule broken, and loaded as DataFrames."""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
from frictionless import Package

from edition import apparatus, files, paths, translations

PACKAGE_FILE = paths.DATA / "datapackage.json"


class DataError(Exception):
    """A data file breaks its schema; the message names file, row, column and rule."""


def descriptor(root: Path = paths.ROOT) -> dict:
    return json.loads(files.read_text(root / "data" / "datapackage.json", root))


def package(root: Path = paths.ROOT) -> Package:
    """The data package as frictionless reads it, made once per content of its descriptor
    (the tables themselves are read afresh at each validation or load)."""
    return _package(files.read_text(root / "data" / "datapackage.json", root), str(Path(root).resolve() / "data"))


@lru_cache(maxsize=8)
def _package(text: str, basepath: str) -> Package:
    return Package(json.loads(text), basepath=basepath)


def header_errors(resource: dict, root: Path = paths.ROOT) -> list[str]:
    """The header against the schema: a column missing, added or moved is named as such
    (frictionless would report the columns after it as wrong, then every row)."""
    where = f"data/{resource['path']}, row 1 (the header)"
    header = next(csv.reader(files.text_stream(root / "data" / resource["path"], root)), [])
    expected = [field["name"] for field in resource["schema"]["fields"]]
    problems = [f"{where}: column '{name}' is missing (the schema expects the columns {', '.join(expected)})"
                for name in expected if name not in header]
    problems += [f"{where}: column '{name}' is not in the schema (the schema expects the columns "
                 f"{', '.join(expected)})" for name in header if name not in expected]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems += [f"{where}: column '{name}' appears {header.count(name)} times" for name in repeated]
    if not problems and header != expected:
        problems.append(f"{where}: the columns are in the order {', '.join(header)}; the schema expects "
                        f"{', '.join(expected)}")
    return problems


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def row_rule_errors(resource: dict, root: Path = paths.ROOT) -> list[str]:
    """Rules across the fields of a row, for every table that has those fields: a start
    no later than its end, a percentage between 0 and 100. (The yearly counts' low, best
    and high estimates have their own check, edition.violence.check_bounds.)"""
    table = pd.read_csv(files.text_stream(root / "data" / resource["path"], root), dtype=str, keep_default_na=False)
    problems = []
    for index, row in table.iterrows():
        where = f"data/{resource['path']}, row {index + 2}"
        for first, last in (("start", "end"),):
            if first in row and last in row and row[first] and row[last]:
                a, b = _number(row[first]), _number(row[last])
                before = (a > b) if a is not None and b is not None else row[first] > row[last]
                if before:
                    problems.append(f"{where}, columns '{first}' and '{last}': '{first}' {row[first]} is greater "
                                    f"than '{last}' {row[last]}")
        if "unit" in row and row["unit"] == "percent" and "value" in row:
            value = _number(row["value"])
            if value is not None and not 0 <= value <= 100:
                problems.append(f"{where}, column 'value': a share of {row['value']} % is outside 0–100 %")
    return problems


def resource_errors(name: str, root: Path = paths.ROOT) -> list[str]:
    """Every error in one tabular resource, one line each."""
    described = next(r for r in descriptor(root)["resources"] if r["name"] == name)
    try:
        problems = header_errors(described, root)
    except files.EncodingError as error:
        return [str(error)]
    if problems:
        return problems
    resource = package(root).get_resource(name)
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
        problems = row_rule_errors(described, root)
    if not problems:
        bibliography = apparatus.load_bibliography(root)
        table = pd.read_csv(files.text_stream(root / "data" / resource.path, root), dtype=str, keep_default_na=False)
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
    """A tabular resource as a DataFrame, after validation, typed by frictionless from the
    schema (integers, numbers, booleans, dates; an integer column with gaps keeps them as
    missing values). The columns are in the schema's order; an empty text cell is ''."""
    problems = resource_errors(name, root)
    if problems:
        raise DataError("\n".join(problems))
    resource = package(root).get_resource(name)
    frame = resource.to_pandas()
    if resource.schema.primary_key:
        frame = frame.reset_index()
    frame = frame[resource.schema.field_names]
    text = [field.name for field in resource.schema.fields if field.type == "string"]
    frame[text] = frame[text].fillna("")
    return translations.translated_rows(frame, name, root=root) if name in translations.TABLES else frame


def inflation(root: Path = paths.ROOT) -> pd.DataFrame:
    return load("inflation", root)


def political_violence(root: Path = paths.ROOT) -> pd.DataFrame:
    return load("political-violence", root)


def described_files(root: Path = paths.ROOT) -> set[str]:
    return {r["path"] for r in descriptor(root)["resources"]}
