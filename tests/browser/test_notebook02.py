"""Notebook 02 in Voilà: classify scenarios, change one detail, summarise by domain, then scan with axe."""

from __future__ import annotations

import re

import pytest

from .harness import VOILA_CONTENT, VOILA_KNOWN_CDN, NetworkGuard, content_violations, covered_controls, \
    describe_covered, expect

NB02 = "02_boundary_crossings_and_violations.ipynb"
RESULT = re.compile(r"^\s*(Correct|Not quite|Experts differ) —")


@pytest.mark.needs_notebook(NB02)
def test_classify_change_a_detail_and_summarise_in_voila(page, open_in_voila, blocked_requests):
    content = open_in_voila(page, NB02)
    covered = covered_controls(page, f"{VOILA_CONTENT} .tb-exercise")
    assert not covered, describe_covered(covered)

    # Exercise 2: classify the first three scenarios of the main deck.
    deck = content.locator(".tb-exercise.tb-classify").first
    feedback = deck.locator(".tb-feedback")
    for number, choice in enumerate(["Incidental contact", "Boundary crossing", "Boundary violation"], 1):
        expect(deck.locator("h3")).to_contain_text(f"Scenario {number} of")
        deck.get_by_role("radio", name=choice).check()
        deck.get_by_role("button", name="Check", exact=True).click()
        expect(feedback).to_have_text(RESULT)
        deck.get_by_role("button", name="Next scenario").click()
        expect(feedback).to_have_text("")
    deck.get_by_role("button", name="Previous scenario").click()
    expect(feedback).to_have_text(RESULT)  # the earlier result is still there
    expect(deck.get_by_role("radio", name="Boundary violation")).to_be_checked()

    # Exercise 3: change who benefits and see which detail moved the reading.
    explorer = content.locator(".tb-exercise.tb-detail")
    explorer.get_by_role("combobox", name="Base situation").select_option(label="A client offers a small gift")
    reading = explorer.locator(".tb-feedback").first
    expect(reading).to_contain_text("As described, this reads as within the frame of therapy")
    explorer.get_by_role("combobox", name="Who benefits").select_option(label="Mainly the therapist")
    expect(reading).to_contain_text("It now reads as likely a boundary violation")
    expect(reading).to_contain_text("Changing 'who benefits' from 'Mainly the client's treatment' to "
                                    "'Mainly the therapist' moves the score by +3")
    explorer.get_by_role("button", name="Back to the base situation").click()
    expect(reading).to_contain_text("As described")

    # Exercise 4: the summary by domain, with a chart that carries a text alternative.
    summary = content.locator(".tb-exercise.tb-summary")
    summary.get_by_role("button", name="Summarise my answers").click()
    chart = summary.get_by_role("img")
    expect(chart).to_have_attribute("aria-label", re.compile(r"\d+ answered"))
    expect(summary.locator("table")).to_have_count(1)

    split = content_violations(page, VOILA_CONTENT)
    assert not split.blocking, "serious/critical accessibility violations in notebook 02:\n" + split.describe()
    foreign = NetworkGuard(list(blocked_requests)).foreign(VOILA_KNOWN_CDN)
    assert not foreign, f"the Voilà page tried to reach the network: {foreign}"
