"""Small charts as images with a text alternative, inside HTML widgets (no Output widget needed).

matplotlib is imported only when a chart is drawn, so importing the course stays cheap.
"""

from __future__ import annotations

import base64
import io
from html import escape

import pandas as pd

# Colour-blind-safe fills, each with its own hatch so the series differ without colour too.
FILLS = (("#2e7d32", ""), ("#ef6c00", "//"), ("#c62828", ".."), ("#1565c0", "xx"))


def stacked_bars(table: pd.DataFrame, xlabel: str) -> bytes:
    """One horizontal bar per row of `table`, its columns stacked left to right; PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 0.45 * len(table) + 1.3), dpi=96)
    axes = figure.add_subplot()
    left = pd.Series(0.0, index=table.index)
    for (column, (colour, hatch)) in zip(table.columns, FILLS):
        axes.barh([str(i) for i in table.index], table[column], left=left, label=str(column),
                  color=colour, hatch=hatch, edgecolor="white")
        left += table[column]
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    if len(table.columns) > 1:
        axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def figure_html(png: bytes, words: str) -> str:
    """The chart, its words as alt text, and the same words visibly below it."""
    data = base64.b64encode(png).decode()
    return (f'<img src="data:image/png;base64,{data}" alt="{escape(words)}" style="max-width:100%">'
            f"<p><strong>In words:</strong> {escape(words)}</p>")
