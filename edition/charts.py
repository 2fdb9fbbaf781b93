"""The data charts: Peru's inflation, and the counts of victims of political violence set
against the League's “150 a month”. One function per chart; the notebooks, the text
chapters and ``make figures`` all use these."""
from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from edition import data
from edition.figures import PALETTE, figure

FUJIMORI_INAUGURATION = date(1990, 7, 28)
FUJISHOCK = date(1990, 8, 8)
SELF_COUP = date(1992, 4, 5)
GUZMAN_CAPTURE = date(1992, 9, 12)
SIEGE = (date(1996, 12, 17), date(1997, 4, 22))
CLAIM_PER_MONTH = 150  # LFI ¶12: “rose to 150 a month in Fujimori's first year”


def _year_midpoint(year: int) -> float:
    return mdates.date2num(date(year, 7, 1))


@figure("inflation")
def draw_inflation(frame: pd.DataFrame | None = None) -> plt.Figure:
    """Inflation 1975–2005 on a log scale, with the articles' figures drawn against it."""
    frame = frame if frame is not None else data.inflation()
    frame = frame[(frame.year >= 1975) & (frame.year <= 2005)]
    average = frame[frame.series == "wdi-annual-average"].sort_values("year")
    december = frame[frame.series == "inei-december-to-december"].sort_values("year")
    fig, ax = plt.subplots(figsize=(7.2, 4.4), layout="constrained")
    ax.set_yscale("log")
    ax.plot([_year_midpoint(y) for y in average.year], average.value, color=PALETTE["blue"], lw=1.8,
            marker="o", ms=3.5, label="Annual average (World Bank)")
    ax.plot([mdates.date2num(date(y, 12, 31)) for y in december.year], december.value, ls="none",
            marker="D", ms=4, color=PALETTE["vermilion"], label="December to December (INEI)")
    for value, text in ((7000, "LFI ¶11: “over 7,000%”"), (10, "LFI ¶15: “down to 10%”")):
        ax.axhline(value, color=PALETTE["black"], lw=0.8, ls=(0, (4, 3)))
        ax.text(mdates.date2num(date(2005, 10, 1)), value * 1.18, text, fontsize=8, va="bottom", ha="right")
    for day, text, side in ((FUJISHOCK, "Aug 1990\nstabilisation\nshock ", "right"), (SELF_COUP, " Apr 1992\n self-coup", "left")):
        ax.axvline(mdates.date2num(day), color=PALETTE["grey"], lw=0.8)
        ax.text(mdates.date2num(day), 0.16, text, fontsize=7.5, color="#444444", va="bottom", ha=side)
    ax.axvspan(mdates.date2num(SIEGE[0]), mdates.date2num(SIEGE[1]), color=PALETTE["green"], alpha=0.3, lw=0)
    ax.text(mdates.date2num(SIEGE[1]) + 60, 0.16, "siege", fontsize=7.5, color="#2d6b55", va="bottom")
    peak = average.loc[average.value.idxmax()]
    ax.annotate(f"{int(peak.year)}: {peak.value:,.0f}% (annual average)", xy=(_year_midpoint(int(peak.year)), peak.value),
                xytext=(mdates.date2num(date(1993, 6, 1)), 2500), fontsize=8,
                arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.7})
    ax.set_ylim(0.1, 30000)
    ax.set_xlim(mdates.date2num(date(1975, 1, 1)), mdates.date2num(date(2006, 1, 1)))
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}%" if v >= 1 else f"{v:g}%"))
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel("Consumer-price inflation (log scale)")
    ax.legend(loc="lower left", frameon=False, fontsize=8)
    ax.set_title("Peru: consumer-price inflation, 1975–2005", loc="left", fontsize=9.5, fontweight="bold")
    return fig


def monthly_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """The counts that can be set against “150 a month”, as deaths per month. Period
    totals become averages (total ÷ months), marked derived; nothing is interpolated."""
    def value(series, perpetrator):
        rows = frame[(frame.series == series) & (frame.perpetrator == perpetrator)]
        return float(rows.value.iloc[0])

    return pd.DataFrame([
        {"label": "Reported to the CVR, 1980–85 (average)", "start": date(1980, 7, 28), "end": date(1985, 7, 28),
         "per_month": value("cvr-period-belaunde", "all") / 60, "derived": True, "kind": "reported"},
        {"label": "Reported to the CVR, 1985–90 (average)", "start": date(1985, 7, 28), "end": date(1990, 7, 28),
         "per_month": value("cvr-period-garcia", "all") / 60, "derived": True, "kind": "reported"},
        {"label": "June 1991, all deaths (Senate commission)", "start": date(1991, 6, 1), "end": date(1991, 6, 30),
         "per_month": value("senate-june-1991", "all"), "derived": False, "kind": "month"},
        {"label": "June 1991, civilians", "start": date(1991, 6, 1), "end": date(1991, 6, 30),
         "per_month": value("senate-june-1991", "civilians"), "derived": False, "kind": "civilians"},
        {"label": "1996, all deaths (CNDDHH; average)", "start": date(1996, 1, 1), "end": date(1996, 12, 31),
         "per_month": value("cnddhh-1996", "all") / 12, "derived": True, "kind": "year"},
    ])


