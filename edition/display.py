"""Display helpers for notebook chapters: outputs that read well in HTML and in the PDF."""
from IPython.display import Markdown


def table(frame) -> Markdown:
    """A DataFrame as a Markdown table, which MyST-NB renders in HTML and LaTeX alike."""
    return Markdown(frame.to_markdown(index=False))
