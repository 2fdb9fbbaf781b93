"""The book in Spanish (_build/html/es/): every page, the switch between the languages, the
Spanish search, the articles untranslated and faithful with the editors' reading translation
beside them, and no English left in the interface."""
import re

import pytest
import yaml
from sphinx.search import js_index

from conftest import page
from harness import browser
from edition import catalogs, fidelity, i18n, sources, translations

SPANISH = "es"


def pages(root) -> set[str]:
    return set(browser.site_pages(root))


def english_pages(html_build) -> set[str]:
    return pages(html_build.html)


def test_every_page_of_the_book_is_also_in_spanish(html_build):
    english = english_pages(html_build)
    spanish = pages(html_build.html / SPANISH)
    assert len(english) >= 20 and spanish == english, sorted(english ^ spanish)
    for name in english:
        assert page(html_build, f"{SPANISH}/{name}").html["lang"] == SPANISH, name
        assert page(html_build, name).html["lang"] == i18n.ORIGINAL, name


def test_each_page_links_to_itself_in_the_other_language_both_ways(html_build):
    for name in sorted(english_pages(html_build)):
        if name in ("genindex.html", "search.html"):
            continue
        for here, there in ((name, f"{SPANISH}/{name}"), (f"{SPANISH}/{name}", name)):
            soup = page(html_build, here)
            folder = (html_build.html / here).parent
            alternates = {link["hreflang"]: (folder / link["href"]).resolve()
                          for link in soup.select('link[rel="alternate"][hreflang]')}
            assert alternates == {i18n.ORIGINAL: (html_build.html / name).resolve(),
                                  SPANISH: (html_build.html / SPANISH / name).resolve()}, here
            switch = soup.select(".edition-language-switch a[hreflang]")
            assert len(switch) == 1 and (folder / switch[0]["href"]).resolve() == (html_build.html / there).resolve(), here


