"""Notebook 02 views driven in the kernel: the scenario deck, the detail explorer, the domain summary."""

from __future__ import annotations

import pandas as pd

from therapy_boundaries import data, widgets
from therapy_boundaries.boundaries import scenarios_from_table

from .test_boundaries import CLEAR, GRAY, RULES
from .test_widgets import HOSTILE


def deck():
    return widgets.ScenarioDeck((CLEAR, GRAY))


def test_deck_checks_navigates_and_remembers():
    view = deck()
    assert {"tb-exercise", "tb-classify"} <= set(view._dom_classes)
    assert "Scenario 1 of 2: At the shop" in view.heading.value and view.previous.disabled
    view.check.click()
    assert "No answer yet —" in view.feedback.value and view.results == {}
    view.answer.value = "incidental_contact"
    view.check.click()
    assert "Correct —" in view.feedback.value
    view.next.click()
    assert "Scenario 2 of 2: A hug" in view.heading.value and view.next.disabled
    assert view.answer.value is None and view.feedback.value == ""
    view.answer.value = "violation"
    view.check.click()
    assert "Experts differ —" in view.feedback.value and "<strong>View 2:</strong> Can confuse." in view.feedback.value
    view.previous.click()
    assert view.answer.value == "incidental_contact" and "Correct —" in view.feedback.value
    assert {k: r.status for k, r in view.results.items()} == {"shop": "correct", "hug": "debated"}


def test_deck_escapes_scenario_text():
    from dataclasses import replace

    view = widgets.ScenarioDeck((replace(CLEAR, title=HOSTILE, text=HOSTILE, explanation=HOSTILE),))
    view.answer.value = "crossing"
    view.check.click()
    for html in (view.heading.value, view.text.value, view.feedback.value):
        assert "<script>" not in html and "<img" not in html


def test_shipped_deck_and_selection():
    full = widgets.scenario_deck()
    assert len(full.scenarios) == len(data.load("scenarios"))
    ids = [s.id for s in scenarios_from_table(data.load("scenarios"))][:3]
    assert [s.id for s in widgets.scenario_deck(ids[::-1]).scenarios] == ids[::-1]


BASES = pd.DataFrame([{"id": "gift", "title": "A gift", "text": "A client brings a gift.",
                       "initiated_by": "client", "benefits": "client"},
                      {"id": "favour", "title": "A favour", "text": "The therapist asks a favour.",
                       "initiated_by": "therapist", "benefits": "therapist"}])


def test_explorer_shows_which_detail_moved_the_reading():
    view = widgets.DetailExplorer(RULES, BASES)
    assert {"tb-exercise", "tb-detail"} <= set(view._dom_classes)
    assert "reads as within the frame of therapy" in view.feedback.value
    assert "teaching aid, not a clinical decision tool" in "".join(c.value for c in view.children
                                                                    if hasattr(c, "value") and isinstance(c.value, str))
    view.factors["benefits"].value = "therapist"
    text = view.feedback.value
    assert "now reads as a boundary crossing to handle with care" in text
    assert "Changing &#x27;who benefits&#x27;" in text and "+3" in text
    assert "(total 3)" in view.rules_used.value
    view.reset.click()
    assert view.factors["benefits"].value == "client" and "As described" in view.feedback.value
    view.base.value = "favour"
    assert "likely a boundary violation" in view.feedback.value
    assert view.situation() == {"initiated_by": "therapist", "benefits": "therapist"}


def test_explorer_labels_every_factor():
    view = widgets.detail_explorer()
    assert all(control.description for control in view.factors.values())
    assert len(view.factors) == 6


def test_summary_table_chart_and_words():
    view = deck()
    summary = widgets.answers_by_domain(view)
    assert {"tb-exercise", "tb-summary"} <= set(summary._dom_classes)
    summary.refresh.click()
    assert "No answers yet" in summary.feedback.value
    view.answer.value = "incidental_contact"
    view.check.click()
    summary.refresh.click()
    html = summary.feedback.value
    assert "<table" in html and "<svg" in html and 'role="img"' in html
    assert 'aria-label="Place and space: 1 answered, 1 agreed, 0 where experts differ, 0 did not agree."' in html
    assert "In words:" in html
