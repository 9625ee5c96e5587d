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

from pathlib import Path

from .. import data
from ..progress import AnswerStore
from ..exercises import GlossaryEntry, Question, SortingTask
from .classroom import ClassResultsBox
from .core import ChoiceQuestionBox, ExportBox, GlossaryBox, ReflectionBox, SavedAnswersBox, SortingBox
from .dual import CaseBookBox, CodeQuestionBox, DecisionAidBox, FigureBox
from .kit import ExerciseBox, say
from .review import ReviewDeck, ReviewSummaryBox
from .scenarios import DetailExplorer, DomainSummaryBox, ScenarioDeck
from .vignettes import TwoSidesBox, VignetteDeck

__all__ = ["ReviewDeck", "ReviewSummaryBox", "review_deck", "review_summary", "ClassResultsBox", "class_results", "CaseBookBox", "ChoiceQuestionBox", "CodeQuestionBox", "DecisionAidBox", "DetailExplorer",
           "DomainSummaryBox", "ExerciseBox", "ExportBox", "FigureBox", "GlossaryBox", "ReflectionBox",
           "SavedAnswersBox", "ScenarioDeck", "SortingBox", "TwoSidesBox", "VignetteDeck",
           "answers_by_domain", "casebook", "code_question", "codes_table", "decision_aid",
           "detail_explorer", "export_answers", "glossary", "question", "reflection", "saved_answers", "say",
           "scenario_deck", "sorting_exercise", "survey_chart", "two_sides", "vignette_deck"]


def question(question_id: str) -> ChoiceQuestionBox:
    questions = data.load("questions")
    notebook = questions.loc[questions["id"] == question_id, "notebook"]
    return ChoiceQuestionBox(Question.from_tables(question_id, questions, data.load("options")),
                             notebook.iloc[0] if len(notebook) else None)


def sorting_exercise() -> SortingBox:
    return SortingBox(SortingTask.from_table(data.load("statements")), notebook="01")


def reflection(notebook: str, name: str, prompt: str) -> ReflectionBox:
    return ReflectionBox(notebook, name, prompt)


def glossary() -> GlossaryBox:
    table = data.load("glossary")
    return GlossaryBox(tuple(GlossaryEntry(r.term, r.definition, r.notebook) for r in table.itertuples()))


def saved_answers() -> SavedAnswersBox:
    return SavedAnswersBox()


def pick(items: tuple, ids: list[str] | None, source: str) -> tuple:
    """The items named by `ids`, in that order; all of them when `ids` is None."""
    if ids is None:
        return items
    bank = {item.id: item for item in items}
    missing = [i for i in ids if i not in bank]
    if missing:
        raise KeyError(f"No item with id {missing} in {source}")
    return tuple(bank[i] for i in ids)


def scenario_deck(ids: list[str] | None = None) -> ScenarioDeck:
    """The scenario bank (or the scenarios `ids`, in that order) as a classify-and-check deck."""
    from ..boundaries import scenarios_from_table

    return ScenarioDeck(pick(scenarios_from_table(data.load("scenarios")), ids, "scenarios.csv"), notebook="02")


def detail_explorer() -> DetailExplorer:
    from ..boundaries import DetailRules

    return DetailExplorer(DetailRules.from_table(data.load("detail_rules")), data.load("detail_bases"))


def answers_by_domain(deck: ScenarioDeck) -> DomainSummaryBox:
    return DomainSummaryBox(deck)


def _vignettes():
    from ..transference import vignettes_from_table

    return vignettes_from_table(data.load("vignettes"))


def vignette_deck(ids: list[str] | None = None) -> VignetteDeck:
    """The vignette bank (or the vignettes `ids`, in that order) as a name-it deck."""
    return VignetteDeck(pick(_vignettes(), ids, "vignettes.csv"), notebook="03")


def two_sides(moment_id: str) -> TwoSidesBox:
    from ..transference import moments_from_tables

    moments = moments_from_tables(data.load("moments"), _vignettes())
    if moment_id not in moments:
        raise KeyError(f"No moment {moment_id!r} in moments.csv; the moments are: {', '.join(moments)}")
    return TwoSidesBox(moments[moment_id], notebook="03")


def _cases(ids: list[str] | None = None):
    from ..dual import cases_from_table

    return pick(cases_from_table(data.load("cases")), ids, "cases.csv")


def casebook(ids: list[str] | None = None) -> CaseBookBox:
    return CaseBookBox(_cases(ids))


def decision_aid(ids: list[str] | None = None) -> DecisionAidBox:
    return DecisionAidBox(_cases(ids), notebook="04")


def code_question(question_id: str) -> CodeQuestionBox:
    from ..dual import code_questions_from_table

    (question,) = pick(code_questions_from_table(data.load("code_questions")), [question_id], "code_questions.csv")
    return CodeQuestionBox(question, data.load("codes"), notebook="04")


def codes_table(topic: str):
    """What the codes say on one topic, side by side (a DataFrame)."""
    from ..dual import compare_codes

    return compare_codes(data.load("codes"), topic)


def survey_chart() -> FigureBox:
    from .dual import survey_figure

    return survey_figure(data.load("surveys").sort_values("year"))


def export_answers(folder: str = ".") -> ExportBox:
    """The hand-in button; the file goes to `folder` (the notebook's own folder by default)."""
    return ExportBox(Path(folder))


def class_results(folder: str) -> ClassResultsBox:
    """The class's answers from a folder of exported files, with a Refresh button."""
    return ClassResultsBox(Path(folder))


def review_deck(per_topic: int = 2) -> ReviewDeck:
    """A mixed review: `per_topic` items from each of notebooks 01–05, in this student's own order."""
    from ..boundaries import scenarios_from_table
    from ..exercises import SortingTask
    from ..dual import cases_from_table
    from ..review import draw, from_case, from_question, from_scenario, from_statement, seed_for

    questions, options = data.load("questions"), data.load("options")
    bank: dict[str, list] = {}
    for qid, notebook in zip(questions["id"], questions["notebook"]):
        if notebook in ("01", "02", "03", "04", "05"):
            bank.setdefault(notebook, []).append(from_question(Question.from_tables(qid, questions, options), notebook))
    bank["01"] += [from_statement(s) for s in SortingTask.from_table(data.load("statements")).statements]
    bank.setdefault("02", []).extend(from_scenario(s) for s in scenarios_from_table(data.load("scenarios")))
    bank.setdefault("04", []).extend(from_case(c) for c in cases_from_table(data.load("cases")))
    return ReviewDeck(draw(bank, per_topic, seed_for(AnswerStore().pseudonym())), notebook="06")


def review_summary(deck: ReviewDeck) -> ReviewSummaryBox:
    return ReviewSummaryBox(deck)
