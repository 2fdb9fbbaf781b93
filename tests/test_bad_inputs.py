"""Bad inputs stop the build with one clear sentence each: the trials of issue 17, each on a
fresh copy of the book, checked through ``edition.validate.problems`` (what the build runs
first, before Sphinx reads a page) and, for a few, through the build itself."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import copy_book, edit_yaml, run_build
from edition import i18n, paths, validate


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def set_entity(entity_id: str, **fields):
    def change(document):
        entity = next(e for e in document["entities"] if e["id"] == entity_id)
        for key, value in fields.items():
            if key == "dates":
                entity.setdefault("dates", {}).update(value)
            else:
                entity[key] = value
    return change


def chapter(book: Path, text_id: str) -> Path:
    return next((book / "chapters").glob(f"{text_id}-*.md"))


def drop_paragraph(book: Path, text_id: str, number: int) -> None:
    path = chapter(book, text_id)
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{{#{text_id}-p{number:02d}}}")
    end = text.index(f"{{#{text_id}-p{number + 1:02d}}}")
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def add_bom_everywhere(book: Path) -> None:
    for path in [*(book / "data").glob("*.csv"), *(book / "data").glob("*.yml"), book / "references.bib"]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])


def drop_column(path: Path, column: str) -> None:
    import csv
    import io
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    index = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:index] + row[index + 1:] for row in rows])
    path.write_text(out.getvalue(), encoding="utf-8")


def nameless_department(path: Path, name: str) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    feature = next(f for f in document["features"] if f["properties"]["name"] == name)
    feature["properties"]["name"] = None
    path.write_text(json.dumps(document), encoding="utf-8")


def duplicate_bib_entry(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    entry = re.search(r"@article\{greenaway-1997,.*?\n\}\n", text, re.S).group()
    path.write_text(text + "\n" + entry, encoding="utf-8")


def duplicate_term_in_other_case(path: Path) -> None:
    edit_yaml(path, lambda d: d["terms"].append({**d["terms"][1], "id": "bourgeoisie-again",
                                                  "term": d["terms"][1]["term"].upper()}))


# (trial, how to break the copy, a sentence the problems must contain)
def first_position(word: str, character: str, path: Path = paths.DATA / "entities.yml") -> tuple[int, int]:
    """Line and column (from 1) of ``character`` in the first occurrence of ``word``: where
    the trial's bad byte lands, whatever the entries above it."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if word in line:
            return number, line.index(word) + word.index(character) + 1
    raise AssertionError(f"{word!r} is not in {path}")


