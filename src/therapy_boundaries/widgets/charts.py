"""Small bar charts drawn as SVG, with their words as the accessible name and printed below.

SVG keeps charts crisp, follows the JupyterLab theme (colours are CSS variables with fallbacks),
and costs nothing to import: no plotting library is needed for a few bars.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from .kit import ExerciseBox, feedback_area

# Each series has its own colour and pattern, so the bars differ without colour too.
SERIES = (
    ("var(--jp-success-color1, #2e7d32)", None),
    ("var(--jp-warn-color1, #ef6c00)", "tb-hatch"),
    ("var(--jp-error-color1, #c62828)", "tb-dots"),
)
PATTERNS = """<defs>
<pattern id="tb-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="6" height="6" style="fill: var(--jp-warn-color1, #ef6c00)"/><rect width="2" height="6" fill="white" opacity="0.6"/>
</pattern>
<pattern id="tb-dots" width="6" height="6" patternUnits="userSpaceOnUse">
<rect width="6" height="6" style="fill: var(--jp-error-color1, #c62828)"/><circle cx="3" cy="3" r="1.2" fill="white" opacity="0.7"/>
</pattern></defs>"""
LABEL_W, BAR_W, ROW_H = 230, 340, 26


def stacked_bars(table: pd.DataFrame, xlabel: str) -> str:
    """One horizontal bar per row of `table`, its columns stacked left to right, as an SVG string."""
    biggest = max(float(table.sum(axis=1).max()), 1.0)
    scale = BAR_W / biggest
    rows = []
    for n, (label, values) in enumerate(table.iterrows()):
        y, x = 10 + n * ROW_H, LABEL_W
        rows.append(f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(str(label)[:34])}</text>')
        for (column, value), (colour, pattern) in zip(values.items(), SERIES):
            width = float(value) * scale
            fill = f"url(#{pattern})" if pattern else colour
            rows.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{ROW_H - 8}" style="fill: {fill}">'
                        f"<title>{escape(str(column))}: {value:g}</title></rect>")
            x += width
        rows.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{values.sum():g}</text>')
    legend_y = 10 + len(table) * ROW_H + 14
    legend = "".join(
        f'<rect x="{LABEL_W + 130 * i}" y="{legend_y - 10}" width="12" height="12" '
        f'style="fill: {f"url(#{p})" if p else c}"/><text x="{LABEL_W + 130 * i + 16}" y="{legend_y}">'
        f"{escape(str(col))}</text>" for i, (col, (c, p)) in enumerate(zip(table.columns, SERIES))
    ) if len(table.columns) > 1 else ""
    height = legend_y + 22
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL_W + BAR_W + 50}" height="{height}" '
            f'font-size="12" style="fill: var(--jp-ui-font-color1, #212121)" aria-hidden="true">{PATTERNS}'
            f'{"".join(rows)}{legend}<text x="10" y="{height - 4}">{escape(xlabel)}</text></svg>')


def figure_html(svg: str, words: str) -> str:
    """The chart, named by its words for screen readers, and the same words visibly below it."""
    return (f'<figure role="img" aria-label="{escape(words)}" style="margin: 0.5em 0;">{svg}</figure>'
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
