"""The edition's own metadata, from its one source, CITATION.cff: title, editors, version,
release date, licence, repository and site address. The package version (pyproject.toml),
the citations, the page metadata, the JSON-LD, the TEI headers, the footers and the PDF's
title page all read it from here.

CITATION.cff is checked against the Citation File Format 1.2.0 JSON Schema
(data/schemas/citation-file-format-1.2.0.schema.json; where it comes from: data/schemas/README.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CFF_NAME = "CITATION.cff"
CFF_SCHEMA = Path("data") / "schemas" / "citation-file-format-1.2.0.schema.json"
PDF_NAME = "lima-hostage-crisis-edition.pdf"
DATA_ZIP_NAME = "lima-hostage-crisis-edition-data.zip"


class MetadataError(Exception):
    """CITATION.cff does not validate or lacks what the edition needs; the message names the field."""


@dataclass(frozen=True)
class EditionMetadata:
    title: str
    editors: tuple[str, ...]
    version: str
    released: str        # YYYY-MM-DD
    licence: str         # SPDX id of the edition's licence (the editors' content; the code is MIT)
    repository: str
    url: str             # the published site, ending in '/'
    abstract: str
    keywords: tuple[str, ...]

    @property
    def year(self) -> str:
        return self.released[:4]

    def page_url(self, page: str, anchor: str = "") -> str:
        """The published address of a page ('chapters/x' or 'index'), with an anchor if given,
        in the site of the current language (a translation's pages are under <language>/)."""
        from edition import i18n

        prefix = "" if i18n.language() == i18n.ORIGINAL else f"{i18n.language()}/"
        return f"{self.url}{prefix}{page}.html" + (f"#{anchor}" if anchor else "")

    @property
    def licence_url(self) -> str:
        return f"https://spdx.org/licenses/{self.licence}.html"

    @property
    def content_licence_url(self) -> str:
        """Where the rights of the reproduced articles are stated (they are not the editors')."""
        return f"{self.repository}/blob/main/LICENSE-content.md"

    @property
    def pdf_url(self) -> str:
        return self.url + PDF_NAME


def version(root: Path | None = None) -> str:
    """The version, read with the standard library alone (setuptools reads it through this
    module when it installs the package, before any dependency is there)."""
    cff = (root or Path(__file__).resolve().parent.parent) / CFF_NAME
    match = re.search(r'^version:\s*"?([^"\s]+)"?\s*$', cff.read_text(encoding="utf-8"), re.M)
    if not match:
        raise MetadataError(f"{CFF_NAME}: no 'version' line")
    return match.group(1)


__version__ = version()


def load(root: Path | None = None) -> EditionMetadata:
    from edition import files, paths

    root = root or paths.ROOT
    try:
        cff = files.read_validated(root / CFF_NAME, root, schema_file=root / CFF_SCHEMA)
    except files.FormatError as error:
        raise MetadataError(str(error)) from None
    for field in ("version", "date-released", "url", "repository-code", "abstract", "license"):
        if not cff.get(field):
            raise MetadataError(f"{CFF_NAME}: field '{field}' is required by the edition (citations, footers, JSON-LD)")
    if not isinstance(cff["license"], str):
        raise MetadataError(f"{CFF_NAME}: field 'license': one licence, not a list (CFF reads a list as a choice)")
    url = cff["url"] if cff["url"].endswith("/") else cff["url"] + "/"
    return EditionMetadata(
        title=cff["title"],
        editors=tuple(author.get("name") or f"{author.get('given-names', '')} {author.get('family-names', '')}".strip()
                      for author in cff["authors"]),
        version=str(cff["version"]),
        released=str(cff["date-released"]),
        licence=cff["license"],
        repository=cff["repository-code"],
        url=url,
        abstract=" ".join(cff["abstract"].split()),
        keywords=tuple(cff.get("keywords", ())),
    )
