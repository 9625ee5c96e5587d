"""The instructor's live view of the class: re-read the folder of hand-ins with one button."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import classroom
from .charts import figure_html, stacked_bars
from .kit import ExerciseBox, feedback_area


def table_html(frame) -> str:
    return frame.to_html(escape=True, border=0, index=False, na_rep="")


class ClassResultsBox(ExerciseBox):
    """Point at a folder of exported files; Refresh re-reads it (live during class on a shared hub)."""

    kind = "class-results"
    label = "Class results"

    def __init__(self, folder: Path):
        self.folder = w.Text(value=str(folder), description="Folder of exported files",
                             style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.refresh = w.Button(description="Refresh")
        self.feedback = feedback_area()
        self.results: classroom.ClassAnswers | None = None
        self.refresh.on_click(self._on_refresh)
        super().__init__("class_results", [self.folder, self.refresh, self.feedback])
        self._on_refresh()

    def _on_refresh(self, _button=None) -> None:
        folder = Path(self.folder.value).expanduser()
        if not folder.is_dir():
            self.feedback.value = f"<p>{escape(str(folder))} is not a folder. Check the path and refresh.</p>"
            return
        self.results = results = classroom.read_exports(folder)
        skipped = (f"<p><strong>{len(results.skipped)} file(s) skipped</strong> (nothing in them was used):</p>"
                   + table_html(results.skipped)) if len(results.skipped) else "<p>No file was skipped.</p>"
        if results.answers.empty:
            self.feedback.value = f"<p>No answers yet in {escape(str(folder))}.</p>{skipped}"
            return
        topics = classroom.accuracy_by_topic(results.answers)
        chart_data = topics.set_index("topic")[["matched %"]].fillna(0)
        words = "; ".join(f"{r['topic']}: only gray-area answers" if pd.isna(r["matched %"]) else
                          f"{r['topic']}: {r['matched %']:g}% of answers matched the explanations"
                          for _, r in topics.iterrows())
        self.feedback.value = (
            f"<p><strong>{results.students} student(s)</strong>, {len(results.answers)} answer(s) from "
            f"{escape(str(folder))}.</p>{skipped}"
            f"<h3>Accuracy by topic</h3>{table_html(topics)}"
            f"{figure_html(stacked_bars(chart_data, '% of answers that matched the explanations'), words + '.')}"
            f"<h3>Most divided items (discussion starters)</h3>{table_html(classroom.most_divided(results.answers))}"
            f"<h3>Every exercise</h3>{table_html(classroom.by_exercise(results.answers))}")
