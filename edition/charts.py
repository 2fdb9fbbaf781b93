"""The data charts: Peru's inflation, and the counts of victims of political violence set
against the League's “150 a month”. One function per chart; the notebooks, the text
chapters and ``make figures`` all use these."""
from __future__ import annotations

import re
import textwrap
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from edition import data, i18n
from edition.figures import PALETTE, figure
from edition.i18n import N_, _, translate

FUJISHOCK = date(1990, 8, 8)
SELF_COUP = date(1992, 4, 5)
SIEGE = (date(1996, 12, 17), date(1997, 4, 22))


def claims_on_chart(name: str) -> list:
    """The claims that ``data/claims.yml`` puts on the chart ``name`` (their ``chart``), in order."""
    from edition import apparatus
    return [claim for claim in apparatus.apparatus().claims.values() if claim.chart == name]


def claim_label(claim) -> str:
    """'LFI 1997, ¶11': the claim's place in its text, as the edition cites paragraphs."""
    from edition import sources
    return f"{sources.load_text(claim.text).short_title}, ¶{claim.paragraph}"


def claim_percent(claim) -> float:
    """The percentage a claim's words give (“then running at over 7,000%!”)."""
    found = re.search(r"(\d[\d,.]*)\s*%", claim.quote)
    if found is None:
        raise ValueError(f"data/claims.yml, claim '{claim.id}': its quote gives no percentage for the chart")
    return float(found.group(1).replace(",", ""))


# The inflation series of data/inflation.csv, with the column headings the notebook's table gives them.
INFLATION_COLUMNS = (("inei-december-to-december", N_("December to December (INEI, %)")),
                     ("wdi-annual-average", N_("annual average (World Bank, %)")))


def inflation_side_by_side(frame: pd.DataFrame, first: int = 1986, last: int = 1997) -> pd.DataFrame:
    """The two inflation series side by side, a row per year from ``first`` to ``last``,
    rounded to a tenth and headed in the current language."""
    years = frame[(frame.year >= first) & (frame.year <= last)]
    wide = years.pivot(index="year", columns="series", values="value").round(1)
    table = wide[[series for series, _heading in INFLATION_COLUMNS]].reset_index()
    table.columns = [_("year"), *(translate(heading) for _series, heading in INFLATION_COLUMNS)]
    return table


def _year_midpoint(year: int) -> float:
    return mdates.date2num(date(year, 7, 1))


@figure("inflation", inputs=("data/inflation.csv", "data/claims.yml", "data/texts.yml"))
def draw_inflation(frame: pd.DataFrame | None = None) -> plt.Figure:
    """Inflation 1975–2005 on a log scale, with the articles' figures drawn against it."""
    frame = frame if frame is not None else data.inflation()
    frame = frame[(frame.year >= 1975) & (frame.year <= 2005)]
    average = frame[frame.series == "wdi-annual-average"].sort_values("year")
    december = frame[frame.series == "inei-december-to-december"].sort_values("year")
    fig, ax = plt.subplots(figsize=(7.2, 4.4), layout="constrained")
    ax.set_yscale("log")
    ax.plot([_year_midpoint(y) for y in average.year], average.value, color=PALETTE["blue"], lw=1.8,
            marker="o", ms=3.5, label=_("Annual average (World Bank)"))
    ax.plot([mdates.date2num(date(y, 12, 31)) for y in december.year], december.value, ls="none",
            marker="D", ms=4, color=PALETTE["vermilion"], label=_("December to December (INEI)"))
    for claim in claims_on_chart("inflation"):  # the League's figures, from their words
        value = claim_percent(claim)
        ax.axhline(value, color=PALETTE["black"], lw=0.8, ls=(0, (4, 3)))
        ax.text(mdates.date2num(date(1976, 1, 1)), value / 1.2, f"{claim_label(claim)}: “{claim.quote}”",
                fontsize=8, va="top", ha="left")
    for day, text, side in ((FUJISHOCK, _("Aug 1990\nstabilisation\nshock "), "right"),
                            (SELF_COUP, _(" Apr 1992\n self-coup"), "left")):
        ax.axvline(mdates.date2num(day), color=PALETTE["grey"], lw=0.8)
        ax.text(mdates.date2num(day), 0.16, text, fontsize=7.5, color="#444444", va="bottom", ha=side)
    ax.axvspan(mdates.date2num(SIEGE[0]), mdates.date2num(SIEGE[1]), color=PALETTE["green"], alpha=0.3, lw=0)
    ax.text(mdates.date2num(SIEGE[1]) + 60, 0.16, _("siege"), fontsize=7.5, color="#2d6b55", va="bottom")
    peak = average.loc[average.value.idxmax()]
    ax.annotate(_("{year}: {value}% (annual average)").format(year=int(peak.year), value=i18n.number(peak.value)),
                xy=(_year_midpoint(int(peak.year)), peak.value),
                xytext=(mdates.date2num(date(1993, 6, 1)), 2500), fontsize=8,
                arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.7})
    ax.set_ylim(0.1, 30000)
    ax.set_xlim(mdates.date2num(date(1975, 1, 1)), mdates.date2num(date(2006, 1, 1)))
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: i18n.percent(v) if v >= 1 else i18n.percent(v, None)))
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel(_("Consumer-price inflation (log scale)"))
    ax.legend(loc="lower left", frameon=False, fontsize=8)
    ax.set_title(_("Peru: consumer-price inflation, 1975–2005"), loc="left", fontsize=9.5, fontweight="bold")
    return fig


