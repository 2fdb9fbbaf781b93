"""Display helpers for notebook chapters: outputs that read well in HTML and in the PDF."""
import io

import pandas as pd
from IPython.display import Image, Markdown

from edition import render


def table(frame) -> Markdown:
    """A DataFrame as a Markdown table, which MyST-NB renders in HTML and LaTeX alike.
    Text cells and headers are data strings, so they are shown as text (edition.render)."""
    shown = frame.rename(columns=lambda name: render.myst(name))
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):  # text, of whichever string dtype
            shown[column] = shown[column].map(render.table_cell)
    return Markdown(shown.to_markdown(index=False))


def figure(fig, dpi: int = 150) -> Image:
    """A matplotlib figure as a PNG image output: shown the same way whatever the
    notebook's plotting backend, and usable by the PDF build as well as the web."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return Image(buffer.getvalue(), width=720)
