"""The timeline of the conflict (1980–2000) and of the siege (December 1996 – April 1997):
data/timeline.csv, validated row by row, and its figure."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from edition import apparatus, data, files, i18n, paths, sources, translations
from edition.figures import PALETTE, figure
from edition.i18n import N_, _

COLUMNS = ["id", "date", "precision", "category", "label", "description", "sources", "paragraphs", "claim"]
# (the figure's legend: translated where it is drawn, edition.i18n)
CATEGORIES = {"conflict": N_("The armed conflict"), "politics": N_("Politics and economy"), "siege": N_("The siege"),
              "texts": N_("The two articles")}
PRECISION_PATTERNS = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
SIEGE_START, SIEGE_END = date(1996, 12, 17), date(1997, 4, 22)


class TimelineError(Exception):
    """A row of data/timeline.csv breaks a rule; the message names row, column and rule."""


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    precision: str
    category: str
    label: str
    description: str
    sources: tuple[str, ...]
    paragraphs: tuple[str, ...]
    claim: str

    @property
    def day(self) -> date:
        """The date, with month or year precision placed at the middle of the period."""
        parts = [int(p) for p in self.date.split("-")]
        if self.precision == "year":
            return date(parts[0], 7, 1)
        if self.precision == "month":
            return date(parts[0], parts[1], 15)
        return date(*parts)


def _fail(path: Path, row: int, ident: str, column: str, message: str):
    raise TimelineError(f"{sources.relative(path)}, row {row} (id '{ident}'), column '{column}': {message}")


def load(root: Path = paths.ROOT) -> list[Event]:
    """Every event, checked. The rules of a single cell (id, date pattern, precision and
    category, label and description lengths, sources present and in the bibliography) are
    declared in data/datapackage.json and checked there (edition.data); here, the rules
    across cells and files: a date of its stated precision and on the calendar, paragraph
    anchors and claims that exist, rows sorted by date."""
    path = root / "data" / "timeline.csv"
    problems = data.resource_errors("timeline", root)
    if problems:
        raise TimelineError("\n".join(problems))
    texts = {t.id: t for t in sources.load_texts(root)}
    claims = {c["id"] for c in apparatus.load_validated(root / "data" / "claims.yml", root)["claims"]}
    with files.text_stream(path, root) as handle:
        events = []
        for number, row in enumerate(csv.DictReader(handle), start=2):  # row 1 is the header
            ident, precision = row["id"], row["precision"]
            if not re.fullmatch(PRECISION_PATTERNS[precision], row["date"]):
                _fail(path, number, ident, "date", f"expected an ISO date of {precision} precision, got {row['date']!r}")
            event = Event(row["id"], row["date"], precision, row["category"], row["label"].strip(),
                          " ".join(row["description"].split()), tuple(row["sources"].split()),
                          tuple(row["paragraphs"].split()), row["claim"].strip())
            try:
                event.day
            except ValueError as error:
                _fail(path, number, ident, "date", f"not a calendar date: {error}")
            for anchor in event.paragraphs:
                parsed = sources.parse_anchor(anchor)
                if not parsed or parsed[0] not in texts or not 1 <= parsed[1] <= len(texts[parsed[0]].paragraphs):
                    _fail(path, number, ident, "paragraphs", f"no such paragraph {anchor!r}")
            if event.claim and event.claim not in claims:
                _fail(path, number, ident, "claim", f"unknown claim id {event.claim!r}")
            if events and event.day < events[-1].day:
                _fail(path, number, ident, "date", f"rows must be sorted by date; {event.date} comes after {events[-1].date}")
            events.append(event)
    if i18n.language() != i18n.ORIGINAL:  # the labels and descriptions in the page's language
        from dataclasses import replace

        words = translations.translated("timeline", i18n.language(), root)
        events = [replace(e, label=words[e.id]["label"].strip(), description=" ".join(words[e.id]["description"].split()))
                  for e in events]
    return events


# ---- the figure ---------------------------------------------------------------------------

CATEGORY_COLOURS = {"conflict": PALETTE["vermilion"], "politics": PALETTE["blue"], "siege": PALETTE["green"],
                    "texts": PALETTE["purple"]}


LABEL_X = 0.12  # labels stand in a column to the right of the time axis (axes fraction)
# The siege panel's months, as its axis gives them (not the machine's locale: the page's language).
MONTH_AND_YEAR = (N_("Jan {year}"), N_("Feb {year}"), N_("Mar {year}"), N_("Apr {year}"), N_("May {year}"),
                  N_("Jun {year}"), N_("Jul {year}"), N_("Aug {year}"), N_("Sep {year}"), N_("Oct {year}"),
                  N_("Nov {year}"), N_("Dec {year}"))


def _month_and_year(value: float, position=None) -> str:
    """A tick of the siege panel: 'Dec 1996'."""
    day = mdates.num2date(value)
    return _(MONTH_AND_YEAR[day.month - 1]).format(year=day.year)


def _spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move sorted positions apart until neighbours are at least ``gap`` apart, keeping
    them within [low, high]: a one-dimensional layout in which labels cannot overlap."""
    spread: list[float] = []
    for position in positions:
        spread.append(max(position, low) if not spread else max(position, spread[-1] + gap))
    if spread and spread[-1] > high:
        spread[-1] = high
        for i in range(len(spread) - 2, -1, -1):
            spread[i] = min(spread[i], spread[i + 1] - gap)
    if spread and spread[0] < low:
        raise ValueError("too many labels for the panel's height: make the figure taller")
    return spread


