"""Notebooks 04 and 05: the decision aid's logic, the code-table questions, and their views."""

from __future__ import annotations

import pandas as pd
import pytest

from therapy_boundaries import data, widgets
from therapy_boundaries.dual import (
    STEPS,
    Case,
    CodeQuestion,
    DecisionRecord,
    Ratings,
    cases_from_table,
    check_ratings,
    compare_codes,
    reading,
)

CASE = Case("gym", "At the gym", "rural", ("communal", "social"), "concurrent", "unavoidable",
            "They share the only gym in town.", "APA 2017 3.05(a)", "Power; privacy.", "Experts would talk.", False)

CODES = pd.DataFrame([
    {"id": "apa", "code": "APA", "edition": "2017", "topic": "former_clients_romantic", "section": "10.08",
     "provision": "Two years.", "waiting_period_years": 2, "burden": "The psychologist.", "source_ids": "apa2017"},
    {"id": "aca", "code": "ACA", "edition": "2014", "topic": "former_clients_romantic", "section": "A.5.c",
     "provision": "Five years.", "waiting_period_years": 5, "burden": None, "source_ids": "aca2014"},
    {"id": "nasw", "code": "NASW", "edition": "2021", "topic": "former_clients_romantic", "section": "1.09(c)",
     "provision": "No fixed period.", "waiting_period_years": pd.NA, "burden": "The social worker.",
     "source_ids": "nasw2021"},
    {"id": "apa_gifts", "code": "APA", "edition": "2017", "topic": "gifts", "section": "no dedicated standard",
     "provision": "None.", "waiting_period_years": pd.NA, "burden": None, "source_ids": "apa2017"},
]).astype({"waiting_period_years": "Int64"})
WAIT = CodeQuestion("wait", "Which codes set a fixed waiting period?", "former_clients_romantic",
                    "fixed_waiting_period", "Codes differ.")


def test_code_question_answer_comes_from_the_table():
    assert WAIT.answer(CODES) == {"APA", "ACA"}
    none_fixed = CodeQuestion("none", "p", "former_clients_romantic", "no_fixed_waiting_period", "e")
    assert none_fixed.answer(CODES) == {"NASW"}
    assert CodeQuestion("b", "p", "former_clients_romantic", "burden_stated", "e").answer(CODES) == {"APA", "NASW"}
    assert CodeQuestion("d", "p", "gifts", "dedicated_standard", "e").answer(CODES) == set()


def test_code_question_feedback_lists_years_and_what_was_missed():
    right = WAIT.evaluate(CODES, {"APA", "ACA"})
    assert right.status == "correct"
    assert "APA (2017, 10.08, at least 2 years)." in right.explanation
    assert "ACA (2014, A.5.c, at least 5 years)." in right.explanation
    wrong = WAIT.evaluate(CODES, {"APA", "NASW"})
    assert wrong.status == "incorrect"
    assert wrong.explanation.startswith("you left out ACA; NASW does not fit. The table's answer: ACA, APA.")
    assert WAIT.evaluate(CODES, set()).status == "unanswered"


def test_compare_codes_reads_across():
    table = compare_codes(CODES, "former_clients_romantic")
    assert list(table.index) == ["APA", "ACA", "NASW"]
    assert list(table["waiting period"]) == ["2 years", "5 years", "none fixed"]


@pytest.mark.parametrize("current, contemplated, signs, expected", [
    ((2, 2, 2), (0, 0, 0), (False,) * 3, "argues against adding the role"),
    ((0, 0, 0), (0, 1, 0), (False,) * 3, "middle range"),
    ((0, 0, 0), (0, 0, 0), (False,) * 3, "less risk"),
    ((0, 0, 0), (0, 0, 0), (True, True, False), "2 of Kitchener's three warning signs hold"),
])
def test_reading_follows_the_highest_rating_and_kitchener(current, contemplated, signs, expected):
    record = DecisionRecord(Ratings(*current), Ratings(*contemplated), signs)
    assert expected in reading(record)


def test_reading_needs_both_ratings_and_missing_steps_are_named():
    record = DecisionRecord(current=Ratings(0, 0, 0))
    assert reading(record).startswith("Rate both relationships first")
    assert record.missing()[0] == "2. The contemplated relationship"
    assert len(record.missing()) == len(STEPS)  # no rationale written anywhere yet


def test_check_ratings():
    assert check_ratings({"power": 2, "duration": 0, "termination": 1}).highest == 2
    with pytest.raises(ValueError):
        check_ratings({"power": 3, "duration": 0, "termination": 1})