@figure("violence")
def draw_violence(frame: pd.DataFrame | None = None) -> plt.Figure:
    """Left: the CVR's estimate of all victims by perpetrator. Right: deaths per month where
    a source allows it, with gaps left as gaps, against the League's “150 a month”."""
    frame = frame if frame is not None else data.political_violence()
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 4.2), width_ratios=[1, 2.1], layout="constrained")

    total = float(frame[(frame.series == "cvr-estimate") & (frame.perpetrator == "all")].value.iloc[0])
    low = float(frame[frame.series == "cvr-estimate-lower"].value.iloc[0])
    high = float(frame[frame.series == "cvr-estimate-upper"].value.iloc[0])
    shares = [("pcp-sl", "Shining Path", PALETTE["vermilion"]), ("state", "State agents", PALETTE["blue"]),
              ("others", "Others (incl. MRTA)", PALETTE["grey"])]
    bottom = 0.0
    for key, name, colour in shares:
        share = float(frame[(frame.series == "cvr-estimate") & (frame.perpetrator == key)].value.iloc[0])
        height = total * share / 100
        left.bar(0, height, bottom=bottom, color=colour, width=0.6)
        left.text(0.36, bottom + height / 2, f"{name}\n{share:.0f}%", va="center", fontsize=8)
        bottom += height
    left.errorbar(0, total, yerr=[[total - low], [high - total]], color="black", capsize=4, lw=1)
    left.text(-0.45, high + 1500, f"Total {total:,.0f} (95% interval\n{low:,.0f}–{high:,.0f})", va="bottom", fontsize=7.5)
    left.set_xlim(-0.5, 1.6)
    left.set_ylim(0, 90000)
    left.set_xticks([])
    left.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    left.set_ylabel("Dead and disappeared, 1980–2000")
    left.set_title("CVR estimate,\nby perpetrator", loc="left", fontsize=9, fontweight="bold")

    rates = monthly_rates(frame)
    colours = {"reported": PALETTE["sky"], "month": PALETTE["vermilion"], "civilians": PALETTE["orange"],
               "year": PALETTE["purple"]}
    for row in rates.itertuples():
        x0, x1 = mdates.date2num(row.start), mdates.date2num(row.end)
        width = max(x1 - x0, 75)
        right.bar(x0, row.per_month, width=width, align="edge", color=colours[row.kind],
                  hatch="//" if row.derived else None, edgecolor="white", lw=0.5)
    first_year = (mdates.date2num(FUJIMORI_INAUGURATION), mdates.date2num(date(1991, 7, 28)))
    right.hlines(CLAIM_PER_MONTH, *first_year, color="black", lw=2)
    column = mdates.date2num(date(1993, 3, 1))  # labels of the 1990s stand in one column
    right.annotate("LFI ¶12: “150 a month in\nFujimori's first year”", xy=(first_year[1], CLAIM_PER_MONTH),
                   xytext=(column, 330), fontsize=8, arrowprops={"arrowstyle": "-", "lw": 0.7})
    for day, text, side in ((FUJIMORI_INAUGURATION, "Fujimori takes\noffice ", "right"),
                            (GUZMAN_CAPTURE, " Guzmán\n captured", "left")):
        right.axvline(mdates.date2num(day), color=PALETTE["grey"], lw=0.8, ls=":")
        right.text(mdates.date2num(day), 590, text, fontsize=7, va="top", ha=side, color="#444444")
    june = mdates.date2num(date(1991, 6, 15))
    for row in rates.itertuples():
        if row.kind == "month":
            right.annotate("June 1991: 540 deaths\n(Senate commission)", xy=(june, row.per_month),
                           xytext=(column, 470), fontsize=7.5, arrowprops={"arrowstyle": "-", "lw": 0.6, "color": "#555555"})
        elif row.kind == "civilians":
            right.annotate("of whom civilians: 149", xy=(june, row.per_month), xytext=(column, 215),
                           fontsize=7.5, arrowprops={"arrowstyle": "-", "lw": 0.6, "color": "#555555"})
        elif row.kind == "year":
            right.text(mdates.date2num(row.start), row.per_month + 15, "1996: 292 in the year\n(CNDDHH), average",
                       fontsize=7.5, va="bottom", ha="center")
    right.text(mdates.date2num(date(1980, 9, 1)), 150, "Reported to the CVR,\nyearly average", fontsize=7.5, va="bottom")
    right.set_xlim(mdates.date2num(date(1980, 1, 1)), mdates.date2num(date(2000, 12, 31)))
    right.set_ylim(0, 600)
    right.xaxis.set_major_locator(mdates.YearLocator(4))
    right.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    right.set_ylabel("Deaths per month")
    right.set_title("Deaths per month where a source allows it\n(hatched: average over a period; blank: no data)",
                    loc="left", fontsize=9, fontweight="bold")
    return fig
