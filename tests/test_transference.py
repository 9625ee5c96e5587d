"""Notebook 03 logic and views: naming a vignette, and one moment from both chairs."""

from __future__ import annotations

import pytest

from therapy_boundaries import data, widgets
from therapy_boundaries.transference import (
    Kind,
    Moment,
    Phenomenon,
    Vignette,
    moments_from_tables,
    vignettes_from_table,
)

from .test_widgets import HOSTILE

CLIENT = Vignette("coffee", "Coffee after?", "campus", ("Client (Lea): Could we get coffee sometime?",
                  "Therapist (Omar): I'm glad these talks matter to you."), Phenomenon.TRANSFERENCE, Kind.POSITIVE,
                  "client", "Her wish echoes an old longing.", "coffee_moment", "client")
THERAPIST = Vignette("rescue", "The urge to help", "campus", ("Therapist (Omar), afterwards: I nearly said yes.",),
                     Phenomenon.COUNTERTRANSFERENCE, Kind.POSITIVE, "therapist", "His pull to rescue.",
                     "coffee_moment", "therapist")
REAL = Vignette("forgot", "The missed appointment", "private_practice", ("Client: You forgot me last week.",),
                Phenomenon.REAL_RELATIONSHIP, Kind.NONE, "client", "He really did forget.")


def test_name_it_right():
    result = CLIENT.name_it("transference", "positive")
    assert result.status == "correct" and result.explanation.startswith("transference, positive.")


def test_name_it_says_which_half_was_right():
    kind_wrong = CLIENT.name_it("transference", "negative").explanation
    assert kind_wrong.startswith("you named the phenomenon, but not the kind of feeling")
    phenomenon_wrong = CLIENT.name_it("countertransference", "positive").explanation
    assert phenomenon_wrong.startswith("you named the kind of feeling, but not the phenomenon")
    both_wrong = REAL.name_it("transference", "negative")
    assert both_wrong.status == "incorrect"
    assert both_wrong.explanation.startswith("the explanations read it as a realistic reaction to the real "
                                             "relationship, none of these")


def test_name_it_needs_both_answers():
    assert CLIENT.name_it("transference", None).status == "unanswered"
    with pytest.raises(ValueError):
        CLIENT.name_it("friendship", "positive")


def test_vignette_deck_checks_both_questions_and_remembers():
    deck = widgets.VignetteDeck((CLIENT, REAL))
    assert {"tb-exercise", "tb-nameit"} <= set(deck._dom_classes)
    assert "Vignette 1 of 2: Coffee after?" in deck.heading.value
    assert "Client (Lea): Could we get coffee sometime?" in deck.text.value
    deck.name_it.phenomenon.value = "transference"
    deck.check.click()
    assert "No answer yet —" in deck.feedback.value
    deck.name_it.kind.value = "positive"
    deck.check.click()
    assert "Correct —" in deck.feedback.value
    deck.next.click()
    assert deck.name_it.read() == (None, None)
    deck.previous.click()
    assert deck.name_it.read() == ("transference", "positive") and "Correct —" in deck.feedback.value


def test_two_sides_shows_the_connection_once_both_are_answered():
    box = widgets.TwoSidesBox(Moment("coffee_moment", "An invitation to coffee", CLIENT, THERAPIST,
                                     "Her longing meets his wish to rescue."))
    assert {"tb-exercise", "tb-two-sides"} <= set(box._dom_classes)
    box.client.phenomenon.value, box.client.kind.value = "transference", "positive"
    box.check.click()
    assert "How the two sides connect" not in box.feedback.value
    assert "No answer yet —" in box.feedback.value
    box.therapist.phenomenon.value, box.therapist.kind.value = "transference", "positive"
    box.check.click()
    html = box.feedback.value
    assert html.count("Correct —") == 1 and html.count("Not quite —") == 1
    assert "How the two sides connect:</strong> Her longing meets his wish to rescue." in html
    labels = [c.description for c in box.children if hasattr(c, "options")]
    assert labels == ["What is happening on the client's side?", "What kind of feeling on the client's side?",
                      "What is happening on the therapist's side?", "What kind of feeling on the therapist's side?"]


def test_vignette_text_is_escaped():
    from dataclasses import replace

    deck = widgets.VignetteDeck((replace(CLIENT, title=HOSTILE, lines=(HOSTILE,), explanation=HOSTILE),))
    deck.name_it.show(("transference", "positive"))
    deck.check.click()
    for html in (deck.heading.value, deck.text.value, deck.feedback.value):
        assert "<script>" not in html and "<img" not in html


# -- the shipped bank -----------------------------------------------------------------------

def test_bank_covers_every_phenomenon_and_kind():
    bank = vignettes_from_table(data.load("vignettes"))
    assert len(bank) >= 20
    assert {v.phenomenon for v in bank} == set(Phenomenon) and {v.kind for v in bank} == set(Kind)
    assert all(2 <= len(v.lines) <= 6 for v in bank)


def test_every_moment_has_both_sides_and_opens_as_a_view():
    moments = moments_from_tables(data.load("moments"), vignettes_from_table(data.load("vignettes")))
    assert len(moments) >= 3
    for moment_id, moment in moments.items():
        assert (moment.client.side, moment.therapist.side) == ("client", "therapist")
        assert widgets.two_sides(moment_id).moment == moment


def test_unknown_ids_are_named():
    with pytest.raises(KeyError, match="nope"):
        widgets.two_sides("nope")
    with pytest.raises(KeyError, match="nope"):
        widgets.vignette_deck(["nope"])
