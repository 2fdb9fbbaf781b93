"""The PDF: built with xelatex, complete, every paragraph of both texts intact in its
extracted text, fonts embedded, no unresolved references."""
import html
import re
import subprocess
import sys
import unicodedata

import pytest

from edition import build, paths, sources

# The book's title and version head every page (Sphinx's running head: title, release).
RUNNING_HEADS = re.compile(r"^(?:The Lima hostage crisis in two 1997 articles: a scholarly edition(?:, Version \S+)?"
                           r"|Chapter \d+\. .*|\d+(?:\.\d+)*\. .*|\d+|[ivxlc]+|CONTENTS)$")


BODY_SIZE = 9.5  # points: the text is set at 10pt, notes at 8pt, note marks and paragraph numbers smaller
WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def body_text(pdf) -> str:
    """The PDF's running text: only words set at body size (so footnotes, note marks and
    paragraph numbers drop out, and a paragraph that runs over a page break reads on),
    one line per printed line, without running heads and page numbers."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    lines = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", layout, re.S):
        words = [html.unescape(text) for y0, y1, text in WORD.findall(line) if float(y1) - float(y0) >= BODY_SIZE]
        if words:
            lines.append(unicodedata.normalize("NFKC", " ".join(words)))  # ligatures such as ﬁ become fi
    return "\n".join(line for line in lines if not RUNNING_HEADS.match(line.strip()))


def pdf_pattern(paragraph: str) -> re.Pattern:
    """A paragraph as it may come out of pdftotext: line breaks anywhere between words,
    words hyphenated across lines, a space where a note mark was."""
    words = []
    for word in paragraph.split():
        pieces = []
        for i, char in enumerate(word):
            if i and not char.isalnum():
                pieces.append(r"\s?")  # where a note mark stood, pdftotext may leave a space
            pieces.append(r"-\s*" if char == "-" else re.escape(char))
            if i + 1 < len(word) and char.isalpha() and word[i + 1].isalpha():
                pieces.append(r"(?:-\n)?")
        words.append("".join(pieces))
    return re.compile(r"\s+".join(words))


def test_every_paragraph_of_both_texts_is_intact_in_the_pdf(pdf_build):
    text = body_text(pdf_build.pdf)
    missing = [f"{t.id} ¶{p.number}: {p.text[:70]}…" for t in sources.load_texts() for p in t.paragraphs
               if not pdf_pattern(p.text).search(text)]
    assert not missing, "paragraphs not found intact in the PDF text:\n" + "\n".join(missing)


def test_titles_of_all_chapters_are_in_the_pdf(pdf_plain_text, html_build):
    from bs4 import BeautifulSoup
    import yaml

    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    text = " ".join(pdf_plain_text.split()).casefold()
    for part in toc["parts"]:
        assert part["caption"].casefold() in text, part["caption"]
        for chapter in part["chapters"]:
            html = (html_build.html / f"{chapter['file']}.html").read_text(encoding="utf-8")
            title = BeautifulSoup(html, "html.parser").find("h1").get_text().rstrip("#").strip()
            assert title.casefold() in text, f"chapter title {title!r} is not in the PDF"


def test_the_texts_characters_survive(pdf_plain_text):
    for char in "’“”–‘":
        assert char in pdf_plain_text, f"{char!r} ({unicodedata.name(char)}) is missing from the PDF text"
    assert "Túpac Amaru" in " ".join(pdf_plain_text.split())
    assert "\ufffd" not in pdf_plain_text


def test_all_fonts_are_embedded(pdf_build):
    listing = subprocess.run(["pdffonts", str(pdf_build.pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, "pdffonts lists no fonts"
    for row in rows:
        columns = row.split()
        # name type… encoding emb sub uni object ID: 'emb' is the fifth column from the end
        assert columns[-5] == "yes", f"font not embedded: {row}"


def test_no_unresolved_references(pdf_build, pdf_plain_text):
    assert "??" not in pdf_plain_text
    log = (pdf_build.pdf.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"LaTeX Warning: (Reference|Citation|Hyper reference) .* undefined", log)
    assert "There were undefined references" not in log


def test_built_with_xelatex(pdf_build):
    log = (pdf_build.pdf.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    assert log.startswith("This is XeTeX")


def test_pdf_without_tex_gives_a_clear_message_naming_the_install_script(tmp_path):
    result = subprocess.run([sys.executable, "-m", "edition.build", "pdf"], capture_output=True, text=True,
                            env={"PATH": str(tmp_path), "HOME": str(tmp_path)}, cwd=paths.ROOT)
    assert result.returncode == 2
    assert build.INSTALL_SCRIPT in result.stderr
    assert "xelatex (Debian package texlive-xetex)" in result.stderr
    assert "Traceback" not in result.stderr and "LaTeX Error" not in result.stderr


def test_missing_tools_are_each_named():
    present = {"latexmk", "pdftotext", "pdffonts"}
    missing = build.missing_system_tools(lambda name: f"/usr/bin/{name}" if name in present else None)
    assert missing == ["xelatex (Debian package texlive-xetex)", "xindy (Debian package xindy)",
                       "the FreeSerif font (Debian package fonts-freefont-otf)"]


@pytest.mark.parametrize("text_id", ["lfi", "ww"])
def test_paragraph_numbers_are_in_the_pdf(pdf_build, text_id):
    tex = (pdf_build.pdf.parent / "book.tex").read_text(encoding="utf-8")
    count = len(sources.load_text(text_id).paragraphs)
    for number in range(1, count + 1):
        assert re.search(rf"\\label\{{\\detokenize\{{[^}}]*:{text_id}-p{number:02d}\}}\}}\\edparanum\{{{number}\}}", tex), \
            f"{text_id} ¶{number} has no number or label in the LaTeX"


def test_the_pdf_matcher_rejects_a_changed_word(pdf_build):
    """The tolerance for line breaks and hyphenation does not let a changed word through."""
    text = body_text(pdf_build.pdf)
    paragraph = sources.load_text("lfi").paragraph(9).text
    assert pdf_pattern(paragraph).search(text)
    changed = paragraph.replace("20,000 strong", "30,000 strong")
    assert not pdf_pattern(changed).search(text)


# ---- the Spanish PDF (the same checks, on the book in Spanish) ---------------------------------

SPANISH = "es"


@pytest.fixture(scope="session")
def spanish_pdf(pdf_build):
    pdf = pdf_build.output / "_build" / SPANISH / "_build" / "latex" / "book.pdf"
    assert pdf.is_file(), f"the PDF build wrote no Spanish PDF at {pdf}"
    site_copy = pdf_build.html / SPANISH / build.SITE_PDF
    assert site_copy.read_bytes() == pdf.read_bytes(), "the site does not offer the Spanish PDF it built"
    return pdf


def spanish_body_text(pdf) -> str:
    from edition import i18n

    i18n.set_language(SPANISH)
    try:
        title = i18n.translate("The Lima hostage crisis in two 1997 articles: a scholarly edition")
    finally:
        i18n.set_language(i18n.ORIGINAL)
    heads = re.compile(rf"^(?:{re.escape(title)}(?:, Versión \S+)?|Capítulo \d+\. .*|\d+(?:\.\d+)*\. .*|\d+|[ivxlc]+)$")
    return "\n".join(line for line in body_text(pdf).split("\n") if not heads.match(line.strip()))


def test_every_paragraph_of_both_texts_is_intact_in_the_spanish_pdf(spanish_pdf):
    text = spanish_body_text(spanish_pdf)
    missing = [f"{t.id} ¶{p.number}: {p.text[:70]}…" for t in sources.load_texts() for p in t.paragraphs
               if not pdf_pattern(p.text).search(text)]
    assert not missing, "paragraphs not found intact in the Spanish PDF text:\n" + "\n".join(missing)


def test_the_spanish_pdf_has_the_spanish_titles_and_the_reading_translation(spanish_pdf, html_build):
    from bs4 import BeautifulSoup

    from edition import translations

    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(spanish_pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split()).casefold()
    for page in sorted((html_build.html / SPANISH / "chapters").glob("*.html")):
        title = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("h1").get_text().rstrip("#").strip()
        assert " ".join(title.split()).casefold() in text, f"chapter title {title!r} is not in the Spanish PDF"
    translated = translations.translated("paragraphs", SPANISH)
    assert " ".join(translated["lfi-p01"]["text"].split()[:8]).casefold() in text
    assert "\ufffd" not in text


def test_the_spanish_pdf_embeds_its_fonts_resolves_its_references_and_is_spanish(spanish_pdf):
    listing = subprocess.run(["pdffonts", str(spanish_pdf)], capture_output=True, text=True, check=True).stdout
    assert all(row.split()[-5] == "yes" for row in listing.splitlines()[2:]), listing
    log = (spanish_pdf.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    assert log.startswith("This is XeTeX")
    assert not re.search(r"LaTeX Warning: (Reference|Citation|Hyper reference) .* undefined", log)
    assert "There were undefined references" not in log
    assert "No hyphenation patterns were loaded for" not in log and "gloss-spanish" in log
    tex = (spanish_pdf.parent / "book.tex").read_text(encoding="utf-8")
    assert r"\setmainlanguage{spanish}" in tex


# How far a line may run past its box: less than the gap between a table's columns (LaTeX's
# \tabcolsep, 6 pt, on either side) and far less than the page's margin, so that an overfull
# line touches no other text and loses none.
OVERFULL_TOLERANCE = 12.0  # points
OVERFULL = re.compile(r"^Overfull \\hbox \(([\d.]+)pt too wide\) (.*)$", re.M)


def overfull_lines(log: str) -> list[str]:
    """Every line of a LaTeX log's overfull boxes wider than the tolerance, with where it is and
    the text TeX printed for it."""
    found = []
    for match in OVERFULL.finditer(log):
        if float(match.group(1)) > OVERFULL_TOLERANCE:
            what = " ".join(log[match.end():match.end() + 200].split("\n\n")[0].split())
            found.append(f"{match.group(1)} pt too wide {match.group(2)}: {what[:120]}")
    return found


def test_no_line_of_either_pdf_runs_into_its_neighbours_or_off_the_page(pdf_build, spanish_pdf):
    for pdf in (pdf_build.pdf, spanish_pdf):
        log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        assert OVERFULL.search(log) or "Overfull" not in log, "the log's overfull boxes were not read"
        assert overfull_lines(log) == [], f"{pdf.with_suffix('.log')}:\n" + "\n".join(overfull_lines(log))


def test_the_overfull_check_finds_a_line_run_off_the_page():
    log = ("Overfull \\hbox (72.37413pt too wide) in paragraph at lines 113--113\n[][]\n []\n\n"
           "Overfull \\hbox (4.6pt too wide) in paragraph at lines 20--20\n[]\\TU/FreeSerif(0)/m/n/10 1989\n\n")
    assert overfull_lines(log) == ["72.37413 pt too wide in paragraph at lines 113--113: [][] []"]
