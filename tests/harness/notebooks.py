"""Running the notebook chapters outside the book build, as a student would."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT = 120


def run(notebook: Path, cwd: Path) -> nbformat.NotebookNode:
    """Execute ``notebook`` top to bottom in a fresh kernel whose working directory is ``cwd``."""
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def executed_in_build(build_dir: Path, notebook: Path) -> nbformat.NotebookNode:
    """The notebook as the build executed it, from the build's execution cache (jupyter-cache):
    with its outputs whether this build ran it or found it there. (The copies under
    jupyter_execute/ have no outputs when the build found the notebook in the cache.)"""
    from jupyter_cache import get_cache

    cache = get_cache(str(build_dir / ".jupyter_cache"))
    record = cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
    return cache.get_cache_bundle(record.pk).nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What went wrong in an executed notebook: errors and anything written to stderr."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.output_type == "error":
                found.append(f"cell {index}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                found.append(f"cell {index} wrote to stderr: {output.text[:300]}")
    return found


def has_chart(nb: nbformat.NotebookNode) -> bool:
    return any("image/png" in output.get("data", {})
               for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)
