"""Notebook 06: a mixed review, seeded per student, summed up by topic with pointers back."""

from __future__ import annotations

from therapy_boundaries import widgets
from therapy_boundaries.exercises import Result
from therapy_boundaries.progress import AnswerStore
from therapy_boundaries.review import NOTEBOOKS, ReviewItem, draw, seed_for, summary_by_topic, to_revisit


def item(iid: str, notebook: str) -> ReviewItem:
    return ReviewItem(iid, notebook, "p", (("A", "a"), ("B", "b")),
                      lambda a: Result("correct" if a == "a" else "incorrect", "why"))


BANK = {nb: [item(f"{nb}/{n}", nb) for n in range(5)] for nb in NOTEBOOKS}


def test_draw_takes_from_every_topic_and_is_reproducible():
    first = draw(BANK, 2, seed_for("student-aa"))
    assert len(first) == 10 and {i.notebook for i in first} == set(NOTEBOOKS)
    assert draw(BANK, 2, seed_for("student-aa")) == first
    assert [i.id for i in draw(BANK, 2, seed_for("student-bb"))] != [i.id for i in first]
    assert seed_for(None) == seed_for(None)


def test_summary_and_what_to_revisit():
    items = (item("01/a", "01"), item("02/a", "02"), item("02/b", "02"))
    results = {"01/a": Result("correct", ""), "02/a": Result("incorrect", "")}
    summary = summary_by_topic(items, results)
    assert summary.loc["02 Boundary crossings and violations"].to_dict() == {
        "items": 2, "answered": 1, "agreed": 0, "experts differ": 0, "did not agree": 1}
    assert to_revisit(summary) == [("02 Boundary crossings and violations",
                                    "02_boundary_crossings_and_violations.ipynb")]


def test_review_deck_from_the_course_covers_every_topic():
    deck = widgets.review_deck()
    assert {"tb-exercise", "tb-review"} <= set(deck._dom_classes)
    assert {i.notebook for i in deck.items} == set(NOTEBOOKS)
    assert [i.id for i in widgets.review_deck().items] == [i.id for i in deck.items]  # same student, same order


def test_each_student_gets_their_own_order():
    default = [i.id for i in widgets.review_deck().items]
    AnswerStore().save("01", "party_invite", "c", "correct")  # gives this student a pseudonym
    assert [i.id for i in widgets.review_deck().items] != default


def test_review_deck_changes_options_per_item_and_records():
    deck = widgets.review_deck()
    for _ in deck.items:
        assert deck.answer.options == tuple(deck.current.options)
        deck.answer.value = deck.current.options[0][1]
        deck.check.click()
        assert any(h in deck.feedback.value for h in ("Correct —", "Not quite —", "Experts differ —"))
        deck.next.click()
    assert len(AnswerStore().answers("06")) == len(deck.items)
    summary = widgets.review_summary(deck)
    summary.refresh.click()
    html = summary.feedback.value
    assert "<table" in html and 'aria-label="' in html and "In words:" in html
    assert "Worth revisiting" in html or "Every item answered" in html


def test_summary_before_any_answer():
    summary = widgets.review_summary(widgets.review_deck())
    summary.refresh.click()
    assert "No answers yet" in summary.feedback.value