TRIALS = [
    ("a share over 100 %",
     lambda b: replace_in(b / "data/political-violence.csv", ",pcp-sl,53.68,percent,", ",pcp-sl,150,percent,"),
     "data/political-violence.csv, row 3, column 'value': a share of 150 % is outside 0–100 %"),
    ("a death date that is not a calendar date",
     lambda b: edit_yaml(b / "data/entities.yml", set_entity("fujimori", dates={"died": "1997-02-30"})),
     "data/entities.yml, id 'fujimori', field 'dates.died': '1997-02-30' is not a real calendar date"),
    ("born after died",
     lambda b: edit_yaml(b / "data/entities.yml", set_entity("fujimori", dates={"born": "2030-01-01"})),
     "data/entities.yml, id 'fujimori': 'born' 2030-01-01 comes after 'died' 2024-09-11"),
    ("a start year after its end year",
     lambda b: replace_in(b / "data/political-violence.csv", "cvr-reported,1980,2000,pcp-sl,", "cvr-reported,2000,1980,pcp-sl,"),
     "data/political-violence.csv, row 3, columns 'start' and 'end': 'start' 2000 is greater than 'end' 1980"),
    ("two glossary terms that differ only in case",
     lambda b: duplicate_term_in_other_case(b / "data/glossary.yml"),
     "data/glossary.yml: duplicate term (letter case ignored): ['bourgeoisie', 'BOURGEOISIE']"),
    ("an unknown bibliography key in zones.csv",
     lambda b: replace_in(b / "data/zones.csv", "cvr-2003-t1-c2 howlingpixel-huallaga", "no-such-source howlingpixel-huallaga"),
     "data/zones.csv, row 2, column 'sources': unknown bibliography key 'no-such-source'"),
    ("a truncated GeoJSON file",
     lambda b: truncate(b / "data/peru-departments.geojson"),
     "data/peru-departments.geojson, line 1, column"),
    ("buffer_km given as text",
     lambda b: replace_in(b / "data/zones.csv", "tingo-maria aucayacu uchiza tocache,22,", "tingo-maria aucayacu uchiza tocache,wide,"),
     "data/zones.csv, row 2, column 'buffer_km': type error"),
    ("an extra numbered paragraph",
     lambda b: replace_in(chapter(b, "lfi"), "{#lfi-p20}", "{#lfi-p99}\nWords the source does not have.\n\n{#lfi-p20}"),
     "lfi #lfi-p99: the chapter has a paragraph #lfi-p99 that the source does not have"),
    ("a Latin-1 byte in entities.yml",
     lambda b: (b / "data/entities.yml").write_bytes((b / "data/entities.yml").read_bytes().replace(
         "Juanjuí".encode(), "Juanju\xed".encode("latin-1"), 1)),
     "data/entities.yml, line {}, column {}: the byte 0xed is not UTF-8".format(*first_position("Juanjuí", "í"))),
    ("a duplicate BibTeX key",
     lambda b: duplicate_bib_entry(b / "references.bib"),
     "references.bib: duplicate key 'greenaway-1997' (lines 15, "),
    ("an unknown department in zones.csv",
     lambda b: replace_in(b / "data/zones.csv", "ayacucho,Ayacucho,sendero,departments,Ayacucho,", "ayacucho,Ayacucho,sendero,departments,Atlantis,"),
     "data/zones.csv, zone 'ayacucho': unknown department(s) ['Atlantis']"),
    ("a removed CSV column",
     lambda b: drop_column(b / "data/zones.csv", "buffer_km"),
     "data/zones.csv, row 1 (the header): column 'buffer_km' is missing"),
    ("a department without a name",
     lambda b: nameless_department(b / "data/peru-departments.geojson", "San Martín"),
     "data/peru-departments.geojson, feature "),
    ("an unclosed backtick",
     lambda b: replace_in(chapter(b, "ww"), "{org}`MRTA <mrta>` guerrillas {claim}", "{org}`MRTA <mrta> guerrillas {claim}"),
     "chapters/ww-strategy-for-the-mass.md, line 14: ¶2: the role '{org}`MRTA <mrta> guerrillas {claim}`was'… is not closed"),
    ("a paragraph deleted from the chapter",
     lambda b: drop_paragraph(b, "ww", 9),
     "ww ¶9 (#ww-p09): the paragraph is missing from the chapter"),
    ("a paragraph that lost its number and a word",
     lambda b: replace_in(chapter(b, "ww"), "{#ww-p09}\nInstead, the Peruvian working class were {claim}`relegated to the role of passive",
                          "Instead, the Peruvian working class were {claim}`relegated to the role of active"),
     "ww ¶9 (#ww-p09): the paragraph has lost its number"),
    ("a chart whose data changed after it was drawn",
     lambda b: replace_in(b / "data/inflation.csv", "1990,wdi-annual-average,", "1990,wdi-annual-average,1"),
     "figures/inflation.svg and .pdf were drawn before data/inflation.csv changed"),
    ("a bibliography entry that nothing cites",
     lambda b: (b / "references.bib").write_text((b / "references.bib").read_text(encoding="utf-8")
                                                 + "\n@misc{cited-nowhere,\n  title = {Never cited}\n}\n", encoding="utf-8"),
     "references.bib: the entry 'cited-nowhere' is cited nowhere (not in the pages or the data)"),
    ("a claim given to a text that data/texts.yml lacks",
     lambda b: replace_in(b / "data/claims.yml", "- id: lfi-150-a-month\n  text: lfi\n", "- id: lfi-150-a-month\n  text: xx\n"),
     "data/claims.yml, id 'lfi-150-a-month': unknown text 'xx' (the texts of data/texts.yml are lfi, ww)"),
    ("a map place that is not an entity",
     lambda b: replace_in(b / "data/editorial-lists.yml", "{entity: yurimaguas,", "{entity: atlantis,"),
     "data/editorial-lists.yml, map_places: unknown entity id 'atlantis' (not in data/entities.yml)"),
    ("a text whose entry lost its author",
     lambda b: replace_in(b / "data/texts.yml", "    author: Paul Greenaway\n", ""),
     "data/texts.yml: item 2 (id 'ww') field '(whole item)': 'author' is a required property"),
]


def test_the_book_itself_passes_every_check():
    assert validate.problems() == []


@pytest.mark.parametrize("trial, breaks, expected", TRIALS, ids=[t[0] for t in TRIALS])
def test_each_bad_input_is_one_clear_sentence(tmp_path, trial, breaks, expected):
    book = copy_book(tmp_path)
    breaks(book)
    problems = validate.problems(book)
    assert any(expected in problem for problem in problems), f"{trial}: expected {expected!r} in {problems}"
    assert len(problems) == len(set(problems)), f"a problem reported twice: {problems}"
    for problem in problems:
        assert "Traceback" not in problem and "while checking" not in problem, problem
        assert str(tmp_path) not in problem, f"a local path in the message: {problem}"
        assert re.match(r"^(data/|chapters/|references\.bib|figures/|lfi |ww )", problem), problem