def _decimal_year(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 0.5) / 366


def claim_per_month(claim) -> int:
    """The League's monthly figure, read from the words of its claim (“rose to 150 a month”)."""
    return int(re.search(r"(\d[\d,]*) a month", claim.quote).group(1).replace(",", ""))


def perpetrator_shares(frame: pd.DataFrame) -> list[dict]:
    """The CVR's shares of victims by perpetrator for each government, where the data hold
    them; what is left to 100 per cent is drawn unlabelled, as 'other or not attributed'."""
    periods = []
    for series, president in (("cvr-period-belaunde", "Belaúnde"), ("cvr-period-garcia", "García")):
        rows = frame[(frame.series == series) & (frame.unit == "percent")]
        total = frame[(frame.series == series) & (frame.perpetrator == "all")].iloc[0]
        periods.append({"president": president, "victims": int(total.value), "definition": total.definition,
                        "shares": [(r.perpetrator, float(r.value), r.definition) for r in rows.itertuples()]})
    return periods


COUNTER_STYLE = {  # colour, marker, direct label (translated where it is drawn: edition.i18n)
    "gtd-0522": (PALETTE["vermilion"], "o", N_("Global Terrorism Database:\nkilled in attacks by\ninsurgent groups")),
    "ucdp-ged-19.1": (PALETTE["blue"], "s", N_("UCDP GED 19.1:\nall organised\nviolence")),
    "prio-battle-deaths-3.1": (PALETTE["black"], "D", N_("PRIO Battle Deaths 3.1:\nbattle deaths, low–high")),
    "ucdp-ged-23.1-state-based": (PALETTE["green"], "^", N_("UCDP GED 23.1:\nstate-based\nbattle deaths")),
}
SHARE_COLOURS = {"pcp-sl": PALETTE["vermilion"], "subversive": PALETTE["vermilion"],
                 "security-forces": PALETTE["blue"], "state": PALETTE["blue"]}


@figure("violence", inputs=("edition/violence.py", "data/violence-yearly.csv", "data/political-violence.csv",
                             "data/cvr-yearly-account.csv", "data/governments.csv", "data/timeline.csv",
                             "data/claims.yml", "data/texts.yml"))
