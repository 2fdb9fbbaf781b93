"""Display helpers for notebook chapters: outputs that read well in HTML and in the PDF."""
import io

import pandas as pd
from IPython.display import Image, Markdown

from edition import i18n, render


def table(frame) -> Markdown:
    """A DataFrame as a Markdown table, which MyST-NB renders in HTML and LaTeX alike.
    Text cells and headers are data strings, so they are shown as text (edition.render)."""
    shown = frame.rename(columns=lambda name: render.myst(name))
    numeric = [pd.api.types.is_numeric_dtype(shown[column]) for column in shown.columns]
    text_columns = [i for i, is_number in enumerate(numeric) if not is_number]
    for i in text_columns:  # text, of whichever string dtype
        shown.iloc[:, i] = shown.iloc[:, i].map(render.table_cell)
    if i18n.language() != i18n.ORIGINAL:  # numbers as the language writes them (12,5), right-aligned still
        for i in (i for i, is_number in enumerate(numeric) if is_number):
            shown.isetitem(i, shown.iloc[:, i].map(lambda v: "" if pd.isna(v) else i18n.number(v, None)))
        return Markdown(shown.to_markdown(index=False, disable_numparse=True,
                                          colalign=["right" if is_number else "left" for is_number in numeric]))
    # a text cell of digits ("007") stays as written: only number columns are read as numbers
    return Markdown(shown.to_markdown(index=False, disable_numparse=text_columns))


def figure(fig, dpi: int = 150) -> Image:
    """A matplotlib figure as a PNG image output: shown the same way whatever the
    notebook's plotting backend, and usable by the PDF build as well as the web."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return Image(palette_png(buffer.getvalue()), width=720)


def palette_png(png: bytes) -> bytes:
    """A PNG of an opaque chart or map with its colours cut to a palette of 256, undithered:
    the same to the eye, a third of the bytes, which a phone on a slow network waits for
    (Lighthouse, mobile). A figure with transparency is left as it is."""
    from PIL import Image as Picture

    picture = Picture.open(io.BytesIO(png))
    if picture.mode == "RGBA" and picture.getextrema()[3][0] < 255:
        return png
    palette = picture.convert("RGB").quantize(colors=256, method=Picture.Quantize.MEDIANCUT,
                                              dither=Picture.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()
