"""The data package: every file described and validated; bad data named by file, row,
column and rule; the data chapters' notebooks run anywhere; the charts beside the texts
are the ones the current data draws."""
import re

import nbformat
import pytest

from edition import apparatus, data, files, paths, sources
from harness import notebooks
from conftest import page

NOTEBOOKS = ["inflation", "political-violence", "map", "texts-as-received"]


def test_every_table_validates_against_the_data_package():
    for name in data.tabular_resources():
        assert data.resource_errors(name) == [], name


def test_every_data_file_is_described_and_every_description_has_a_file():
    described = data.described_files()
    present = {p.relative_to(paths.DATA).as_posix() for p in paths.DATA.rglob("*")
               if p.is_file() and p.parent.name != "schemas"
               and p.name not in ("datapackage.json", "SHA256SUMS", "README.md")}
    assert present == described


def test_every_resource_has_provenance_and_licence():
    for resource in data.descriptor()["resources"]:
        assert resource.get("sources") and resource.get("licenses") and len(resource["description"]) > 40, resource["name"]


def test_yaml_resources_validate_against_their_json_schemas():
    for resource in data.descriptor()["resources"]:
        if "jsonschema" in resource:
            assert (paths.DATA / resource["jsonschema"]).is_file()
            files.read_validated(paths.DATA / resource["path"], schema_file=paths.DATA / resource["jsonschema"])


def test_source_texts_match_the_hash_in_the_package():
    for resource in data.descriptor()["resources"]:
        if "hash" in resource:
            assert resource["hash"] == "sha256:" + sources.sha256_of(paths.DATA / resource["path"])


def test_inflation_values_behind_the_claim_checks():
    frame = data.inflation()
    value = lambda year, series: float(frame[(frame.year == year) & (frame.series == series)].value.iloc[0])
    assert round(value(1990, "wdi-annual-average"), 1) == 7481.7
    assert value(1990, "inei-december-to-december") == 7649.6
    assert round(value(1996, "wdi-annual-average"), 1) == 11.5 and value(1996, "inei-december-to-december") == 11.8
    assert set(frame[frame.series == "wdi-annual-average"].year) >= set(range(1975, 2006))


def break_row(root, file, line_number, old, new):
    path = root / "data" / file
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line_number - 1], lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("file,resource,line,old,new,expected", [
    ("inflation.csv", "inflation", 32, "7481.66361124526", "about 7500",
     r"data/inflation.csv, row 32, column 'value': type error: .*found 'about 7500'"),
    ("inflation.csv", "inflation", 33, "1991,", "1990,", r"data/inflation.csv, row 33, columns 'year', 'series': duplicate primary key: the same as in the row at position 32"),
    ("inflation.csv", "inflation", 2, "1960,", "1950,",
     r"data/inflation.csv, row 2, column 'year': constraint error: .*minimum.*found '1950'"),
    ("inflation.csv", "inflation", 5, "wdi-inflation-peru", "",
     r"data/inflation.csv, row 5, column 'source': constraint error: .*required"),
    ("political-violence.csv", "political-violence", 2, ",23969,", ",-23969,",
     r"data/political-violence.csv, row 2, column 'value': constraint error: .*minimum.*found '-23969'"),
    ("political-violence.csv", "political-violence", 19, "latimes-1991-07-06", "no-such-source",
     r"data/political-violence.csv, row 19, column 'source': unknown bibliography key 'no-such-source'"),
])
def test_bad_data_is_named_by_file_row_column_and_rule(data_copy, file, resource, line, old, new, expected):
    break_row(data_copy, file, line, old, new)
    problems = data.resource_errors(resource, data_copy)
    assert any(re.search(expected, p) for p in problems), problems
    with pytest.raises(data.DataError):
        data.load(resource, data_copy)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebooks_ran_top_to_bottom_without_warnings_in_the_build(html_build, notebook):
    """In their own folder, as the build ran them (in a fresh kernel, failing on an error):
    read from the build's execution cache, not run again. Run by a student, from a folder
    holding nothing but the notebook: test_notebook_users."""
    nb = notebooks.executed_in_build(html_build.output / "_build", paths.CHAPTERS / f"{notebook}.ipynb")
    code = [cell.source for cell in nbformat.read(paths.CHAPTERS / f"{notebook}.ipynb", as_version=4).cells
            if cell.cell_type == "code"]
    assert [cell.source for cell in nb.cells if cell.cell_type == "code"] == code  # the cache keeps code cells
    counts = [cell.execution_count for cell in nb.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"not run top to bottom in one kernel: {counts}"
    assert not notebooks.problems(nb)
    if notebook != "texts-as-received":
        assert notebooks.has_chart(nb), "no chart in the notebook"


def test_charts_stand_beside_the_paragraphs_they_test(html_build):
    chapter = page(html_build, "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html")
    for name, after in (("inflation", "lfi-p11"), ("violence", "lfi-p12")):
        figure = chapter.find(id=f"fig-lfi-{name}")
        assert figure is not None
        assert figure.find_previous("p", id=re.compile(r"^lfi-p\d\d$"))["id"] == after
        image = figure.find("img")
        assert image["src"].endswith(f"{name}.svg") and len(image["alt"]) > 150
        built = html_build.html / "_images" / f"{name}.svg"
        assert built.read_bytes() == (paths.FIGURES / f"{name}.svg").read_bytes()
        assert figure.find("a", href=re.compile(r"(inflation|political-violence)\.html"))


def test_data_page_describes_every_resource(html_build):
    text = page(html_build, "chapters/data.html").get_text(" ")
    for resource in data.descriptor()["resources"]:
        assert resource["title"] in text and f"data/{resource['path']}" in text


def test_pdf_includes_the_charts(pdf_build):
    tex = (pdf_build.pdf.parent / "book.tex").read_text(encoding="utf-8")
    for name in ("inflation", "violence"):
        assert f"{{{{{name}}}.pdf}}" in tex, name


def test_the_inflation_chart_draws_the_leagues_figures_from_their_claims():
    """The dashed lines and their labels come from the claims that data/claims.yml puts on
    the chart: the League's words, its paragraph and the number in them, not typed in code."""
    from edition import charts
    on_chart = [c for c in apparatus.apparatus().claims.values() if c.chart == "inflation"]
    assert [c.id for c in on_chart] == ["lfi-inflation-7000", "lfi-inflation-10"]
    figure = charts.draw_inflation()
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.texts]
    levels = {line.get_ydata()[0] for line in ax.lines if line.get_linestyle() == "--"}
    assert levels == {7000.0, 10.0}
    assert "LFI 1997, ¶11: “then running at over 7,000%!”" in labels
    assert "LFI 1997, ¶15: “inflation down to 10%”" in labels
