"""Every input of the book checked at once, before anything is built: ``problems(root)``.

The build runs it first, before Sphinx reads a page or a notebook runs (``edition.build``),
and the tests call the same function. Each problem is one sentence naming the file, the
row or id, the field and the rule; none is a traceback. A stage whose inputs are broken
stops the stages that read them, so that one mistake is reported once."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from edition import apparatus, data, editorial, fidelity, files, figures, markup, metadata, paths, render, sources

# The files the book reads as text, all held to one encoding (edition.files).
TEXT_FILES = ("data/**/*.csv", "data/**/*.yml", "data/**/*.json", "data/**/*.geojson", "data/sources/*.txt",
              "data/sources/SHA256SUMS", "chapters/*.md", "chapters/*.ipynb", "references.bib", "_config.yml",
              "_toc.yml", "index.md", "CITATION.cff")
CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`(?P<keys>[^`]*)`")
GEOJSON = ("peru-departments.geojson", "south-america.geojson")


class Stage:
    """Run one check; its problems, or the sentence of an error it raised."""

    def __init__(self, report: list[str]):
        self.report = report

    def run(self, what: str, check: Callable[[], list[str] | None]) -> bool:
        """True when the check found nothing; what it found joins the report once."""
        try:
            found = list(check() or [])
        except (apparatus.ApparatusError, sources.SourceError, data.DataError, files.EncodingError,
                metadata.MetadataError, *known_errors()) as error:
            found = str(error).split("\n")
        except Exception as error:  # noqa: BLE001 - a bug in a check is still reported as a sentence
            found = [f"while checking {what}: {type(error).__name__}: {error}"]
        self.report += [problem for problem in dict.fromkeys(found) if problem not in self.report]
        return not found


def known_errors() -> tuple[type[Exception], ...]:
    """The errors of the modules imported late (they load the plotting libraries, or lxml)."""
    from edition import geo, tei, timeline
    return geo.GeoError, timeline.TimelineError, tei.TEIError


def encodings(root: Path) -> list[str]:
    problems = []
    for pattern in TEXT_FILES:
        for path in sorted(root.glob(pattern)):
            try:
                files.read_text(path, root)
            except files.EncodingError as error:
                problems.append(str(error))
    return problems


def page_citations(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, key) of every {cite} role in the pages: the Markdown chapters, the
    notebooks' Markdown cells and the front page."""
    found = []
    pages = sorted((root / "chapters").glob("*.md")) + sorted((root / "chapters").glob("*.ipynb")) + [root / "index.md"]
    for path in (p for p in pages if p.is_file()):
        text = files.read_text(path, root)
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "markdown")
        for number, line in enumerate(text.split("\n"), 1):
            for match in CITE_ROLE.finditer(line):
                found += [(files.relative(path, root), number, key.strip())
                          for key in match["keys"].split(",") if key.strip()]
    return found


def cited_keys(root: Path) -> list[str]:
    """Bibliography keys cited in the pages that references.bib lacks. (The data's keys are
    checked where the data are loaded.)"""
    known = {key.casefold() for key in apparatus.load_bibliography(root)}
    problems = [f"data/texts.yml, text '{text.id}', field '{field}': unknown bibliography key {key!r} "
                "(not in references.bib)"
                for text in sources.load_texts(root)
                for field, keys in (("source_key", [text.source_key] if text.source_key else []),
                                    ("date_sources", text.date_sources))
                for key in keys if key.casefold() not in known]
    problems += [f"{where}{', line ' + str(number) if not where.endswith('.ipynb') else ''}: unknown bibliography "
                 f"key {key!r} (not in references.bib)"
                 for where, number, key in page_citations(root) if key.casefold() not in known]
    return problems


def uncited_entries(root: Path) -> list[str]:
    """Entries of references.bib that nothing cites: neither the pages nor the data (the
    apparatus, the texts' dates, the timeline and the tables' source columns)."""
    from edition import timeline

    app = apparatus.load_apparatus(root)
    cited = {key for _, _, key in page_citations(root)}
    for records in (app.entities.values(), app.claims.values(), app.terms.values(), app.notes.values(),
                    timeline.load(root)):
        cited |= {key for record in records for key in record.sources}
    cited |= {key for text in sources.load_texts(root) for key in (*text.date_sources, text.source_key) if key}
    for name in data.tabular_resources(root):
        table = data.load(name, root)
        for column in ("source", "sources"):
            if column in table.columns:
                cited |= {key for value in table[column].dropna() for key in str(value).split()}
    cited = {key.casefold() for key in cited}
    return [f"references.bib: the entry '{key}' is cited nowhere (not in the pages or the data): cite it "
            "where it is used, or remove it" for key in app.bibliography if key.casefold() not in cited]


