"""The reading texts in the built HTML equal their sources, paragraph by paragraph."""
import pytest

from conftest import copy_book, run_build
from edition import fidelity, sources

TEXT_IDS = ["lfi", "ww"]


def chapter_html(build, text):
    return build.html / text.chapter.relative_to(text.chapter.parents[1]).with_suffix(".html")


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_rendered_reading_text_equals_source(html_build, text_id):
    text = sources.load_text(text_id)
    problems = fidelity.check_chapter(text, chapter_html(html_build, text))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_paragraph_is_shown_once_with_its_number(html_build, text_id):
    text = sources.load_text(text_id)
    rendered = fidelity.reading_text(chapter_html(html_build, text).read_text(encoding="utf-8"), text_id)
    assert [anchor for anchor, _ in rendered.paragraphs] == [f"{text_id}-p{n:02d}" for n in range(1, len(text.paragraphs) + 1)]
    html = chapter_html(html_build, text).read_text(encoding="utf-8")
    for paragraph in text.paragraphs:
        assert f'<a class="paranum" href="#{paragraph.anchor}"' in html


def test_a_changed_word_is_named_by_text_and_paragraph(html_build):
    text = sources.load_text("lfi")
    html = chapter_html(html_build, text).read_text(encoding="utf-8")
    assert html.count("special counter-insurgency units") == 1
    changed = html.replace("special counter-insurgency units", "special anti-insurgency units")
    problems = fidelity.compare(text, fidelity.reading_text(changed, "lfi"))
    assert len(problems) == 1
    report = str(problems[0])
    assert report.startswith("lfi ¶12 (#lfi-p12): the chapter differs from the source")
    assert "[-counter-insurgency-]{+anti-insurgency+}" in report


def test_editorial_additions_are_removed_but_nothing_else(html_build):
    text = sources.load_text("lfi")
    rendered = fidelity.reading_text(chapter_html(html_build, text).read_text(encoding="utf-8"), "lfi")
    last = dict(rendered.paragraphs)["lfi-p20"]
    # the sidenote marking the missing full stop is gone, the words around it are intact
    assert "workers and peasants For this we need" in last
    assert "Sic" not in last


@pytest.mark.book
def test_a_word_changed_in_a_chapter_fails_the_build_with_the_fidelity_message(tmp_path):
    book = copy_book(tmp_path)
    chapter = book / "chapters" / "ww-strategy-for-the-mass.md"
    markdown = chapter.read_text(encoding="utf-8")
    assert markdown.count("a communist programme") == 1
    chapter.write_text(markdown.replace("a communist programme", "a communist program"), encoding="utf-8")
    build = run_build("html", root=book)
    # the build compares the chapter's reading text with the source before building anything…
    assert build.returncode != 0
    assert ("chapters/ww-strategy-for-the-mass.md: the reading text is not the source: ww ¶13 (#ww-p13): "
            "the chapter differs from the source") in build.log
    assert "a communist [-programme,-]{+program,+} which" in build.log
    # …with the message the fidelity check gives for a built page with the same change
    text = sources.load_text("ww")
    rendered = fidelity.RenderedText(text.title, tuple(
        (p.anchor, p.text.replace("a communist programme", "a communist program")) for p in text.paragraphs),
        (text.signature,))
    assert [str(m) for m in fidelity.compare(text, rendered)][0] in build.log
