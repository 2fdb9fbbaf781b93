"""Copies of the book, and builds of them in a subprocess as the Makefile runs them."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import yaml

from edition import paths

# What a copy of the book leaves out: builds, environments and caches.
COPY_IGNORE = shutil.ignore_patterns("_build", ".venv", ".venv-lock", ".git", "node_modules", "__pycache__",
                                     ".pytest_cache", "*.egg-info", ".ipynb_checkpoints")
# The notebook execution cache and the digest of the inputs it was made from (edition.build).
NOTEBOOK_CACHE = (".jupyter_cache", ".jupyter_cache.inputs-sha256")


def copy_book(target: Path, root: Path = paths.ROOT) -> Path:
    """A copy of the book's sources at ``target``, for builds that must start clean."""
    shutil.copytree(root, target, ignore=COPY_IGNORE)
    return target


def seed_notebook_cache(build_dir: Path, output: Path) -> None:
    """Give the build at ``output`` the notebook cache of an earlier build. The build keeps it
    only if the copy's notebook inputs are the same (edition.build checks the digest), so a
    seeded build of a changed copy still runs its notebooks."""
    cache, stamp = (build_dir / name for name in NOTEBOOK_CACHE)
    target = output / "_build"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(cache, target / cache.name, dirs_exist_ok=True)
    shutil.copy(stamp, target / stamp.name)


_running: set[subprocess.Popen] = set()


def run_in_subprocess(target: str, root: Path, output: Path | None = None, fresh: bool = False,
                      prefix: list[str] | None = None, timeout: int = 900,
                      languages: list[str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m edition.build`` from this checkout, as the Makefile does, with the
    book at ``root`` (which the build itself builds with ``root``'s own package). The build
    runs in a process group of its own, so that it can be stopped with all its children."""
    output = output or root
    command = [sys.executable, "-m", "edition.build", target, "--root", str(root), "--output", str(output)]
    if fresh:
        command.append("--all")
    if languages:
        command += ["--languages", *languages]
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "EDITION_BUILD_ROOT")}
    process = subprocess.Popen((prefix or []) + command, cwd=paths.ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    _running.add(process)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise
    finally:
        _running.discard(process)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def stop_all() -> None:
    """Stop every build still running (the test run is ending), children included."""
    for process in list(_running):
        _stop(process)


THIRD_TEXT = Path(__file__).parent.parent / "fixtures" / "third-text"
THIRD_TEXT_CHAPTER = "chapters/test-fixture-third-text"


def _indented(path: Path, prefix: str) -> str:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return "".join(f"{prefix}{line}\n" if line else "\n" for line in lines)


def add_third_text(book: Path) -> None:
    """Add the synthetic third text of tests/fixtures/third-text to a copy of the book the
    way an editor adds a text: its source file and manifest line, its texts.yml entry, its
    chapter and its _toc.yml line, and the classification of its sentences (which
    data/sentences.yml asks of every text). Nothing else changes: no code, no schema."""
    source = THIRD_TEXT / "test-fixture-third-text.txt"
    shutil.copy(source, book / "data" / "sources" / source.name)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    with open(book / "data" / "sources" / "SHA256SUMS", "a", encoding="utf-8") as manifest:
        manifest.write(f"{digest}  {source.name}\n")
    entry = _indented(THIRD_TEXT / "texts-entry.yml", "    ").replace("    id:", "  - id:", 1)
    with open(book / "data" / "texts.yml", "a", encoding="utf-8") as texts:
        texts.write(entry)
    with open(book / "data" / "sentences.yml", "a", encoding="utf-8") as inventory:
        inventory.write(_indented(THIRD_TEXT / "sentences.yml", ""))
    shutil.copy(THIRD_TEXT / "chapter.md", book / f"{THIRD_TEXT_CHAPTER}.md")
    toc = book / "_toc.yml"
    last_text = "      - file: chapters/ww-strategy-for-the-mass\n"
    text = toc.read_text(encoding="utf-8")
    assert text.count(last_text) == 1, "_toc.yml no longer lists the texts as the fixture expects"
    toc.write_text(text.replace(last_text, last_text + f"      - file: {THIRD_TEXT_CHAPTER}\n"), encoding="utf-8")


def edit_yaml(path: Path, change) -> None:
    """Rewrite a YAML data file after ``change`` has edited its parsed document in place."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


# A network namespace with only a loopback interface (the notebook kernels talk to Sphinx
# over loopback): a build run under this prefix has no network.
NO_NETWORK = ["unshare", "--net", "--", "sh", "-c", 'ip link set lo up && exec "$@"', "isolated"]


def no_network_unavailable() -> str | None:
    """Why NO_NETWORK cannot be used on this machine, or None if it can."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare (util-linux) or ip (iproute2) is not installed"
    probe = subprocess.run(NO_NETWORK + ["true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"this machine does not allow a new network namespace: {probe.stderr.strip()}"
    return None
