"""Notebooks 04 and 05 in Voilà.

04: walk one case through the decision aid (ratings, warning signs, a rationale at every step) to its
summary, answer one "compare the codes" question, then scan with axe.
05: answer one question, check that the survey chart carries a text alternative, then scan with axe.
"""

from __future__ import annotations

import re

import pytest

from .course_data import RESULT, option_text
from .harness import VOILA_CONTENT, VOILA_KNOWN_CDN, NetworkGuard, content_violations, covered_controls, \
    describe_covered, expect

NB04 = "04_dual_relationships_casebook.ipynb"
NB05 = "05_after_therapy_ends.ipynb"

# Levels are chosen by the word before the colon in each option ("high: a clear power difference …").
RATINGS = {
    "current": {"Power": "high", "Duration": "long", "Termination": "indefinite"},
    "contemplated": {"Power": "mid-range", "Duration": "brief", "Termination": "specific"},
}
SIGN = "The two roles carry incompatible expectations"
STEP_TITLES = ["1. The current relationship", "2. The contemplated relationship", "3. Role incompatibility",
               "4. Consultation", "5. Discussing it with the client", "6. Documenting"]
NB05_QUESTION = "after_updates_on_terms"


def select_level(combo, level: str) -> None:
    labels = [text.strip() for text in combo.locator("option").all_inner_texts()]
    matches = [label for label in labels if label.startswith(f"{level}:")]
    assert len(matches) == 1, f"no single '{level}: …' option in {labels}"
    combo.select_option(label=matches[0])
    expect(combo.locator("option:checked")).to_have_text(matches[0])


def scan(page, blocked_requests, notebook: str) -> None:
    """axe (serious/critical inside the notebook content) and the network guard; both reported at once."""
    split = content_violations(page, VOILA_CONTENT)
    foreign = NetworkGuard(list(blocked_requests)).foreign(VOILA_KNOWN_CDN)
    problems = []
    if split.blocking:
        problems.append(f"serious/critical accessibility violations in notebook {notebook}:\n" + split.describe())
    if foreign:
        problems.append(f"the Voilà page tried to reach the network: {foreign}")
    assert not problems, "\n\n".join(problems)


@pytest.mark.needs_notebook(NB04)
def test_decision_aid_and_codes_in_voila(page, open_in_voila, blocked_requests):
    content = open_in_voila(page, NB04)
    covered = covered_controls(page, f"{VOILA_CONTENT} .tb-exercise")
    assert not covered, describe_covered(covered)

    aid = content.locator(".tb-exercise.tb-decision")
    expect(aid).to_have_count(1)
    case_title = aid.get_by_role("combobox", name="Case").locator("option:checked").inner_text().strip()
    heading = aid.locator("h3").filter(has_text=re.compile(r"^(\d\. |Summary$)"))
    rationale = aid.get_by_role("textbox", name="Your rationale")
    forward = aid.get_by_role("button", name="Next step")
    expect(aid.get_by_role("button", name="Previous step")).to_be_disabled()

    for number, title in enumerate(STEP_TITLES, 1):
        expect(heading).to_have_text(title)
        # The kernel blanks the rationale when it shows a step: wait for that before typing, so a late
        # reset cannot wipe what we type (each earlier step left text in it).
        expect(rationale).to_have_value("")
        if number <= 2:
            which = "current" if number == 1 else "contemplated"
            combos = aid.get_by_role("combobox", name=re.compile(rf"\({which}\)$"))
            expect(combos).to_have_count(3)
            for dimension, level in RATINGS[which].items():
                select_level(aid.get_by_role("combobox", name=f"{dimension} ({which})", exact=True), level)
        elif number == 3:
            signs = aid.get_by_role("checkbox")
            expect(signs).to_have_count(3)
            sign = aid.get_by_role("checkbox", name=SIGN, exact=True)
            sign.check()
            expect(sign).to_be_checked()
        rationale.fill(f"Rationale for step {number}.")
        expect(rationale).to_have_value(f"Rationale for step {number}.")
        forward.click()

    feedback = aid.locator(".tb-feedback")
    expect(heading).to_have_text("Summary")
    expect(forward).to_be_disabled()
    expect(rationale).to_be_hidden()
    expect(feedback).to_contain_text("The model's reading")
    expect(feedback).to_contain_text("Compare with the experts")
    # Everything typed and chosen reached the kernel: complete, rated high, one warning sign held.
    expect(feedback).to_contain_text("Every step has a rating and a rationale.")
    expect(feedback).to_contain_text("At least one rating is at the high end")
    expect(feedback).to_contain_text("1 of Kitchener's three warning signs hold")
    for number in range(1, 7):
        expect(feedback).to_contain_text(f"Rationale for step {number}.")
    assert case_title, "the decision aid shows no case title"

    # Compare the codes: tick two codes, check, see a result in words.
    codes = content.locator(".tb-exercise.tb-codes").first
    boxes = codes.get_by_role("checkbox")
    assert boxes.count() >= 2, "a codes question needs at least two codes to tick"
    for name in ("APA", "ACA"):
        box = codes.get_by_role("checkbox", name=name, exact=True)
        box.check()
        expect(box).to_be_checked()
    codes.get_by_role("button", name="Check answer").click()
    expect(codes.locator(".tb-feedback")).to_have_text(RESULT)

    scan(page, blocked_requests, "04")


@pytest.mark.needs_notebook(NB05)
def test_question_and_survey_chart_in_voila(page, open_in_voila, blocked_requests):
    content = open_in_voila(page, NB05)
    covered = covered_controls(page, f"{VOILA_CONTENT} .tb-exercise")
    assert not covered, describe_covered(covered)

    question = content.locator(f".tb-exercise.tb-choice.tb-q-{NB05_QUESTION}")
    expect(question).to_have_count(1)
    feedback = question.locator(".tb-feedback")
    expect(feedback).to_have_text("")
    answer = question.get_by_role("radio", name=option_text(NB05_QUESTION, "incorrect"), exact=True)
    answer.check()
    expect(answer).to_be_checked()
    question.get_by_role("button", name="Check answer").click()
    expect(feedback).to_have_text(RESULT)
    expect(feedback).to_contain_text("Not quite —")

    figure = content.locator(".tb-exercise.tb-figure")
    expect(figure).to_have_count(1)
    chart = figure.get_by_role("img")
    expect(chart).to_have_count(1)
    expect(chart).to_have_attribute("aria-label", re.compile(r"\S"))
    box = chart.locator("svg").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 40, "the survey chart did not render"
    # The same words are visible below the chart, for everyone.
    words = chart.get_attribute("aria-label")
    expect(figure.get_by_text("In words:")).to_be_visible()
    expect(figure.locator("p")).to_contain_text(words.strip())

    scan(page, blocked_requests, "05")