def draw_violence(yearly: pd.DataFrame | None = None, frame: pd.DataFrame | None = None) -> plt.Figure:
    """Top: deaths per year, 1980–2000, by three counters, never joined, with the CVR's own
    account of its peaks, the governments, and the League's “150 a month” in the same units.
    Bottom: the CVR's shares of victims by perpetrator for the governments it gives them for."""
    from edition import timeline, violence

    yearly = yearly if yearly is not None else violence.yearly()
    frame = frame if frame is not None else data.political_violence()
    account = data.load("cvr-yearly-account")
    governments = data.load("governments")
    events = {e.id: e for e in timeline.load()}
    claim = claims_on_chart("violence")[0]
    per_month = claim_per_month(claim)

    fig, (ax, shares_ax) = plt.subplots(2, 1, figsize=(7.2, 7.6), height_ratios=[3.4, 1], layout="constrained")
    ax.set_yscale("log")
    shades = ["#e6e6e6", "#f5f5f5"]
    for number, g in enumerate(governments.itertuples()):
        x0, x1 = _decimal_year(g.start.date()), _decimal_year(g.end.date())
        ax.axvspan(x0, x1, color=shades[number % 2], lw=0, zorder=0)
        ax.text((x0 + min(x1, 2001)) / 2, 110000, g.president.split()[-1], ha="center", va="center", fontsize=8,
                color="#333333")
    # (text x, text y): each counter's direct label; (year): the point its leader line reaches
    placing = {"gtd-0522": ((1983.3, 120), 1986), "prio-battle-deaths-3.1": ((1984.4, 7000), 1987),
               "ucdp-ged-19.1": ((1995.6, 640), 1993), "ucdp-ged-23.1-state-based": ((1995.6, 215), 1995)}
    for counter, (colour, marker, label) in COUNTER_STYLE.items():
        rows = yearly[(yearly.counter == counter) & (yearly.deaths > 0)]  # a log scale cannot show zero
        series = rows.set_index("year").deaths.reindex(range(rows.year.min(), rows.year.max() + 1))  # gaps stay gaps
        if rows.low.notna().any():
            ax.fill_between(rows.year + 0.5, rows.low.astype(float), rows.high.astype(float), color=colour,
                            alpha=0.16, lw=0)
        ax.plot(series.index + 0.5, series.astype(float), color=colour, marker=marker, ms=3.5, lw=1.5)
        (tx, ty), year = placing[counter]
        ax.annotate(_(label), xy=(year + 0.5, float(series[year])), xytext=(tx, ty), color=colour, fontsize=7,
                    fontweight="bold", va="center", arrowprops={"arrowstyle": "-", "lw": 0.6, "color": colour})
    # the CVR's account, in its words
    peaks = account[account.statement == "peak"]
    ax.plot(peaks.year + 0.5, [62000] * len(peaks), ls="none", marker="v", color=PALETTE["purple"], ms=7)
    worst = account[account.statement == "worst-year"].iloc[0]
    ax.text(1980.3, 29000, f"▼ CVR: “{peaks.words.iloc[0]}” ({peaks.location.iloc[0]})\n{worst.year}: "
            + textwrap.fill(f"“{worst.words}” (Hatun Willakuy, {worst.location})", 60, subsequent_indent="      "),
            fontsize=7, color=PALETTE["purple"], va="center")
    # Fujimori takes office; Guzmán captured (dates from the timeline)
    for event_id, side in (("fujimori-inaugurated", "right"), ("guzman-captured", "left")):
        event = events[event_id]
        x = _decimal_year(event.day)
        ax.axvline(x, color=PALETTE["grey"], lw=0.8, ls=":")
        ax.text(x, 1.3, f" {event.label}" if side == "left" else f"{event.label} ", fontsize=7, ha=side,
                va="bottom", color="#444444")
    # the League's claim, in the data's units: deaths per month on the right-hand scale
    start = events["fujimori-inaugurated"].day
    first_year = (_decimal_year(start), _decimal_year(start.replace(year=start.year + 1)))
    ax.hlines(per_month * 12, *first_year, color=PALETTE["black"], lw=2.5)
    ax.annotate(textwrap.fill(_("{where}: “{quote}” in Fujimori's first year (right scale)").format(
                    where=claim_label(claim), quote=claim.quote), 26),
                xy=(first_year[1], per_month * 12), xytext=(1993.0, 2700), fontsize=7, va="center",
                arrowprops={"arrowstyle": "-", "lw": 0.7})
    june = frame[(frame.series == "senate-june-1991") & (frame.perpetrator == "all")].iloc[0]
    ax.plot(1991 + 5.5 / 12, june.value * 12, marker="*", ms=11, color=PALETTE["orange"], mec="black", mew=0.5)
    ax.annotate(textwrap.fill(_("June {year}: {deaths} deaths in the month (Senate commission; right scale)").format(
                    year=june.start, deaths=i18n.number(june.value)), 24),
                xy=(1991 + 5.5 / 12, june.value * 12), xytext=(1993.0, 8000), fontsize=7, va="center",
                arrowprops={"arrowstyle": "-", "lw": 0.7})
    ax.set_xlim(1980, 2001)
    ax.set_ylim(1, 200000)
    ax.set_xticks(range(1980, 2001, 4))
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: i18n.number(v)))
    ax.set_ylabel(_("Deaths per year (log scale)"))
    right = ax.secondary_yaxis("right", functions=(lambda y: y / 12, lambda m: m * 12))
    right.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: i18n.number(v) if v >= 1 else i18n.number(v, None)))
    right.set_ylabel(_("Deaths per month"))
    ax.set_title(_("Deaths per year in Peru's armed conflict: three counters, never added together"),
                 loc="left", fontsize=9.5, fontweight="bold")

    periods = perpetrator_shares(frame)
    for row, period in enumerate(periods):
        left = 0.0
        for perpetrator, share, definition in period["shares"]:
            shares_ax.barh(row, share, left=left, color=SHARE_COLOURS[perpetrator], height=0.6)
            name = {"pcp-sl": _("Shining Path"), "subversive": _("insurgent groups"),
                    "security-forces": _("security forces"), "state": _("state forces")}[perpetrator]
            shares_ax.text(left + share / 2, row, f"{name} {i18n.percent(share)}", ha="center", va="center", fontsize=7.5,
                           color="white", fontweight="bold")
            left += share
        shares_ax.barh(row, 100 - left, left=left, color="#d9d9d9", height=0.6)
    shares_ax.text(1, len(periods), _("no share by perpetrator found in the parts of the CVR read"), fontsize=7.5,
                   va="center", color="#444444")
    shares_ax.set_yticks(range(len(periods) + 1),
                         [_("{president} ({victims} victims)").format(president=p["president"], victims=i18n.number(p['victims']))
                          for p in periods] + ["Fujimori"])
    shares_ax.set_xlim(0, 100)
    shares_ax.set_ylim(len(periods) + 0.5, -0.5)
    shares_ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: i18n.percent(v)))
    shares_ax.set_title(_("Victims reported to the CVR: share by perpetrator (grey: others)"),
                        loc="left", fontsize=9, fontweight="bold")
    return fig