def reading_texts(root: Path) -> list[str]:
    """The chapters' reading texts, as their MyST gives them, against the sources."""
    problems = []
    for text in sources.load_texts(root):
        try:
            rendered = markup.reading_text(text.chapter, text.id)
        except ValueError as error:
            problems.append(f"{files.relative(text.chapter, root)}: {error}")
            continue
        # a paragraph whose markup has an unclosed role is reported as that, not as changed words
        unreadable = {f"¶{p.number} " for p in markup.read_chapter(text.chapter) if markup.unclosed_roles(p.markup)}
        problems += [f"{files.relative(text.chapter, root)}: the reading text is not the source: {mismatch}"
                     for mismatch in fidelity.compare(text, rendered)
                     if not any(mismatch.where.startswith(number) for number in unreadable)]
    return problems


def geojson(root: Path) -> list[str]:
    problems = []
    for name in GEOJSON:
        path = root / "data" / name
        try:
            document = json.loads(files.read_text(path, root))
        except json.JSONDecodeError as error:
            problems.append(f"data/{name}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}); "
                            "the file may be cut short: re-derive it with scripts/derive_geodata.py")
            continue
        if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
            problems.append(f"data/{name}: expected a GeoJSON FeatureCollection")
    return problems


def geodata(root: Path) -> list[str]:
    from edition import geo
    problems = geo.check(root)
    geo.zones(root)
    geo.huallaga(root)
    return problems


def package_links(root: Path) -> list[str]:
    problems = []
    for resource in data.descriptor(root)["resources"]:
        for source in resource.get("sources", []) + resource.get("licenses", []):
            if "path" in source:
                try:
                    render.url(source["path"])
                except render.UnsafeURL as error:
                    problems.append(f"data/datapackage.json, resource '{resource['name']}': {error}")
    return problems


def tei_documents(root: Path) -> list[str]:
    """Each text's TEI can be made: every entity, term and claim it marks has what TEI needs."""
    from edition import tei

    for text in sources.load_texts(root):
        tei.document(text.id, root)
    return []


def loads(_result) -> list[str]:
    """For checks that raise on a problem and return what they loaded otherwise."""
    return []


def problems(root: Path = paths.ROOT, check_figures: bool = True) -> list[str]:
    from edition import timeline, violence

    report: list[str] = []
    stage = Stage(report)
    if not stage.run("the encoding of the files", lambda: encodings(root)):
        return report
    if not stage.run("the sources", lambda: loads(sources.load_texts(root))):
        return report
    stage.run("CITATION.cff", lambda: loads(metadata.load(root)))
    bibliography_ok = stage.run("references.bib", lambda: loads(apparatus.load_bibliography(root)))
    apparatus_ok = annotations_ok = False
    if bibliography_ok:
        stage.run("the citations in the pages", lambda: cited_keys(root))
        apparatus_ok = stage.run("the apparatus", lambda: loads(apparatus.load_apparatus(root)))
        if apparatus_ok:
            annotations_ok = stage.run("the annotations",
                                       lambda: apparatus.check_annotations(apparatus.load_apparatus(root), root))
        stage.run("data/timeline.csv", lambda: loads(timeline.load(root)))
    if stage.run("the reading texts", lambda: reading_texts(root)) and annotations_ok:
        stage.run("the editorial lists", lambda: editorial.problems(root))  # they name words of the texts
        stage.run("the TEI texts", lambda: tei_documents(root))
    tables_ok = bibliography_ok and stage.run("the tables", lambda: data.validate(root))
    if tables_ok:
        stage.run("the yearly counts", lambda: loads(violence.yearly(root)))
    stage.run("the data package's links", lambda: package_links(root))
    if stage.run("the GeoJSON files", lambda: geojson(root)) and tables_ok and bibliography_ok and apparatus_ok:
        stage.run("the geodata", lambda: geodata(root))  # it reads the places of the apparatus
    if apparatus_ok and tables_ok and not report:
        stage.run("the bibliography's use", lambda: uncited_entries(root))
    if check_figures and not report:
        stage.run("the figures", lambda: figures.stale(root / "figures", root) + [
            f"data/claims.yml, id '{claim.id}': field 'chart': no figure figures/{claim.chart}.svg"
            for claim in apparatus.load_apparatus(root).claims.values()
            if claim.chart and not (root / "figures" / f"{claim.chart}.svg").is_file()])
    return report


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
