"""Exercise logic, without any UI: what each answer earns and why."""

from __future__ import annotations

import pytest

from therapy_boundaries import data
from therapy_boundaries.exercises import (
    GlossaryEntry,
    Option,
    Question,
    Result,
    SortingTask,
    Statement,
    lookup,
)

CLEAR = Question(
    "q", "Prompt?", "clear",
    (Option("a", "Right", "correct", "Because A."), Option("b", "Wrong", "incorrect", "Because not B.")),
)
GRAY = Question(
    "g", "Debated?", "gray",
    (Option("a", "Yes, with care", "debated", "Some agree."), Option("b", "Always fine", "incorrect", "No side.")),
    views=("One side.", "Other side."),
)


def test_correct_option():
    result = CLEAR.evaluate("a")
    assert (result.status, result.headline, result.explanation) == ("correct", "Correct", "Because A.")
    assert str(result) == "Correct — Because A."


def test_incorrect_option_explains():
    assert str(CLEAR.evaluate("b")) == "Not quite — Because not B."


def test_no_answer_is_not_marked_wrong():
    result = CLEAR.evaluate(None)
    assert result.status == "unanswered" and "choose" in result.explanation


def test_gray_item_gives_both_views_instead_of_a_verdict():
    result = GRAY.evaluate("a")
    assert result.status == "debated" and result.headline == "Experts differ"
    assert result.views == ("One side.", "Other side.")
    assert str(result) == "Experts differ — Some agree. View 1: One side. View 2: Other side."


def test_gray_item_can_still_reject_an_option_every_side_rejects():
    result = GRAY.evaluate("b")
    assert result.status == "incorrect" and result.views == ()


def test_unknown_option_is_an_error():
    with pytest.raises(KeyError, match="no option 'z'"):
        CLEAR.evaluate("z")


def test_questions_from_the_course_data_are_consistent():
    questions, options = data.load("questions"), data.load("options")
    for qid in questions["id"]:
        question = Question.from_tables(qid, questions, options)
        verdicts = [question.evaluate(o.id).status for o in question.options]
        if question.kind == "clear":
            assert verdicts.count("correct") == 1
        else:
            assert "debated" in verdicts and len(question.views) == 2
        assert [o.id for o in question.options] == sorted(o.id for o in question.options)


def test_unknown_question_id():
    with pytest.raises(KeyError, match="No question 'nope'"):
        Question.from_tables("nope", data.load("questions"), data.load("options"))


TASK = SortingTask((
    Statement("s1", "Paid", "therapy", "Fees are part of the contract."),
    Statement("s2", "Both share", "friendship", "Mutual disclosure."),
    Statement("s3", "Care", "both", "Both can involve care."),
))


def test_sorting_counts_and_explains():
    score = TASK.evaluate({"s1": "therapy", "s2": "therapy", "s3": None})
    assert (score.correct, score.answered, score.total) == (1, 2, 3)
    assert score.summary() == "You sorted 1 of 3 statements as the explanations do. 1 still unsorted."
    wrong = score.items[1].result
    assert wrong.status == "incorrect"
    assert wrong.explanation == "it belongs under 'friendship', not 'therapy'. Mutual disclosure."
    assert score.items[2].result.status == "unanswered"


def test_sorting_all_right():
    score = TASK.evaluate({"s1": "therapy", "s2": "friendship", "s3": "both"})
    assert score.summary() == "You sorted 3 of 3 statements as the explanations do."


def test_sorting_rejects_unknown_statement_or_category():
    with pytest.raises(KeyError):
        TASK.evaluate({"s9": "therapy"})
    with pytest.raises(ValueError):
        TASK.evaluate({"s1": "therapist"})


def test_sorting_task_from_course_data_covers_all_statements():
    table = data.load("statements")
    task = SortingTask.from_table(table)
    assert [s.id for s in task.statements] == list(table["id"])
    perfect = task.evaluate({s.id: s.category for s in task.statements})
    assert perfect.correct == perfect.total == len(table)


ENTRIES = (GlossaryEntry("Transference", "A.", "03"), GlossaryEntry("Countertransference", "B.", "03"),
           GlossaryEntry("Boundary", "C.", "02"))


def test_lookup_prefers_exact_term_then_substring():
    assert [e.term for e in lookup(ENTRIES, " transference ")] == ["Transference"]
    assert [e.term for e in lookup(ENTRIES, "transf")] == ["Transference", "Countertransference"]
    assert lookup(ENTRIES, "") == () and lookup(ENTRIES, "zebra") == ()


def test_result_is_immutable():
    with pytest.raises(AttributeError):
        Result("correct", "x").status = "incorrect"


def test_option_feedback_does_not_repeat_the_headline():
    # The widget already says "Correct —" or "Not quite —"; feedback that starts the same way reads twice.
    feedback = data.load("options")["feedback"]
    doubled = feedback[feedback.str.match(r"^(Correct|Not quite|Incorrect)\b")]
    assert doubled.empty, list(doubled.index)