def test_casebook_reveals_the_discussion_on_request():
    box = widgets.CaseBookBox((CASE,))
    assert {"tb-exercise", "tb-casebook"} <= set(box._dom_classes)
    assert "They share the only gym in town." in box.text.value and box.feedback.value == ""
    box.reveal.click()
    assert "A gray area: experts differ" in box.feedback.value and "Experts would talk." in box.feedback.value


def test_decision_aid_walks_every_step_and_summarises():
    other = Case("other", "Another", "campus", ("professional",), "sequential", "avoidable", "F.", "ACA 2014 A.6.a",
                 "C.", "D.", True)
    box = widgets.DecisionAidBox((CASE, other))
    assert {"tb-exercise", "tb-decision"} <= set(box._dom_classes)
    assert "1. The current relationship" in box.heading.value and box.back.disabled
    for control, value in zip(box.step_controls.children, (2, 2, 1)):
        control.value = value
    box.rationale.value = "Therapy is high on power."
    box.forward.click()
    assert "2. The contemplated relationship" in box.heading.value and box.rationale.value == ""
    for control in box.step_controls.children:
        control.value = 0
    box.rationale.value = "A gym acquaintance."
    box.forward.click()
    box.step_controls.children[2].value = True
    box.rationale.value = "The power gap."
    for _ in range(4):
        box.forward.click()
        box.rationale.value = box.rationale.value or "Written."
    assert box.forward.disabled and "Summary" in box.heading.value
    html = box.feedback.value
    assert "power high; duration long; termination uncertain" in html
    assert "argues against adding the role" in html and "1 of Kitchener" in html
    assert "Compare with the experts" in html and "Experts would talk." in html
    box.back.click()
    assert "6. Documenting" in box.heading.value
    box.case.value = "other"
    assert box.step == 0 and box.record.current is None and "Another" in box.case_text.value


def test_decision_aid_summary_names_missing_steps():
    box = widgets.DecisionAidBox((CASE,))
    box.go(len(STEPS))
    assert "Not yet complete" in box.feedback.value and "not rated" in box.feedback.value


def test_code_question_box():
    box = widgets.CodeQuestionBox(WAIT, CODES)
    assert {"tb-exercise", "tb-codes"} <= set(box._dom_classes)
    assert sorted(box.choices) == ["ACA", "APA", "NASW"]
    box.choices["APA"].value = box.choices["ACA"].value = True
    box.check.click()
    assert "Correct —" in box.feedback.value


# -- the shipped data ---------------------------------------------------------------------------

def test_casebook_covers_every_kind_and_both_gray_and_clear():
    cases = cases_from_table(data.load("cases"))
    assert len(cases) >= 20
    from therapy_boundaries.schemas import CASE_KINDS

    assert {k for c in cases for k in c.kinds} == set(CASE_KINDS)
    assert {c.clear_cut for c in cases} == {True, False}
    assert {c.timing for c in cases} == {"concurrent", "sequential"}


def test_code_table_covers_the_required_codes_and_topics():
    codes = data.load("codes")
    assert {"APA", "ACA", "NASW", "AAMFT"} <= set(codes["code"]) and {"BACP", "CPBAO"} & set(codes["code"])
    assert {"multiple_relationships", "former_clients_romantic", "social_media", "gifts", "bartering"} <= set(
        codes["topic"])
    romantic = compare_codes(codes, "former_clients_romantic")
    assert romantic.loc["APA", "waiting period"] == "2 years" and romantic.loc["ACA", "waiting period"] == "5 years"


def test_every_shipped_code_question_has_an_answer_and_opens():
    for qid in data.load("code_questions")["id"]:
        box = widgets.code_question(qid)
        assert box.question.answer(box.codes), f"{qid} has an empty key"


def test_survey_chart_has_words():
    box = widgets.survey_chart()
    html = box.children[-1].value
    assert 'aria-label="' in html and "Borys &amp; Pope (1989): 46%" in html


def test_decision_aid_keeps_ratings_not_rationales_and_restores_them():
    from therapy_boundaries.progress import AnswerStore

    box = widgets.decision_aid()
    case = box.case.value
    for step_values in ((2, 2, 1), (0, 1, 0)):
        for control, value in zip(box.step_controls.children, step_values):
            control.value = value
        box.rationale.value = "A private reason."
        box.forward.click()
    box.step_controls.children[0].value = True
    box.go(len(STEPS))
    saved = AnswerStore().answers("04")[f"04/decision/{case}"]
    assert saved["answer"] == ["current:2,2,1", "contemplated:0,1,0", "signs:1,0,0"] and saved["status"] is None
    assert "A private reason." not in str(AnswerStore().answers())
    again = widgets.decision_aid()
    assert [c.value for c in again.ratings["current"].values()] == [2, 2, 1]
    assert again.signs[0].value is True and "earlier answer" in again.feedback.value
