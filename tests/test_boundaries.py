"""Notebook 02 logic: classifying scenarios (gray areas included), the detail rules, the domain summary."""

from __future__ import annotations

import pandas as pd
import pytest

from therapy_boundaries import data
from therapy_boundaries.boundaries import (
    BANDS,
    BoundaryDomain,
    Classification,
    DetailRules,
    Rule,
    Scenario,
    answers_by_domain,
    band,
    scenarios_from_table,
)
from therapy_boundaries.exercises import Result

CLEAR = Scenario("shop", "At the shop", "rural", BoundaryDomain.PLACE_AND_SPACE, "They meet by chance.",
                 Classification.INCIDENTAL_CONTACT, "A chance meeting is not a second relationship.", ("chance",))
GRAY = Scenario("hug", "A hug", "private_practice", BoundaryDomain.PHYSICAL_CONTACT, "A client asks for a hug.",
                Classification.CROSSING, "Context decides.", ("who asked",),
                also_defensible=Classification.VIOLATION, views=("Can comfort.", "Can confuse."))


def test_clear_scenario_right_and_wrong():
    assert CLEAR.classify("incidental_contact").status == "correct"
    wrong = CLEAR.classify(Classification.VIOLATION)
    assert wrong.status == "incorrect"
    assert wrong.explanation.startswith("the explanations read it as incidental contact, not boundary violation")


def test_gray_scenario_either_reading_gets_both_views_not_a_verdict():
    for answer in ("crossing", "violation"):
        result = GRAY.classify(answer)
        assert result.status == "debated" and result.views == ("Can comfort.", "Can confuse.")
        assert "both readings (boundary crossing or boundary violation)" in result.explanation


def test_gray_scenario_outside_the_debate_is_not_agreed_but_shows_the_debate():
    result = GRAY.classify("no_boundary_issue")
    assert result.status == "incorrect" and len(result.views) == 2


def test_unanswered_and_invalid():
    assert CLEAR.classify(None).status == "unanswered"
    with pytest.raises(ValueError):
        CLEAR.classify("friendship")


def test_domain_labels_name_gutheil_and_gabbards_domains():
    assert [d.label for d in BoundaryDomain] == [
        "Role", "Time", "Place and space", "Money", "Gifts, services and related matters", "Clothing",
        "Language", "Self-disclosure", "Physical contact"]


RULES = DetailRules([
    Rule("initiated_by", "client", "The client", 0, "r1", ("a",)),
    Rule("initiated_by", "therapist", "The therapist", 1, "Therapist-led crossings carry more risk.", ("a",)),
    Rule("benefits", "client", "The client", 0, "r3", ("a",)),
    Rule("benefits", "therapist", "The therapist", 3, "Serving the therapist is the mark of a violation.", ("a",)),
])


@pytest.mark.parametrize("total, expected", [(-2, 0), (0, 0), (1, 0), (2, 1), (3, 1), (4, 2), (9, 2)])
def test_bands(total, expected):
    assert band(total) == BANDS[expected][1]


def test_assess_adds_the_weights_in_factor_order():
    assessment = RULES.assess({"benefits": "therapist", "initiated_by": "therapist"})
    assert [r.factor for r in assessment.rules] == ["initiated_by", "benefits"]
    assert assessment.total == 4 and assessment.band == "likely a boundary violation"


def test_compare_names_the_factor_that_moved_the_reading():
    change = RULES.compare({"initiated_by": "client", "benefits": "client"},
                           {"initiated_by": "client", "benefits": "therapist"})
    assert [(a.value, b.value) for a, b in change.changed] == [("client", "therapist")]
    text = change.explain()
    assert text.startswith("It now reads as a boundary crossing to handle with care, no longer within the frame")
    assert "Changing 'who benefits' from 'The client' to 'The therapist' moves the score by +3" in text
    assert "(score 0 → 3)" in text


def test_compare_when_band_holds_and_when_nothing_changed():
    same = {"initiated_by": "client", "benefits": "client"}
    assert RULES.compare(same, same).explain().startswith("Nothing changed")
    moved = RULES.compare(same, {**same, "initiated_by": "therapist"}).explain()
    assert moved.startswith("It still reads as within the frame of therapy (score 0 → 1).")


def test_assess_rejects_incomplete_or_unknown_situations():
    with pytest.raises(KeyError, match="does not say: benefits"):
        RULES.assess({"initiated_by": "client"})
    with pytest.raises(KeyError, match="No rule"):
        RULES.assess({"initiated_by": "nobody", "benefits": "client"})


def test_answers_by_domain_counts_each_status():
    answers = {"shop": Result("correct", "x"), "hug": Result("debated", "y")}
    table = answers_by_domain(answers, [CLEAR, GRAY])
    assert list(table.index) == ["Place and space", "Physical contact"]
    assert table.loc["Place and space"].to_dict() == {"answered": 1, "agreed": 1, "experts differ": 0,
                                                      "did not agree": 0}
    assert table.loc["Physical contact", "experts differ"] == 1
    assert answers_by_domain({}, [CLEAR]).empty
    assert answers_by_domain({"shop": Result("unanswered", "z")}, [CLEAR]).empty


# -- the shipped bank and rules ---------------------------------------------------------------

def test_bank_covers_every_domain_classification_and_enough_settings():
    bank = scenarios_from_table(data.load("scenarios"))
    assert len(bank) >= 30
    assert {s.domain for s in bank} == set(BoundaryDomain)
    assert {s.classification for s in bank} == set(Classification)
    assert len({s.setting for s in bank}) >= 6
    assert any(s.experts_differ for s in bank) and not all(s.experts_differ for s in bank)


def test_every_shipped_scenario_can_be_answered_and_explained():
    for scenario in scenarios_from_table(data.load("scenarios")):
        assert scenario.classify(scenario.classification).status in ("correct", "debated")


def test_shipped_rules_cover_every_factor_and_every_base_is_assessable():
    rules = DetailRules.from_table(data.load("detail_rules"))
    assert set(rules.factors) == {"initiated_by", "frequency", "discussed", "benefits", "setting",
                                  "presenting_problem"}
    assert all(rule.source_ids for rule in rules.rules)
    bases = data.load("detail_bases")
    bands = {rules.assess(row).band for row in bases[list(rules.factors)].to_dict("records")}
    assert len(bands) >= 2, "base situations should start in different bands"


def test_shipped_rules_can_reach_every_band():
    rules = DetailRules.from_table(data.load("detail_rules"))
    lowest = {f: min(rules.values(f), key=lambda r: r.weight).value for f in rules.factors}
    highest = {f: max(rules.values(f), key=lambda r: r.weight).value for f in rules.factors}
    assert rules.assess(lowest).band == BANDS[0][1] and rules.assess(highest).band == BANDS[-1][1]


def test_summary_frame_is_plain_ints():
    table = answers_by_domain({"shop": Result("incorrect", "x")}, [CLEAR])
    assert all(pd.api.types.is_integer_dtype(t) for t in table.dtypes)
