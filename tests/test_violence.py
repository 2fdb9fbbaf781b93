"""Deaths per year, 1980–2000, from three counters: derived from the original files, not
retyped; validated; drawn with every number on the chart taken from the data."""
import re
from pathlib import Path

import pytest
from matplotlib.axis import Tick
from matplotlib.text import Text

from edition import apparatus, charts, data, paths, timeline, violence

ORIGINALS = paths.ROOT.parent / "shared" / "data" / "violence-yearly"


@pytest.mark.skipif(not ORIGINALS.is_dir(), reason="the original files (../shared/data/violence-yearly) are not beside the repository")
def test_the_table_is_re_derived_byte_for_byte_from_the_original_files():
    assert violence.derive(ORIGINALS) == (paths.DATA / violence.FILE).read_text(encoding="utf-8")


def test_the_table_keeps_each_counter_apart_with_its_definition():
    frame = violence.yearly()
    assert set(frame.counter) == set(violence.COUNTERS)
    assert frame.year.between(1980, 2000).all()
    for counter, info in violence.COUNTERS.items():
        assert (frame[frame.counter == counter].definition == info["definition"]).all()
    assert 1993 not in set(frame[frame.counter == "gtd-0522"].year)  # missing in the GTD itself
    enum = next(f for r in data.descriptor()["resources"] if r["name"] == "violence-yearly"
                for f in r["schema"]["fields"] if f["name"] == "counter")["constraints"]["enum"]
    assert enum == list(violence.COUNTERS)


@pytest.mark.parametrize("line, old, new, expected", [
    ("ucdp-ged-19.1,1989,", "ucdp-ged-19.1,1989,", "ucdp-ged-19.1,1979,",
     r"data/violence-yearly.csv, row 2, column 'year': constraint error: .*minimum"),
    ("ucdp-ged-19.1,1989,", "ucdp-ged-19.1,1989,1945", "ucdp-ged-19.1,1989,-5",
     r"data/violence-yearly.csv, row 2, column 'deaths': constraint error: .*minimum"),
    ("prio-battle-deaths-3.1,1984,", "1984,3418,3418,12597", "1984,3418,13000,12597",
     r"data/violence-yearly.csv, row 18, column 'low': low estimate 13000 is on the wrong side of the best estimate 3418"),
    ("gtd-0522,1980,", "gtd-0522,1980,", "gtd-0999,1980,",
     r"data/violence-yearly.csv, row 35, column 'counter': constraint error: .*enum"),
    ("gtd-0522,1981,", "gtd-0522,1981,", "gtd-0522,1980,",
     r"data/violence-yearly.csv, row 36, columns 'counter', 'year': duplicate primary key"),
])
def test_bad_yearly_data_is_named_by_file_row_and_column(data_copy, line, old, new, expected):
    path = data_copy / "data" / violence.FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(line))
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(data.DataError, match=expected):
        violence.yearly(data_copy)


def numbers_in_data() -> set[float]:
    """Every number the violence chart may print: the data's values, years and dates, the
    claim's figure and paragraph."""
    found = set()
    frames = [violence.yearly(), data.political_violence(), data.load("cvr-yearly-account"), data.load("governments")]
    for frame in frames:
        for value in frame.astype(str).to_numpy().ravel():
            found.update(float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", str(value)))
    claim = apparatus.apparatus().claims["lfi-150-a-month"]
    found.update({float(charts.claim_per_month(claim)), float(claim.paragraph)})
    for event in timeline.load():
        found.update(float(n) for n in event.date.split("-"))
    return found


def test_no_number_on_the_chart_is_typed_by_hand():
    fig = charts.draw_violence()
    fig.canvas.draw()  # lay out the ticks, so that their labels (the scales, not data) can be set aside
    ticks = {id(label) for tick in fig.findobj(Tick) for label in (tick.label1, tick.label2)}
    allowed = numbers_in_data()
    printed = [t.get_text() for t in fig.findobj(Text) if id(t) not in ticks]
    numbers = [(text, n) for text in printed for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text.replace("–", " "))]
    assert numbers, "the chart prints no numbers at all"
    stray = [(text, n) for text, n in numbers if float(n.replace(",", "")) not in allowed]
    assert not stray, f"numbers on the chart that are not in its data: {stray}"


def test_the_chart_shows_every_counter_the_cvr_peaks_and_the_claim():
    fig = charts.draw_violence()
    text = " ".join(" ".join(t.get_text() for t in fig.findobj(Text)).split())
    for info in violence.COUNTERS.values():
        assert info["label"].split(",")[0] in text
    assert "los tres picos de 1984, 1989 y 1990" in text and "Hatun Willakuy, p. 219" in text
    assert "rose to 150 a month" in text and "540 deaths" in text
    for name in ("Belaúnde", "García", "Fujimori"):
        assert name in text
