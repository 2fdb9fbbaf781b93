"""Context chapters: the timeline data (validated row by row), its figure (deterministic,
labels that never collide) and the introduction, comparison and timeline pages."""
import csv
import io
import re

import pytest

from edition import figures, paths, sources, timeline
from conftest import page
from harness import labels


def test_the_timeline_opens_and_closes_the_siege_on_its_dates():
    """(The loader enforces the rules of every row; what it cannot know is the history.)"""
    siege = [e for e in timeline.load() if e.category == "siege"]
    assert (siege[0].date, siege[-1].date) == ("1996-12-17", "1997-04-22")
    assert (siege[0].day, siege[-1].day) == (timeline.SIEGE_START, timeline.SIEGE_END)


def rewrite(root, change):
    path = root / "data" / "timeline.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    change(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=timeline.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("change,message", [
    (lambda rows: rows[3].update(date="1982-13-29"), r"row 5 \(id 'army-takeover'\), column 'date': not a calendar date"),
    (lambda rows: rows[3].update(date="1982-12"), r"row 5 \(id 'army-takeover'\), column 'date': expected an ISO date of day precision"),
    (lambda rows: rows[3].update(date="29/12/1982"), r"data/timeline.csv, row 5, column 'date': constraint error"),
    (lambda rows: rows[0].update(precision="decade"), r"data/timeline.csv, row 2, column 'precision': constraint error"),
    (lambda rows: rows[1].update(sources=""), r"data/timeline.csv, row 3, column 'sources': constraint error"),
    (lambda rows: rows[1].update(sources="no-such-key"), r"data/timeline.csv, row 3, column 'sources': unknown bibliography key 'no-such-key'"),
    (lambda rows: rows[0].update(date="1999-01-01"), r"row 3 \(id 'ayacucho-emergency'\), column 'date': rows must be sorted by date"),
    (lambda rows: rows[9].update(paragraphs="lfi-p99"), r"row 11 \(id 'juanjui'\), column 'paragraphs': no such paragraph 'lfi-p99'"),
    (lambda rows: rows[9].update(claim="lfi-no-such-claim"), r"column 'claim': unknown claim id"),
])
def test_bad_timeline_rows_are_named(data_copy, change, message):
    path = rewrite(data_copy, change)
    with pytest.raises(timeline.TimelineError, match=message):
        timeline.load(data_copy)


def test_timeline_labels_never_overlap_and_stay_in_the_figure():
    fig = figures.draw("timeline")
    boxes = labels.boxes(fig, "timeline-label")
    assert len(boxes) == len(timeline.load())
    overlapping = [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[i + 1:], i + 1) if a.overlaps(b)]
    assert not overlapping
    width, height = fig.bbox.width, fig.bbox.height
    assert all(0 <= b.x0 and b.x1 <= width and 0 <= b.y0 and b.y1 <= height for b in boxes)


def test_label_spreading_keeps_the_gap():
    spread = timeline._spread([1.0, 1.1, 1.2, 5.0, 9.95], gap=0.5, low=0.0, high=10.0)
    assert all(b - a >= 0.5 - 1e-9 for a, b in zip(spread, spread[1:]))
    assert spread[-1] <= 10.0 and spread[0] >= 0.0


def test_committed_figures_are_what_the_current_data_draws(tmp_path):
    """figures/ must be regenerated (make figures) whenever data or code change. The
    committed files were drawn by another process at another time, so equal bytes also
    show that the drawing is deterministic."""
    fresh = figures.write_all(tmp_path)
    for name, digest in fresh.items():
        committed = paths.FIGURES / name
        assert committed.is_file(), f"{name} is missing from figures/: run make figures"
        assert figures.hashlib.sha256(committed.read_bytes()).hexdigest() == digest, \
            f"figures/{name} is out of date: run make figures"


def test_timeline_page_shows_the_figure_and_every_event(html_build):
    chapter = page(html_build, "chapters/timeline.html")
    image = chapter.select_one("figure img")
    assert image["src"].endswith("timeline.svg") and len(image["alt"]) > 100
    assert (html_build.html / "_images" / "timeline.svg").read_bytes() == (paths.FIGURES / "timeline.svg").read_bytes()
    rows = chapter.select("table tbody tr")
    assert len(rows) == len(timeline.load())
    juanjui = [row for row in rows if "MRTA takes Juanjuí" in row.get_text()][0]
    assert juanjui.find("a", href=re.compile(r"#lfi-p09$"))
    assert juanjui.find("a", href=re.compile(r"claims-checked\.html#claim-lfi-juanjui-date$"))


def test_comparison_links_every_point_to_both_texts(html_build):
    chapter = page(html_build, "chapters/comparison.html")
    rows = chapter.select("table tbody tr")
    assert len(rows) == 8
    for row in rows:
        cells = row.find_all("td")
        # the League wrote before the outcome: that one cell has nothing to link to
        if "Written during the siege" not in cells[1].get_text():
            assert cells[1].find("a", href=re.compile(r"#lfi-p\d\d$")), cells[0].get_text()
        assert cells[2].find("a", href=re.compile(r"#ww-p\d\d$")), cells[0].get_text()


def test_comparison_quotes_are_the_texts_own_words(html_build):
    """Every quotation in the comparison table occurs in the paragraph it links to."""
    chapter = page(html_build, "chapters/comparison.html")
    texts = {t.id: t for t in sources.load_texts()}
    for cell in chapter.select("table tbody td"):
        quotes = re.findall(r"“([^”]+)”", cell.get_text(" "))
        anchors = [a["href"].split("#")[1] for a in cell.find_all("a", href=re.compile(r"#(lfi|ww)-p\d\d$"))]
        paragraphs = " ".join(texts[a.split("-p")[0]].paragraph(int(a.split("-p")[1])).text for a in anchors)
        for quote in quotes:
            for piece in [p.strip() for p in quote.split("…") if p.strip()]:
                assert " ".join(piece.split()) in " ".join(paragraphs.split()), (piece, anchors)


def test_introduction_cites_sources_and_links_into_the_edition(html_build):
    chapter = page(html_build, "chapters/introduction.html")
    assert len(chapter.select("span.cite, a.reference.internal[href*='bibliography']")) >= 30
    hrefs = [a["href"] for a in chapter.select("a.reference.internal")]
    assert any("register-" in h for h in hrefs) and any("#lfi-p" in h for h in hrefs) and any("#ww-p" in h for h in hrefs)


def test_pdf_includes_the_timeline_figure_and_the_context_chapters(pdf_build, pdf_plain_text):
    tex = (pdf_build.pdf.parent / "book.tex").read_text(encoding="utf-8")
    assert r"\sphinxincludegraphics[width=1.000\linewidth]{{timeline}.pdf}" in tex
    text = " ".join(pdf_plain_text.split())
    for title in ("INTRODUCTION", "THE TWO TEXTS COMPARED", "TIMELINE"):
        assert title in text.upper()