def _place_labels(ax, events: list[Event]) -> None:
    """Label every event in a column beside the time axis, joined to its date by a leader
    line. Call this after the layout is final, since it measures the labels as drawn."""
    renderer = ax.figure.canvas.get_renderer()
    probe = ax.text(0, 0, "ÁÍÚgy’", fontsize=7.5)  # the tallest glyphs the labels use
    height_px = probe.get_window_extent(renderer).height
    probe.remove()
    low, high = sorted(ax.get_ylim())
    data_per_px = (high - low) / ax.get_window_extent(renderer).height
    days = [mdates.date2num(e.day) for e in events]
    positions = _spread(days, 1.25 * height_px * data_per_px, low + 0.5 * height_px * data_per_px,
                        high - 0.5 * height_px * data_per_px)
    for event, day, position in zip(events, days, positions):
        ax.annotate(event.label, xy=(0, day), xytext=(LABEL_X, position), xycoords=("axes fraction", "data"),
                    textcoords=("axes fraction", "data"), ha="left", va="center", fontsize=7.5,
                    gid="timeline-label", arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "lw": 0.6,
                                                      "shrinkA": 1, "shrinkB": 2})


def _panel(ax, events, start: date, end: date, locator, formatter, title: str) -> None:
    ax.set_ylim(mdates.date2num(end), mdates.date2num(start))  # time runs downwards
    ax.set_xlim(0, 1)
    for category, colour in CATEGORY_COLOURS.items():
        days = [mdates.date2num(e.day) for e in events if e.category == category]
        if days:
            ax.scatter([0] * len(days), days, s=22, color=colour, zorder=3, label=_(CATEGORIES[category]),
                       edgecolor="white", linewidth=0.6, clip_on=False)
    ax.yaxis.set_major_locator(locator)
    ax.yaxis.set_major_formatter(formatter)
    ax.xaxis.set_visible(False)
    ax.spines[["bottom", "top", "right"]].set_visible(False)
    ax.set_title(title, loc="left", fontsize=8.5, fontweight="bold")


@figure("timeline", inputs=("data/timeline.csv",))
def draw_timeline(events: list[Event] | None = None) -> plt.Figure:
    """Two panels side by side: the conflict 1980–2003, and the siege with the two articles."""
    events = events if events is not None else load()
    conflict = [e for e in events if e.category in ("conflict", "politics")]
    siege = [e for e in events if e.category in ("siege", "texts")]
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 7.6), layout="constrained")
    _panel(left, conflict, date(1979, 10, 1), date(2004, 3, 1), mdates.YearLocator(2),
           mdates.DateFormatter("%Y"), _("The conflict and politics, 1980–2003"))
    _panel(right, siege, date(1996, 12, 10), date(1997, 5, 8), mdates.MonthLocator(),
           plt.FuncFormatter(_month_and_year), _("The siege, and the two articles"))
    left.axhspan(mdates.date2num(SIEGE_START), mdates.date2num(SIEGE_END), xmax=0.04,
                 color=PALETTE["green"], alpha=0.5)
    handles, labels = [], []
    for ax in (left, right):
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    fig.legend(handles, labels, loc="outside lower center", ncol=4, frameon=False, fontsize=8)
    fig.canvas.draw()               # settle the layout, then freeze it before measuring labels
    fig.set_layout_engine("none")
    _place_labels(left, conflict)
    _place_labels(right, siege)
    return fig

