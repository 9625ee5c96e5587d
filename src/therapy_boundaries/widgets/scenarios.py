"""Views for notebook 02: classify scenarios one at a time, change one detail, sum up by domain."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from ..boundaries import FACTOR_LABELS, Classification, DetailRules, Scenario, answers_by_domain
from ..exercises import Result
from .charts import DeckSummaryBox
from .kit import Deck, ExerciseBox, feedback_area, paragraph, send_now


class ScenarioDeck(Deck):
    """One scenario at a time: classify it, check, move on; remembers every result."""

    kind = "classify"
    label = "Scenario deck"
    noun = "scenario"

    def __init__(self, scenarios: tuple[Scenario, ...], name: str = "classify", notebook: str | None = None):
        self.answer = w.RadioButtons(options=[(c.label, c.value) for c in Classification], value=None,
                                     description="Your classification", style={"description_width": "initial"})
        super().__init__(scenarios, name, [self.answer], notebook)

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        return self.items

    def render(self, scenario: Scenario) -> tuple[str, str]:
        return (f"<h3>{self.counter(scenario.title)}</h3><p>Domain: {escape(scenario.domain.label)} · "
                f"setting: {escape(scenario.setting.replace('_', ' '))}</p>", f"<p>{escape(scenario.text)}</p>")

    def read_answer(self):
        return self.answer.value

    def show_answer(self, answer) -> None:
        self.answer.value = answer

    def evaluate(self, scenario: Scenario, answer) -> Result:
        return scenario.classify(answer)


class DetailExplorer(ExerciseBox):
    """Pick a base situation, change one factor at a time, and see which change moved the reading."""

    kind = "detail"
    label = "Change one detail"

    def __init__(self, rules: DetailRules, bases: pd.DataFrame):
        self.rules, self.bases = rules, bases.set_index("id")
        self.base = w.Dropdown(options=[(r.title, r.Index) for r in self.bases.itertuples()],
                               description="Base situation", style={"description_width": "initial"})
        self.text = paragraph("")
        self.factors = {
            factor: w.Dropdown(options=[(r.label, r.value) for r in rules.values(factor)],
                               description=FACTOR_LABELS.get(factor, factor), style={"description_width": "11em"},
                               layout=w.Layout(width="36em"))
            for factor in rules.factors
        }
        self.reset = w.Button(description="Back to the base situation")
        self.feedback = feedback_area()
        self.rules_used = feedback_area()
        self._situation: dict[str, str] = {}
        self.base.observe(lambda _: self.load_base(), names="value")
        for control in self.factors.values():
            control.observe(self._on_change, names="value")
        self.reset.on_click(lambda _: self.load_base())
        note = paragraph("A teaching aid, not a clinical decision tool: it adds the published risk factors "
                         "listed below so you can see and argue with them.")
        super().__init__("detail_explorer", [note, self.base, self.text, *self.factors.values(), self.reset,
                                             self.feedback, self.rules_used])
        self.load_base()

    def situation(self) -> dict[str, str]:
        return {factor: control.value for factor, control in self.factors.items()}

    def load_base(self) -> None:
        row = self.bases.loc[self.base.value]
        self.text.value = f"<p>{escape(row['text'])}</p>"
        self._situation = {factor: row[factor] for factor in self.factors}
        for factor, control in self.factors.items():
            with control.hold_trait_notifications():
                control.value = row[factor]
        assessment = self.rules.assess(self._situation)
        self.feedback.value = (f"<p><strong>As described, this reads as {escape(assessment.band)}</strong> "
                               f"(risk score {assessment.total}). Change one detail to see what moves it.</p>")
        self._show_rules(assessment)

    def _on_change(self, _change=None) -> None:
        after = self.situation()
        if after == self._situation:
            return
        change = self.rules.compare(self._situation, after)
        self._situation = after
        self.feedback.value = f"<p>{escape(change.explain())}</p>"
        send_now()
        self._show_rules(change.after)

    def _show_rules(self, assessment) -> None:
        items = "".join(f"<li>{escape(FACTOR_LABELS.get(r.factor, r.factor))}: {escape(r.label)} "
                        f"({r.weight:+d}) — {escape(r.reason)} [{escape('; '.join(r.source_ids))}]</li>"
                        for r in assessment.rules)
        self.rules_used.value = (f"<details><summary>The rules behind this reading (total {assessment.total})"
                                 f"</summary><ul>{items}</ul></details>")


class DomainSummaryBox(DeckSummaryBox):
    """How the student's answers so far compare with the explanations, by boundary domain."""

    kind = "summary"
    label = "Your answers by domain"
    axis = "scenarios answered"
    empty = "<p>No answers yet: classify a few scenarios above, then summarise again.</p>"

    def __init__(self, deck: ScenarioDeck):
        super().__init__(deck, "by_domain")

    def table(self):
        return answers_by_domain(self.deck.results, self.deck.scenarios)