def test_the_spanish_search_stems_spanish_words(html_build):
    index = js_index.loads((html_build.html / SPANISH / "searchindex.js").read_text(encoding="utf-8"))
    language_data = (html_build.html / SPANISH / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "SpanishStemmer" in language_data or "spanish" in language_data.lower()
    # "pobreza" and "conflicto" come from the Spanish prose, stemmed as Snowball's Spanish stemmer does
    assert {"pobrez", "conflict"} <= set(index["terms"]), sorted(index["terms"])[:50]


@pytest.mark.parametrize("text", sources.load_texts(), ids=lambda t: t.id)
def test_the_articles_stay_as_printed_with_the_reading_translation_beside_each_paragraph(html_build, text):
    chapter = html_build.html / SPANISH / "chapters" / f"{text.chapter.stem}.html"
    assert fidelity.check_chapter(text, chapter) == []
    soup = page(html_build, f"{SPANISH}/chapters/{text.chapter.stem}.html")
    spanish = translations.translated("paragraphs", SPANISH)
    pairs = soup.select(f"div.{fidelity.PARALLEL_CLASS}")
    assert len(pairs) == len(text.paragraphs)
    for pair, paragraph in zip(pairs, text.paragraphs):
        original, translation = pair.find_all("p", recursive=False)
        assert original["id"] == paragraph.anchor and original["lang"] == i18n.ORIGINAL
        assert translation["lang"] == SPANISH and " ".join(translation.get_text().split()) == \
            " ".join(spanish[paragraph.anchor]["text"].split())
    assert soup.select_one(".edition-translation-notice") is not None


def test_the_spanish_pages_carry_the_spanish_apparatus(html_build):
    apparatus = translations.translated_apparatus(__import__("edition.apparatus").apparatus.load_apparatus(), SPANISH)
    persons = page(html_build, f"{SPANISH}/chapters/register-persons.html").get_text(" ")
    assert " ".join(apparatus.entities["fujimori"].note.split()) in " ".join(persons.split())
    claims = " ".join(page(html_build, f"{SPANISH}/chapters/claims-checked.html").get_text(" ").split())
    for claim in list(apparatus.claims.values())[:5]:
        assert " ".join(claim.finding[0].says.split()) in claims, claim.id


# English words of the theme's interface, which a Spanish page must not show.
THEME_ENGLISH = ("Skip to main content", "Back to top", "Search", "Contents", "Download source file",
                 "Print to PDF", "Previous", "Next", "Edit this page", "Light", "Dark")
# An English function word standing alone between spaces: a sign of an English sentence, title or
# label that no Spanish text contains.
ENGLISH_WORD = re.compile(r"(?<!\S)(the|of|and|with|which|from|this|that|is|are|was|were|to|for|by"
                          r"|The|This|That|With|From|Which)(?!\S)")
ALLOWED = i18n.LOCALES / SPANISH / "english-allowed.yml"


def interface_english() -> set[str]:
    """Every English message of the code's catalog (edition.po's msgids of three words or more)."""
    return {str(m.id) for m in catalogs.read_catalog(i18n.catalog_path(SPANISH)) if m.id and len(str(m.id).split()) >= 3}


def allowed_english() -> dict:
    allowed = yaml.safe_load(ALLOWED.read_text(encoding="utf-8"))
    for kind, key in (("elements", "selector"), ("patterns", "pattern"), ("phrases", "text")):
        for number, entry in enumerate(allowed[kind], 1):
            assert set(entry) == {key, "reason"} and len(entry["reason"].split()) >= 4, \
                f"{ALLOWED.name}: {kind} entry {number} needs its {key} and a reason in words"
    return allowed


def english_left(soup, allowed: dict, used: set) -> str:
    """A page's text with the allowed English taken out (noting in ``used`` which exceptions it used)."""
    for entry in allowed["elements"]:
        found = soup.select(entry["selector"])
        used.update([("elements", entry["selector"])] if found else [])
        for element in found:
            element.decompose()
    text = " ".join(soup.get_text(" ").split())
    for kind, key in (("phrases", "text"), ("patterns", "pattern")):  # a title may end a sentence
        for entry in allowed[kind]:
            expression = entry[key] if kind == "patterns" else rf"(?<![\w-]){re.escape(entry[key])}(?![\w-])"
            text, count = re.subn(expression, " ", text)
            used.update([(kind, entry[key])] if count else [])
    return text


def test_no_english_left_on_a_spanish_page(html_build):
    """Nothing in English on a Spanish page but the articles' words and the listed exceptions,
    each with its reason (locales/es/english-allowed.yml); and no exception that no page needs."""
    allowed, used = allowed_english(), set()
    interface = interface_english() | set(THEME_ENGLISH)
    found = []
    for name in sorted(pages(html_build.html / SPANISH)):
        text = english_left(page(html_build, f"{SPANISH}/{name}"), allowed, used)
        found += [f"{SPANISH}/{name}: the interface's “{words}”" for words in interface
                  if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text)]
        found += [f"{SPANISH}/{name}: English “…{text[max(0, m.start() - 40):m.end() + 40]}…”"
                  for m in ENGLISH_WORD.finditer(text)]
    assert found == [], "\n".join(found)
    unused = [f"{kind}: {value}" for kind, key in (("elements", "selector"), ("patterns", "pattern"), ("phrases", "text"))
              for value in (entry[key] for entry in allowed[kind]) if (kind, value) not in used]
    assert unused == [], f"{ALLOWED}: exceptions that no Spanish page uses any more: {unused}"


@pytest.mark.book
def test_an_english_paragraph_changed_without_its_translation_fails_the_build(tmp_path):
    from conftest import copy_book, run_build

    book = copy_book(tmp_path)
    chapter = book / "chapters" / "comparison.md"
    text = chapter.read_text(encoding="utf-8")
    first = next(line for line in text.split("\n") if line and not line.startswith(("#", "(", "`", ":", "-", "|")))
    chapter.write_text(text.replace(first, first.replace(" ", " plainly ", 1), 1), encoding="utf-8")
    build = run_build("html", book)
    assert build.returncode != 0
    assert re.search(r"chapters/comparison\.md:\d+: WARNING: no Español translation of this paragraph \(new, or its "
                     r"English changed since it was translated\): add it to locales/es/LC_MESSAGES/chapters/comparison\.po",
                     build.log), build.log[-3000:]