def test_one_mistake_is_reported_once(tmp_path):
    """A removed column is not also a wrong column and a hundred row errors; a nameless
    department is not also seven misplaced towns; an unclosed role is not an unknown id."""
    book = copy_book(tmp_path)
    drop_column(book / "data/zones.csv", "buffer_km")
    assert len(validate.problems(book)) == 1
    book = copy_book(tmp_path / "2")
    nameless_department(book / "data/peru-departments.geojson", "San Martín")
    assert len(validate.problems(book)) == 1
    book = copy_book(tmp_path / "3")
    replace_in(chapter(book, "ww"), "{org}`MRTA <mrta>` guerrillas {claim}", "{org}`MRTA <mrta> guerrillas {claim}")
    problems = validate.problems(book)
    assert len(problems) == 1 and "unknown" not in problems[0], problems
    book = copy_book(tmp_path / "4")
    drop_paragraph(book, "ww", 9)  # not also its claim 'marked 0 times'
    assert len(validate.problems(book)) == 1
    book = copy_book(tmp_path / "5")
    edit_yaml(book / "data/entities.yml", set_entity("fujimori", dates={"died": "1997-02-30"}))
    assert len(validate.problems(book)) == 1  # not again by the map's check, which reads the places


def test_a_byte_order_mark_is_accepted_in_every_file(tmp_path):
    book = copy_book(tmp_path)
    add_bom_everywhere(book)
    # the figures are recorded against the files' bytes, which the mark changes
    assert validate.problems(book, check_figures=False) == []


@pytest.mark.book
@pytest.mark.parametrize("trial, breaks, expected", [
    TRIALS[15],  # the missing ¶
    TRIALS[16],  # the lost number and the changed word
    TRIALS[9],   # the Latin-1 byte
], ids=["missing paragraph", "unnumbered changed paragraph", "Latin-1 byte"])
def test_the_build_itself_refuses_and_leaves_no_site(tmp_path, trial, breaks, expected):
    book = copy_book(tmp_path)
    breaks(book)
    build = run_build("html", root=book)
    assert build.returncode != 0
    assert expected in build.log
    assert "Traceback" not in build.log
    assert "reading sources" not in build.log  # it stopped before Sphinx read a page
    pages = sorted(p.relative_to(build.html).as_posix() for p in build.html.rglob("*") if p.is_file())
    assert pages == ["index.html"]
    failed = (build.html / "index.html").read_text(encoding="utf-8")
    assert "The build failed" in failed and expected.replace("'", "&#x27;") in failed


def test_a_removed_bibliography_key_fails_an_incremental_build_too(tmp_path, html_build):
    """The validation runs whatever the caches hold: a key removed from references.bib
    fails the next build even where an earlier one passed."""
    book = copy_book(tmp_path)
    output = tmp_path / "out"
    (output / "_build").mkdir(parents=True)
    for stamp in (".validated-inputs-sha256", ".jupyter_cache.inputs-sha256"):
        (output / "_build" / stamp).write_bytes((html_build.output / "_build" / stamp).read_bytes())
    text = (book / "references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@misc\{geonames,.*?\n\}\n", text, re.S).group()
    (book / "references.bib").write_text(text.replace(entry, ""), encoding="utf-8")
    build = run_build("html", root=book, output=output)
    assert build.returncode != 0
    assert "unknown bibliography key(s) ['geonames']" in build.log
    assert "reading sources" not in build.log  # stopped by the validation, before Sphinx


def test_the_build_checks_the_pages_it_wrote_against_the_sources(html_build, tmp_path):
    """The second guard, after the pages are written: a reading text changed on its way
    to HTML (here: a paragraph and a word removed from the written page) is named."""
    from bs4 import BeautifulSoup

    from edition import sources
    from edition.sphinxext import guards

    text = sources.load_text("ww")
    page = tmp_path / "ww-strategy-for-the-mass.html"
    soup = BeautifulSoup((html_build.html / "chapters" / page.name).read_text(encoding="utf-8"), "html.parser")
    soup.find(id="ww-p09").decompose()
    soup.find(id="ww-p13").find(string=lambda s: "a communist programme" in s).replace_with("a programme, which")
    page.write_text(str(soup), encoding="utf-8")
    assert guards.reading_text_problems([sources.load_text("lfi")], lambda t: html_build.html / "chapters" /
                                        t.chapter.with_suffix(".html").name) == []
    problems = guards.reading_text_problems([text], lambda t: page)
    assert problems[0] == ("ww-strategy-for-the-mass.html: the reading text is not the source: "
                           "ww ¶9 (#ww-p09): the paragraph is missing from the chapter")
    assert "ww ¶13 (#ww-p13): the chapter differs from the source" in problems[1]


def test_stale_images_are_removed(tmp_path):
    from edition.sphinxext import guards

    site = tmp_path / "html"
    (site / "_images").mkdir(parents=True)
    (site / "chapters").mkdir()
    (site / "_images" / "used.png").write_bytes(b"png")
    (site / "_images" / "old.png").write_bytes(b"png")
    (site / "chapters" / "page.html").write_text('<img src="../_images/used.png">', encoding="utf-8")
    assert guards.prune_images(site) == ["old.png"]
    assert sorted(p.name for p in (site / "_images").iterdir()) == ["used.png"]


def test_the_built_site_holds_no_stale_images_and_no_reports(html_build):
    from edition.sphinxext import guards

    for site in (html_build.html, *(html_build.html / code for code in i18n.TRANSLATIONS)):
        used = guards.referenced_images(site)
        assert sorted(p.name for p in (site / "_images").iterdir()) == sorted(used), site
        assert not (site / "reports").exists()
