"""Yearly counts of deaths in Peru's armed conflict, 1980–2000, from three published
counters (data/violence-yearly.csv), derived from the original files by
``scripts/derive_violence_yearly.py``. The counters define a death differently, so
they are kept apart: never joined, never added."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from edition import data, i18n, paths, render
from edition.i18n import N_, _, translate

FIRST_YEAR, LAST_YEAR = 1980, 2000
FILE = "violence-yearly.csv"
COLUMNS = ["counter", "year", "deaths", "low", "high", "source", "definition"]

# Each counter: the original file it is read from and what it counts (the words of the
# files' own documentation, condensed by the editors). The data file keeps the English; the
# pages' tables translate the label and the definition (edition.i18n).
COUNTERS = {
    "ucdp-ged-19.1": {
        "file": "original/owid-ucdp-ged-2019.csv",
        "source": "ucdp-ged-19-owid",
        "label": "UCDP GED 19.1",
        "definition": N_("Direct deaths, civilians and combatants, in state-based conflict, non-state conflict and "
                         "one-sided violence on Peru's territory; UCDP's best estimate, as aggregated by Our World "
                         "in Data."),
    },
    "prio-battle-deaths-3.1": {
        "file": "original/poldat-ucdpbrds.rda",
        "source": "poldat-ucdpbrds",
        "label": "PRIO Battle Deaths 3.1",
        "definition": N_("Battle deaths in state-based armed conflict (the state against the insurgents), low, best "
                         "and high estimates; the PRIO series, used by the poldat panel up to 1988."),
    },
    "ucdp-ged-23.1-state-based": {
        "file": "original/poldat-ucdpbrds.rda",
        "source": "poldat-ucdpbrds",
        "label": N_("UCDP GED 23.1, state-based"),
        "definition": N_("Battle deaths in state-based armed conflict only, low, best and high estimates; killings "
                         "of civilians (one-sided violence) are left out. The poldat panel's series from 1989."),
    },
    "gtd-0522": {
        "file": "gtd-peru-1980-2000.csv",
        "source": "start-gtd-2022",
        "label": "Global Terrorism Database",
        "definition": N_("People killed (perpetrators included) in attacks by non-state groups, START's Global "
                         "Terrorism Database release 0522, as aggregated by Our World in Data; the GTD has no "
                         "records for 1993."),
    },
}
POLDAT_SOURCES = {"PRIO Battle-deaths 3.1": "prio-battle-deaths-3.1", "UCDP GED 23.1": "ucdp-ged-23.1-state-based"}


def derive(originals: Path) -> str:
    """The yearly table as CSV text, from the folder of original files (deterministic)."""
    rows = []
    ucdp = pd.read_csv(originals / COUNTERS["ucdp-ged-19.1"]["file"])
    for r in ucdp[ucdp.Entity == "Peru"].itertuples():
        rows.append(("ucdp-ged-19.1", int(r.Year), int(r._3), None, None))
    import rdata  # only the derivation reads R data files

    panel = rdata.read_rda(str(originals / COUNTERS["prio-battle-deaths-3.1"]["file"]))["ucdpbrds"]
    for r in panel[panel.country_name == "Peru"].itertuples():
        rows.append((POLDAT_SOURCES[r.source], int(r.year), int(r.best), int(r.low), int(r.high)))
    gtd = pd.read_csv(originals / COUNTERS["gtd-0522"]["file"])
    for r in gtd[gtd.entity == "Peru"].itertuples():
        rows.append(("gtd-0522", int(r.year), int(r.terrorism_fatalities), None, None))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for counter, year, deaths, low, high in sorted(rows, key=lambda row: (list(COUNTERS).index(row[0]), row[1])):
        if FIRST_YEAR <= year <= LAST_YEAR:
            info = COUNTERS[counter]
            writer.writerow([counter, year, deaths, "" if low is None else low, "" if high is None else high,
                             info["source"], info["definition"]])
    return out.getvalue()


def check_bounds(frame: pd.DataFrame, where: str) -> list[str]:
    """low <= deaths <= high, row by row (frictionless checks each cell on its own)."""
    problems = []
    for index, row in frame.iterrows():
        for column, ok in (("low", pd.isna(row.low) or row.low <= row.deaths),
                           ("high", pd.isna(row.high) or row.high >= row.deaths)):
            if not ok:
                problems.append(f"{where}, row {index + 2}, column '{column}': {column} estimate "
                                f"{row[column]:g} is on the wrong side of the best estimate {row.deaths:g}")
    return problems


def yearly(root: Path = paths.ROOT) -> pd.DataFrame:
    """The validated yearly table."""
    frame = data.load("violence-yearly", root)
    problems = check_bounds(frame, f"data/{FILE}")
    if problems:
        raise data.DataError("\n".join(problems))
    return frame


def counts_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The yearly counts, one row per year and one column per counter, formatted for
    reading: thousands separators, low–high ranges, a dash where a counter has no count."""
    def cell(row) -> str:
        if pd.isna(row.low) or row.low == row.high == row.deaths:
            return i18n.number(row.deaths)
        return f"{i18n.number(row.deaths)} ({i18n.number(row.low)}–{i18n.number(row.high)})"

    year = _("Year")
    table = pd.DataFrame({year: range(FIRST_YEAR, LAST_YEAR + 1)}).set_index(year)
    for counter, info in COUNTERS.items():
        rows = frame[frame.counter == counter].set_index("year")
        table[translate(info["label"])] = [cell(rows.loc[y]) if y in rows.index else "–" for y in table.index]
    return table.reset_index().astype(str)


def counters_table(frame: pd.DataFrame, bibliography: dict) -> pd.DataFrame:
    """One row per counter: its years, what it counts, and a link to its source."""
    rows = []
    for counter, info in COUNTERS.items():
        years = frame[frame.counter == counter].year
        entry = bibliography[info["source"]]
        rows.append({_("Counter"): translate(info["label"]), _("Years"): f"{years.min()}–{years.max()}",
                     _("What it counts"): translate(info["definition"]),
                     _("Source"): render.Link(info["source"], entry.fields["url"])})
    return pd.DataFrame(rows)
