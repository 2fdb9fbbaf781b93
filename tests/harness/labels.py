"""The drawn extents of a figure's labels, for the tests that no two overlap."""
from __future__ import annotations

from matplotlib.text import Text
from matplotlib.transforms import Bbox


def boxes(fig, gid: str) -> list[Bbox]:
    """Window extents of the texts the drawing tagged with ``gid`` (an annotation's text
    alone, without its leader line)."""
    renderer = fig.canvas.get_renderer()
    found = []
    for artist in fig.findobj(lambda a: a.get_gid() == gid):
        artist.update_positions(renderer)
        found.append(Text.get_window_extent(artist, renderer))
    return found
