"""Coverage of the annotations, measured: every proper name, acronym and number of the
reading texts is inside an annotation or on this commented ignore list."""
import pytest

from edition import coverage, markup, sources

# (text, paragraph, token): why it is not annotated
IGNORED = {
    ("lfi", 1, "THE"): "the capitals of the opening words (the League's house style), not a name",
    ("lfi", 1, "CREAM"): "the capitals of the opening words (the League's house style), not a name",
    ("lfi", 6, "Peruvian"): "adjective of Peru, which is annotated where the texts name it",
    ("lfi", 10, "Peruvian"): "adjective of Peru, which is annotated where the texts name it",
    ("lfi", 17, "Peruvian"): "adjective of Peru, which is annotated where the texts name it",
    ("ww", 6, "Peruvian"): "adjective of Peru, which is annotated where the texts name it",
    ("ww", 9, "Peruvian"): "adjective of Peru, which is annotated where the texts name it",
    ("lfi", 18, "US"): "the currency in “US$1,000”, a demand of the article, not a factual claim",
    ("lfi", 18, "1,000"): "the amount of a minimum wage the article demands, not a factual claim",
    ("lfi", 20, "For"): "starts a sentence whose preceding full stop is missing (see the sic note)",
}


@pytest.mark.parametrize("text_id", ["lfi", "ww"])
def test_every_name_and_number_is_annotated_or_explicitly_ignored(text_id):
    text = sources.load_text(text_id)
    missing = [f"¶{c.paragraph} {c.token!r} ({c.kind})" for c in coverage.uncovered(text.chapter)
               if (c.text_id, c.paragraph, c.token) not in IGNORED]
    assert not missing, f"{text_id}: not annotated and not on the ignore list: {missing}"


def test_the_ignore_list_has_no_stale_entries():
    still_uncovered = {(c.text_id, c.paragraph, c.token)
                       for text in sources.load_texts() for c in coverage.uncovered(text.chapter)}
    assert set(IGNORED) <= still_uncovered, set(IGNORED) - still_uncovered


def test_coverage_figures():
    """The measured coverage, printed for the record (pytest -s shows it)."""
    total = covered = 0
    for text in sources.load_texts():
        for paragraph in markup.read_chapter(text.chapter):
            for candidate in coverage.candidates(paragraph):
                total += 1
                covered += coverage.is_covered(candidate, paragraph)
    print(f"\nannotation coverage: {covered} of {total} names, acronyms and numbers "
          f"({covered / total:.1%}); {total - covered} on the ignore list")
    assert covered / total > 0.9


def test_the_coverage_check_catches_an_unannotated_name(tmp_path):
    chapter = tmp_path / "chapter.md"
    chapter.write_text("{#lfi-p01}\nThe {org}`MRTA <mrta>` met Fujimori in 1990.\n", encoding="utf-8")
    assert [(c.token, c.kind) for c in coverage.uncovered(chapter)] == [("Fujimori", "name"), ("1990", "number")]
