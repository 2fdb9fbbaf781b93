"""The HTML build: every page, the generated headers and debris notes, downloads,
search, the theme's buttons and the notebook execution cache."""
import re

import yaml
from sphinx.search import js_index

from conftest import page
from edition import apparatus, build, paths, sources, validate


def test_every_page_of_the_table_of_contents_is_built(html_build):
    for name in build.toc_documents():
        assert (html_build.html / f"{name}.html").is_file(), f"{name}.html was not built"
    assert "build succeeded" in html_build.log


def test_front_page_says_what_the_edition_is_and_lists_the_contents(html_build):
    front = page(html_build, "index.html")
    text = front.get_text(" ")
    assert "Who this edition is for" in text
    links = {a["href"] for a in front.select("article a[href]")}
    for text_ in sources.load_texts():
        assert any(href.startswith(f"chapters/{text_.chapter.stem}.html") for href in links)
    # the articles are not reproduced on the front page (it is front matter in the PDF)
    assert "THE CREAM of Lima" not in text


def test_each_text_chapter_has_a_header_from_texts_yml(html_build):
    for text in sources.load_texts():
        chapter = page(html_build, f"chapters/{text.chapter.stem}.html")
        header = chapter.select_one(".edition-edition-source-header")
        assert header is not None, f"{text.id}: no header"
        fields = {dt.get_text(" ", strip=True).rstrip(":").strip(): dd.get_text(" ", strip=True)
                  for dt, dd in zip(header.select("dt"), header.select("dd"))}
        assert fields["Title in the source"] == f"“{text.title}”"
        assert fields["Author"] == text.author
        assert fields["Publication"] == text.publication
        assert fields["Date"].startswith(text.date)
        assert fields["Political tendency"] == text.tendency
        if text.dateline:
            assert fields["Dateline as printed"] == text.dateline
        assert text.sha256[:16] in fields["Source file"]
        assert chapter.select_one("h1").get_text().startswith(text.title)


def test_web_page_debris_is_listed_exactly_as_received(html_build):
    for text in sources.load_texts():
        chapter = page(html_build, f"chapters/{text.chapter.stem}.html")
        note = chapter.select_one(".edition-edition-source-debris")
        rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in note.select("tbody tr")]
        assert [(int(line), shown) for line, shown, _ in rows] == [(d.line, d.text) for d in text.debris]
        # …and none of it is in the reading text
        reading = chapter.find(id=f"{text.id}-text").find_parent("section").get_text(" ")
        for item in text.debris:
            assert item.text not in reading


def test_source_files_can_be_downloaded_unchanged(html_build):
    for text in sources.load_texts():
        chapter = page(html_build, f"chapters/{text.chapter.stem}.html")
        link = chapter.select_one(f'a.download[href$="{text.source_file.name}"]')
        assert link is not None, f"{text.id}: no download link for the source file"
        downloaded = (html_build.html / "chapters" / link["href"]).resolve()
        assert downloaded.read_bytes() == text.source_file.read_bytes()


def test_repository_button_points_at_the_configured_repository(html_build):
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    chapter = page(html_build, "chapters/editorial-method.html")
    assert chapter.select_one(f'a[href="{config["repository"]["url"]}"]') is not None


def test_search_index_covers_both_articles(html_build):
    index = js_index.loads((html_build.html / "searchindex.js").read_text(encoding="utf-8"))
    articles = {f"chapters/{t.chapter.stem}" for t in sources.load_texts()}
    for word in ("huallaga", "fujimori", "bolshevik"):
        assert word in index["terms"], f"{word!r} is not in the search index"
        hits = index["terms"][word]
        found = {index["docnames"][i] for i in (hits if isinstance(hits, list) else [hits])}
        assert found & articles, (word, found)
    assert (html_build.html / "search.html").is_file()


def test_only_the_search_page_loads_the_search_index(html_build):
    # The theme's search-as-you-type is off, so the 26 KB index and its scripts are dead
    # weight on the other pages, where they cost the map page its mobile Lighthouse budget.
    loaders = {}
    for path in sorted(html_build.html.rglob("*.html")):
        scripts = {script["src"].split("?")[0].rsplit("/", 1)[-1]
                   for script in page(html_build, str(path.relative_to(html_build.html))).select("script[src]")}
        loaders[path.relative_to(html_build.html).as_posix()] = scripts & {"searchindex.js", "searchtools.js"}
    for search in [p for p in loaders if p.rsplit("/", 1)[-1] == "search.html"]:  # each language's
        assert loaders.pop(search) == {"searchindex.js", "searchtools.js"}, search
    assert len(loaders) > 20 and not any(loaders.values()), {p: s for p, s in loaders.items() if s}


def test_paragraph_numbers_are_visible_links_to_themselves(html_build):
    chapter = page(html_build, "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html")
    number = chapter.select_one("#lfi-p07 a.paranum")
    assert number["href"] == "#lfi-p07" and number.get_text() == "Paragraph 7"
    css = (html_build.html / "_static" / "edition.css").read_text(encoding="utf-8")
    assert "a.paranum" in css


def test_cross_references_to_paragraphs_resolve(html_build):
    method = page(html_build, "chapters/editorial-method.html")
    link = method.find("a", href=re.compile(r"lfi-peruvian-hostage-crisis-exposes-poverty\.html#lfi-p20$"))
    assert link is not None and link.get_text(strip=True) == "¶20"


def test_bibliography_lists_every_entry_and_every_entry_is_cited(html_build):
    """The validation has checked that every cited key resolves and that every entry is
    cited; the page lists every entry, with its address."""
    assert validate.cited_keys(paths.ROOT) == [] and validate.uncited_entries(paths.ROOT) == []
    bibliography = page(html_build, "chapters/bibliography.html")
    entries = bibliography.select(".citation")
    assert len(entries) == len(apparatus.apparatus().bibliography)
    assert bibliography.select_one('a[href="https://www.japantimes.co.jp/news/1997/01/02/national/rebels-free-seven-show-no-sign-of-ending-standoff/"]')


def test_pages_have_a_favicon_and_open_graph_metadata(html_build):
    front = page(html_build, "index.html")
    assert front.select_one('link[rel="icon"]')["href"].endswith("favicon.svg")
    assert front.select_one('meta[property="og:title"]')["content"]
    assert front.select_one('meta[property="og:site_name"]')["content"].startswith("The Lima hostage crisis")
    assert front.select_one('meta[property="og:type"]')["content"] == "website"
    chapter = page(html_build, "chapters/ww-strategy-for-the-mass.html")
    assert chapter.select_one('meta[property="og:url"]')["content"] == \
        "https://lima-hostage-crisis-edition.github.io/edition/chapters/ww-strategy-for-the-mass.html"
    # each page describes itself (sphinxext-opengraph reads its first words), with no card image
    assert chapter.select_one('meta[property="og:description"]')["content"] != \
        front.select_one('meta[property="og:description"]')["content"]
    assert chapter.select_one('meta[property="og:image"]') is None
