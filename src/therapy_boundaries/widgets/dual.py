"""Views for notebooks 04 and 05: the casebook, the decision aid, the codes compared, the survey chart."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from ..dual import (
    DIMENSIONS,
    INCOMPATIBILITY,
    STEPS,
    Case,
    CodeQuestion,
    DecisionRecord,
    Ratings,
    reading,
    survey_summary,
)
from .charts import figure_html, stacked_bars
from .kit import ExerciseBox, feedback_area, paragraph, say

WIDE = {"description_width": "initial"}


def case_html(case: Case) -> str:
    kinds = ", ".join(k.replace("_", " ") for k in case.kinds)
    return (f"<h3>{escape(case.title)}</h3><p><em>Kinds: {escape(kinds)} · {escape(case.timing)} · "
            f"{escape(case.avoidable)} · setting: {escape(case.setting.replace('_', ' '))}</em></p>"
            f"<p>{escape(case.facts)}</p>")


def discussion_html(case: Case) -> str:
    status = "A clear-cut case." if case.clear_cut else "A gray area: experts differ, and both sides are given."
    return (f"<p><strong>{status}</strong></p><p><strong>Relevant provisions:</strong> "
            f"{escape(case.code_sections)}</p><p><strong>What to weigh:</strong> {escape(case.considerations)}</p>"
            f"<p><strong>Expert discussion:</strong> {escape(case.expert_discussion)}</p>")


class CaseBookBox(ExerciseBox):
    """Read a case, think it through, then reveal the provisions and the expert discussion."""

    kind = "casebook"
    label = "Casebook"

    def __init__(self, cases: tuple[Case, ...]):
        self.cases = {case.id: case for case in cases}
        self.case = w.Dropdown(options=[(c.title, c.id) for c in cases], description="Case", style=WIDE)
        self.text = paragraph("")
        self.reveal = w.Button(description="Show the expert discussion")
        self.feedback = feedback_area()
        self.case.observe(lambda _: self.show(), names="value")
        self.reveal.on_click(self._on_reveal)
        super().__init__("casebook", [self.case, self.text, self.reveal, self.feedback])
        self.show()

    def show(self) -> None:
        self.text.value = case_html(self.cases[self.case.value])
        self.feedback.value = ""

    def _on_reveal(self, _button=None) -> None:
        self.feedback.value = discussion_html(self.cases[self.case.value])


class DecisionAidBox(ExerciseBox):
    """Walk one case through the model step by step, recording a rating and a rationale at each step."""

    kind = "decision"
    label = "Decision aid"

    def __init__(self, cases: tuple[Case, ...], notebook: str | None = None):
        self.cases = {case.id: case for case in cases}
        self.record = DecisionRecord()
        self.step = 0
        self.case = w.Dropdown(options=[(c.title, c.id) for c in cases], description="Case", style=WIDE)
        self.case_text = paragraph("")
        self.heading = w.HTML()
        self.ratings = {
            which: {dim: w.Dropdown(options=[("Choose…", None), *[(label, i) for i, label in enumerate(levels)]],
                                    index=0, description=f"{dim.capitalize()} ({which})", style={
                                        "description_width": "13em"}, layout=w.Layout(width="46em"))
                    for dim, levels in DIMENSIONS.items()}
            for which in ("current", "contemplated")
        }
        self.signs = [w.Checkbox(value=False, description=text, indent=False, layout=w.Layout(width="auto"))
                      for text in INCOMPATIBILITY]
        self.rationale = w.Textarea(description="Your rationale", placeholder="Your reasons for this step…",
                                    style=WIDE, layout=w.Layout(width="100%", height="5em"))
        self.step_controls = w.VBox()
        self.back = w.Button(description="Previous step")
        self.forward = w.Button(description="Next step")
        self.feedback = feedback_area()
        self.case.observe(lambda _: self.restart(), names="value")
        self.back.on_click(lambda _: self.go(self.step - 1))
        self.forward.on_click(lambda _: self.go(self.step + 1))
        note = paragraph("A teaching aid, not a clinical or legal decision tool: a simplified version of a "
                         "published model, so you can see the reasoning and compare it with the experts.")
        super().__init__("decision_aid", [note, self.case, self.case_text, self.heading, self.step_controls,
                                          self.rationale, w.HBox([self.back, self.forward]), self.feedback], notebook)
        self.restart()

    def restart(self) -> None:
        self.record = DecisionRecord()
        for group in self.ratings.values():
            for control in group.values():
                control.index = 0  # "Choose…" (value=None would blank the box)
        for sign in self.signs:
            sign.value = False
        restored = self._restore(self.earlier(f"decision/{self.case.value}"))
        self.case_text.value = case_html(self.cases[self.case.value])
        self.step = 0
        self.rationale.value = ""
        self.show()
        if restored:
            self.feedback.value = self.RESTORED

    def _save(self) -> None:
        if self.step >= len(STEPS):
            return
        current = STEPS[self.step]
        self.record.rationale[current.id] = self.rationale.value
        if current.id in ("current", "contemplated"):
            values = {dim: c.value for dim, c in self.ratings[current.id].items()}
            rated = Ratings(**values) if None not in values.values() else None
            setattr(self.record, current.id, rated)
        if current.id == "incompatibility":
            self.record.incompatible = tuple(s.value for s in self.signs)

    def go(self, step: int) -> None:
        self._save()
        self.step = max(0, min(step, len(STEPS)))
        self.show()

    def show(self) -> None:
        self.back.disabled = self.step == 0
        self.forward.disabled = self.step == len(STEPS)
        if self.step == len(STEPS):
            self.heading.value = "<h3>Summary</h3>"
            self.step_controls.children, self.rationale.layout.display = (), "none"
            self.feedback.value = self.summary_html() + self._keep_ratings()
            return
        current = STEPS[self.step]
        self.heading.value = (f"<h3>{escape(current.title)}</h3><p>{escape(current.question)} "
                              f"<em>(after {escape(current.source)})</em></p>")
        controls = (list(self.ratings[current.id].values()) if current.id in self.ratings
                    else self.signs if current.id == "incompatibility" else [])
        self.step_controls.children = tuple(controls)
        self.rationale.layout.display = None
        self.rationale.value = self.record.rationale.get(current.id, "")
        self.feedback.value = ""

    # The ratings are kept (they are choices); the rationales are free text and stay in the page only.
    def _keep_ratings(self) -> str:
        record = self.record
        if record.current is None or record.contemplated is None:
            return ""
        answer = [f"{which}:{r.power},{r.duration},{r.termination}"
                  for which, r in (("current", record.current), ("contemplated", record.contemplated))]
        answer.append("signs:" + ",".join(str(int(v)) for v in record.incompatible))
        return self.remember((f"decision/{self.case.value}", answer, None))

    def _restore(self, saved) -> bool:
        if not isinstance(saved, list) or len(saved) != 3:
            return False
        try:
            for entry in saved[:2]:
                which, levels = entry.split(":")
                for control, level in zip(self.ratings[which].values(), levels.split(",")):
                    control.value = int(level)
            for sign, flag in zip(self.signs, saved[2].split(":")[1].split(",")):
                sign.value = flag == "1"
        except (KeyError, ValueError, TypeError):
            return False  # an unreadable earlier answer is simply not restored
        return True

    def summary_html(self) -> str:
        record, case = self.record, self.cases[self.case.value]
        rows = "".join(f"<li><strong>{escape(s.title)}</strong>: {escape(self._rating_text(s.id))}"
                       f"{escape(record.rationale.get(s.id, '').strip() or '(no rationale written)')}</li>"
                       for s in STEPS)
        missing = record.missing()
        gaps = (f"<p>Not yet complete: {escape(', '.join(missing))}. Go back to fill them in.</p>"
                if missing else "<p>Every step has a rating and a rationale.</p>")
        return (f"<p><strong>Your decision path</strong></p><ul>{rows}</ul>{gaps}"
                f"<p><strong>The model's reading:</strong> {escape(reading(record))}</p>"
                f"<p><strong>Compare with the experts</strong></p>{discussion_html(case)}")

    def _rating_text(self, step_id: str) -> str:
        if step_id in ("current", "contemplated"):
            rated = getattr(self.record, step_id)
            return f"{rated.describe()}. " if rated else "not rated. "
        if step_id == "incompatibility":
            held = [t for t, v in zip(INCOMPATIBILITY, self.record.incompatible) if v]
            return f"{'; '.join(held) if held else 'none of the warning signs'}. "
        return ""


class CodeQuestionBox(ExerciseBox):
    """Tick the codes that answer a question; the key is read off the code table."""

    kind = "codes"
    label = "Compare the codes"

    def __init__(self, question: CodeQuestion, codes: pd.DataFrame, notebook: str | None = None):
        self.question, self.codes = question, codes
        names = sorted(question.rows(codes)["code"])
        self.choices = {name: w.Checkbox(value=False, description=name, indent=False) for name in names}
        self.check = w.Button(description="Check answer")
        self.feedback = feedback_area()
        self.check.on_click(self._on_check)
        super().__init__(question.id, [paragraph(question.prompt), w.HTML("<p>Tick every code that fits:</p>"),
                                       *self.choices.values(), self.check, self.feedback], notebook)
        saved = self.earlier(question.id)
        if isinstance(saved, list) and saved:
            for name in saved:
                if name in self.choices:
                    self.choices[name].value = True
            self.feedback.value = self.RESTORED

    def chosen(self) -> set[str]:
        return {name for name, box in self.choices.items() if box.value}

    def _on_check(self, _button=None) -> None:
        result = self.question.evaluate(self.codes, self.chosen())
        self.answer_with(say(result), (self.question.id, sorted(self.chosen()), result))


class FigureBox(ExerciseBox):
    """A chart with its text alternative, for data that does not change while the notebook runs."""

    kind = "figure"
    label = "Chart"

    def __init__(self, name: str, html: str):
        super().__init__(name, [w.HTML(html, layout=w.Layout(width="100%"))])


def survey_figure(surveys: pd.DataFrame) -> FigureBox:
    table = surveys.set_index("study")[["percent_ethical"]].rename(
        columns={"percent_ethical": "judged it ethical at least sometimes (%)"})
    svg = stacked_bars(table, "% who judged friendship with a former client ethical at least sometimes")
    return FigureBox("post_termination_surveys", figure_html(svg, survey_summary(surveys)))
