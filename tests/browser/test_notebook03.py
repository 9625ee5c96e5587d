"""Notebook 03 in Voilà: name two vignettes, answer a "what next?" question, see one moment from both
chairs, then scan with axe.

The expected answers are read from data/vignettes.csv and data/options.csv, so each click is checked
against what the course says, not only for "some result appeared": a vignette answered right must say
"Correct —", and one with the right kind of feeling but the wrong phenomenon must say so (this catches
the two radio groups being wired to the wrong fields).
"""

from __future__ import annotations

import re

import pytest

from .course_data import KIND, PHENOMENON, RESULT, option_text, vignette
from .harness import VOILA_CONTENT, VOILA_KNOWN_CDN, NetworkGuard, content_violations, covered_controls, \
    describe_covered, expect

NB03 = "03_transference_and_countertransference.ipynb"
# The deck's first two vignettes and the two sides of the first moment, in the notebook's order.
FIRST, SECOND = "the_boat", "talks_over_everyone"
CLIENT, THERAPIST = "coffee_client", "coffee_therapist"
NEXT_QUESTION = "next_coffee_client"


def radio_group(box, question: str):
    """The ipywidgets RadioButtons whose description is exactly `question` (e.g. "What is happening?").

    ipywidgets 8 gives the group no role or accessible name (its description is a bare <label>), so the
    group is found through that visible label; the radios inside are then found by role and name.
    """
    label = box.page.locator("label.widget-label", has_text=re.compile(rf"^\s*{re.escape(question)}\s*$"))
    group = box.locator(".widget-radio").filter(has=label)
    expect(group, f"one radio group labelled {question!r}").to_have_count(1)
    return group


def name_it(box, phenomenon: str, kind: str, suffix: str = "") -> None:
    for question, choice in ((f"What is happening{suffix}?", phenomenon),
                             (f"What kind of feeling{suffix}?", kind)):
        radio = radio_group(box, question).get_by_role("radio", name=choice, exact=True)
        radio.check()
        expect(radio).to_be_checked()


@pytest.mark.needs_notebook(NB03)
def test_name_it_next_step_and_two_sides_in_voila(page, open_in_voila, blocked_requests):
    content = open_in_voila(page, NB03)
    covered = covered_controls(page, f"{VOILA_CONTENT} .tb-exercise")
    assert not covered, describe_covered(covered)

    # Exercise 1: the name-it deck, two vignettes.
    deck = content.locator(".tb-exercise.tb-nameit").first
    heading, feedback = deck.locator("h3"), deck.locator(".tb-feedback")
    first, second = vignette(FIRST), vignette(SECOND)

    expect(heading).to_contain_text(f"Vignette 1 of 8: {first['title']}")
    name_it(deck, PHENOMENON[first["phenomenon"]], KIND[first["kind"]])
    deck.get_by_role("button", name="Check", exact=True).click()
    expect(feedback).to_have_text(RESULT)
    expect(feedback).to_contain_text("Correct —")

    deck.get_by_role("button", name="Next vignette").click()
    expect(heading).to_contain_text(f"Vignette 2 of 8: {second['title']}")
    expect(feedback).to_have_text("")
    for question in ("What is happening?", "What kind of feeling?"):   # a fresh vignette starts blank
        expect(radio_group(deck, question).locator("input:checked")).to_have_count(0)
    wrong = next(label for value, label in PHENOMENON.items() if value != second["phenomenon"])
    name_it(deck, wrong, KIND[second["kind"]])
    deck.get_by_role("button", name="Check", exact=True).click()
    expect(feedback).to_have_text(RESULT)
    expect(feedback).to_contain_text("Not quite — you named the kind of feeling, but not the phenomenon")

    deck.get_by_role("button", name="Previous vignette").click()   # both answers and results are kept
    expect(heading).to_contain_text("Vignette 1 of 8")
    expect(feedback).to_contain_text("Correct —")
    expect(radio_group(deck, "What is happening?").get_by_role(
        "radio", name=PHENOMENON[first["phenomenon"]], exact=True)).to_be_checked()

    # A "what would you do next?" question: the option the course marks correct.
    question = content.locator(f".tb-exercise.tb-choice.tb-q-{NEXT_QUESTION}")
    expect(question).to_have_count(1)
    expect(content.locator(".tb-exercise.tb-choice[class*='tb-q-next_']").first).to_be_visible()
    answer = question.get_by_role("radio", name=option_text(NEXT_QUESTION, "correct"), exact=True)
    answer.check()
    expect(answer).to_be_checked()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".tb-feedback")).to_have_text(re.compile(r"^\s*Correct —"))

    # Two sides of one moment: both chairs answered as the course reads them, then how they connect.
    sides = content.locator(".tb-exercise.tb-two-sides").first
    client, therapist = vignette(CLIENT), vignette(THERAPIST)
    name_it(sides, PHENOMENON[client["phenomenon"]], KIND[client["kind"]], " on the client's side")
    name_it(sides, PHENOMENON[therapist["phenomenon"]], KIND[therapist["kind"]], " on the therapist's side")
    sides_feedback = sides.locator(".tb-feedback")
    sides.get_by_role("button", name="Check both sides").click()
    expect(sides_feedback).to_contain_text("How the two sides connect")
    expect(sides_feedback).to_contain_text("The client's side")
    expect(sides_feedback).to_contain_text("The therapist's side")
    headlines = sides_feedback.locator("strong").filter(
        has_text=re.compile(r"^(Correct|Not quite|Experts differ) —$"))
    expect(headlines).to_have_text(["Correct —", "Correct —"])   # one result per side, both right

    split = content_violations(page, VOILA_CONTENT)
    foreign = NetworkGuard(list(blocked_requests)).foreign(VOILA_KNOWN_CDN)
    problems = []
    if split.blocking:
        problems.append("serious/critical accessibility violations in notebook 03:\n" + split.describe())
    if foreign:
        problems.append(f"the Voilà page tried to reach the network: {foreign}")
    assert not problems, "\n\n".join(problems)
