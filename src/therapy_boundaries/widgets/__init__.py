"""Thin ipywidgets views over the exercises: they render, forward clicks, and say the result in words.

Conventions every view keeps (the browser tests rely on them):
- the view is a VBox with CSS classes `tb-exercise` and its kind (`tb-choice`, `tb-sort`,
  `tb-reflection`, `tb-glossary`, ...); its feedback is an `HTML` widget with class `tb-feedback`;
- every control has a visible label and is a native, keyboard-usable element;
- every string that comes from data or from the student is HTML-escaped before display;
- colour only repeats what the words say, through JupyterLab CSS variables (dark theme safe).

Notebooks call the one-line functions below; each loads its validated data and returns a view.
"""

from __future__ import annotations

from .. import data
from ..exercises import GlossaryEntry, Question, SortingTask
from .core import ChoiceQuestionBox, GlossaryBox, ReflectionBox, SavedAnswersBox, SortingBox
from .kit import ExerciseBox, say
from .scenarios import DetailExplorer, DomainSummaryBox, ScenarioDeck

__all__ = ["ChoiceQuestionBox", "DetailExplorer", "DomainSummaryBox", "ExerciseBox", "GlossaryBox", "ReflectionBox",
           "SavedAnswersBox", "ScenarioDeck", "SortingBox", "answers_by_domain", "detail_explorer", "glossary",
           "question", "reflection", "saved_answers", "say", "scenario_deck", "sorting_exercise"]


def question(question_id: str) -> ChoiceQuestionBox:
    return ChoiceQuestionBox(Question.from_tables(question_id, data.load("questions"), data.load("options")))


def sorting_exercise() -> SortingBox:
    return SortingBox(SortingTask.from_table(data.load("statements")))


def reflection(notebook: str, name: str, prompt: str) -> ReflectionBox:
    return ReflectionBox(notebook, name, prompt)


def glossary() -> GlossaryBox:
    table = data.load("glossary")
    return GlossaryBox(tuple(GlossaryEntry(r.term, r.definition, r.notebook) for r in table.itertuples()))


def saved_answers() -> SavedAnswersBox:
    return SavedAnswersBox()


def scenario_deck(ids: list[str] | None = None) -> ScenarioDeck:
    """The scenario bank (or the scenarios `ids`, in that order) as a classify-and-check deck."""
    from ..boundaries import scenarios_from_table

    bank = {s.id: s for s in scenarios_from_table(data.load("scenarios"))}
    missing = [i for i in ids or [] if i not in bank]
    if missing:
        raise KeyError(f"No scenario with id {missing} in scenarios.csv")
    return ScenarioDeck(tuple(bank[i] for i in ids) if ids else tuple(bank.values()))


def detail_explorer() -> DetailExplorer:
    from ..boundaries import DetailRules

    return DetailExplorer(DetailRules.from_table(data.load("detail_rules")), data.load("detail_bases"))


def answers_by_domain(deck: ScenarioDeck) -> DomainSummaryBox:
    return DomainSummaryBox(deck)
