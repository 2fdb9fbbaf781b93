"""Coverage of the annotations, measured: every proper name, acronym and number of the
reading texts is inside an annotation or on the coverage_ignored list of
data/editorial-lists.yml, with a reason (checked by edition.editorial in the validation)."""
from edition import coverage, editorial, markup, sources

from conftest import edit_yaml


def test_every_name_and_number_is_annotated_or_on_the_ignore_list():
    assert editorial.problems() == []


def test_the_measured_coverage_is_what_the_ignore_list_leaves():
    """Every candidate is covered except exactly the listed ones (printed for the record)."""
    ignored = {(i["text"], i["paragraph"], i["token"]) for i in editorial.lists()["coverage_ignored"]}
    total = covered = 0
    uncovered = set()
    for text in sources.load_texts():
        for paragraph in markup.read_chapter(text.chapter):
            for candidate in coverage.candidates(paragraph):
                total += 1
                if coverage.is_covered(candidate, paragraph):
                    covered += 1
                else:
                    uncovered.add((candidate.text_id, candidate.paragraph, candidate.token))
    print(f"\nannotation coverage: {covered} of {total} names, acronyms and numbers "
          f"({covered / total:.1%}); {total - covered} on the ignore list")
    assert uncovered == ignored


def test_the_coverage_check_catches_an_unannotated_name(tmp_path):
    chapter = tmp_path / "chapter.md"
    chapter.write_text("{#lfi-p01}\nThe {org}`MRTA <mrta>` met Fujimori in 1990.\n", encoding="utf-8")
    assert [(c.token, c.kind) for c in coverage.uncovered(chapter)] == [("Fujimori", "name"), ("1990", "number")]


def test_an_unlisted_name_and_a_stale_entry_are_named(data_copy):
    chapter = data_copy / "chapters" / "ww-strategy-for-the-mass.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "{person}`President Fujimori <fujimori>`", "President Fujimori"), encoding="utf-8")
    edit_yaml(data_copy / "data" / "editorial-lists.yml",
              lambda d: d["coverage_ignored"].append({"text": "ww", "paragraph": 1, "token": "Lima",
                                                      "reason": "an entry that no longer applies"}))
    problems = editorial.problems(data_copy)
    assert ("chapters/ww-strategy-for-the-mass.md: ww ¶4: the name 'Fujimori' is neither annotated nor on "
            "the coverage_ignored list of data/editorial-lists.yml") in problems
    assert ("data/editorial-lists.yml, coverage_ignored: ww ¶1 'Lima' is annotated now or no longer in the "
            "text; remove the entry") in problems
