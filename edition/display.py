"""Display helpers for notebook chapters: outputs that read well in HTML and in the PDF."""
import io

from IPython.display import Image, Markdown


def table(frame) -> Markdown:
    """A DataFrame as a Markdown table, which MyST-NB renders in HTML and LaTeX alike."""
    return Markdown(frame.to_markdown(index=False))


def figure(fig, dpi: int = 150) -> Image:
    """A matplotlib figure as a PNG image output: shown the same way whatever the
    notebook's plotting backend, and usable by the PDF build as well as the web."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return Image(buffer.getvalue(), width=720)
