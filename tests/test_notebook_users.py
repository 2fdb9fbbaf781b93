"""The notebook user: every notebook chapter offers launch (Binder, Colab) and download
buttons, and a notebook downloaded from the built site, as a reader's browser would fetch
it, runs top to bottom in a fresh temporary folder, outside the book build."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
import yaml

from edition import build, paths
from harness import browser, notebooks

NOTEBOOKS = sorted(p.stem for p in paths.CHAPTERS.glob("*.ipynb"))
CONFIG = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
REPOSITORY = CONFIG["repository"]["url"].removeprefix("https://github.com/")
BRANCH = CONFIG["repository"]["branch"]


def header_buttons(site, context, page_path) -> list[dict]:
    page, visit = browser.open_page(context, site + page_path)
    try:
        assert not visit.problems(), "\n".join(visit.problems())
        return page.locator(".article-header-buttons .dropdown-menu a, .article-header-buttons .dropdown-menu button") \
            .evaluate_all("""items => items.map(item => ({text: item.textContent.trim(),
                href: item.href || null, onclick: item.getAttribute('onclick')}))""")
    finally:
        page.close()


def test_every_notebook_chapter_is_in_the_book():
    assert set(NOTEBOOKS) <= {document.removeprefix("chapters/") for document in build.toc_documents()}
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_page_offers_binder_colab_ipynb_and_pdf(site, desktop, notebook):
    buttons = {button["text"]: button for button in header_buttons(site, desktop, f"chapters/{notebook}.html")}
    assert buttons["Binder"]["href"] == (f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}"
                                         f"?urlpath=lab/tree/chapters/{notebook}.ipynb")
    assert buttons["Colab"]["href"] == (f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}"
                                        f"/chapters/{notebook}.ipynb")
    assert buttons[".ipynb"]["href"] == f"{site}_sources/chapters/{notebook}.ipynb"
    assert buttons[".pdf"]["onclick"] == "window.print()"


def test_text_page_offers_its_source_and_pdf(site, desktop):
    buttons = {b["text"]: b for b in header_buttons(site, desktop, "chapters/ww-strategy-for-the-mass.html")}
    assert buttons[".md"]["href"] == f"{site}_sources/chapters/ww-strategy-for-the-mass.md"
    assert buttons[".pdf"]["onclick"] == "window.print()"
    assert "Binder" not in buttons  # nothing to run on a text page


def test_binder_environment_installs_the_pinned_requirements_and_the_package():
    binder = paths.ROOT / "binder"
    assert (binder / "requirements.txt").read_text().splitlines()[-1] == "-r ../requirements.txt"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = binder / "postBuild"
    assert post_build.stat().st_mode & 0o111, "binder/postBuild must be executable"
    assert "pip install --no-deps -e ." in post_build.read_text()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_downloaded_notebook_runs_in_a_fresh_folder(site, tmp_path: Path, notebook):
    """Download exactly what the page's .ipynb button points to, then run it where nothing
    of the book build is around: a new temporary folder with only the notebook in it. The
    edition's package (installed from this repository) is all it may rely on."""
    with urllib.request.urlopen(f"{site}_sources/chapters/{notebook}.ipynb") as response:
        downloaded = response.read()
    assert json.loads(downloaded)["cells"] == json.loads((paths.CHAPTERS / f"{notebook}.ipynb").read_bytes())["cells"]
    target = tmp_path / f"{notebook}.ipynb"
    target.write_bytes(downloaded)
    executed = notebooks.run(target, cwd=tmp_path)
    assert not notebooks.problems(executed), notebooks.problems(executed)
    if notebook != "texts-as-received":
        assert notebooks.has_chart(executed), f"{notebook}: no chart when run from the download"
    assert [p.name for p in tmp_path.iterdir()] == [target.name], "the notebook wrote files into the reader's folder"
