"""Small charts as images with a text alternative, inside HTML widgets (no Output widget needed).

matplotlib is imported only when a chart is drawn, so importing the course stays cheap.
"""

from __future__ import annotations

import base64
import io
from html import escape

import ipywidgets as w
import pandas as pd

from .kit import ExerciseBox, feedback_area

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


def counts_in_words(table: pd.DataFrame) -> str:
    """A summary table (answered, agreed, experts differ, did not agree) as a sentence."""
    def row(label, r) -> str:
        out_of = f" of {r['items']}" if "items" in r else ""
        return (f"{label}: {r['answered']}{out_of} answered, {r['agreed']} agreed, {r['experts differ']} where "
                f"experts differ, {r['did not agree']} did not agree")

    return "; ".join(row(label, r) for label, r in table.iterrows()) + "."


class DeckSummaryBox(ExerciseBox):
    """A button that sums up a deck's answers so far: a table, a chart, the chart in words."""

    button = "Summarise my answers"
    axis = "items answered"
    empty = "<p>No answers yet: answer a few items above, then summarise again.</p>"

    def __init__(self, deck, name: str):
        self.deck = deck
        self.refresh = w.Button(description=self.button)
        self.feedback = feedback_area()
        self.summary: pd.DataFrame | None = None
        self.refresh.on_click(self._on_refresh)
        super().__init__(name, [self.refresh, self.feedback])

    def table(self) -> pd.DataFrame:
        raise NotImplementedError

    def after(self, table: pd.DataFrame) -> str:
        """Anything to show below the chart."""
        return ""

    def _on_refresh(self, _button=None) -> None:
        self.summary = table = self.table()
        if table.empty or table["answered"].sum() == 0:
            self.feedback.value = self.empty
            return
        chart = stacked_bars(table[["agreed", "experts differ", "did not agree"]], self.axis)
        self.feedback.value = (table.to_html(escape=True, border=0) + figure_html(chart, counts_in_words(table))
                               + self.after(table))
