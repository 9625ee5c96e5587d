"""Notebook 01 in JupyterLab: Run All, answer the `party_invite` question, read the feedback."""

from __future__ import annotations

import re
import time

import pytest

from .harness import arm_feedback_timer, covered_controls, describe_covered, expect, feedback_latency_ms

NB01 = "01_friendship_vs_therapy.ipynb"
BOX = ".tb-exercise.tb-choice.tb-q-party_invite"
RESULT = re.compile(r"^\s*(Correct|Not quite|Experts differ) —")


@pytest.mark.needs_notebook(NB01)
def test_party_invite_question_in_lab(page, open_in_lab, blocked_requests, record_timing):
    started = time.perf_counter()
    panel = open_in_lab(page, NB01)
    record_timing("lab: open + Run All -> widgets idle (s)", time.perf_counter() - started)

    box = panel.locator(BOX)
    expect(box, "exactly one box with classes tb-exercise tb-choice tb-q-party_invite").to_have_count(1)
    expect(box.get_by_text("Your answer", exact=True)).to_be_visible()
    radios = box.get_by_role("radio")
    assert radios.count() >= 2, "a single-choice question needs at least two radio options"
    feedback = box.locator(".tb-feedback")
    expect(feedback, "one .tb-feedback HTML widget inside the box").to_have_count(1)

    covered = covered_controls(page, BOX)
    assert not covered, describe_covered(covered)
    radios.first.check()
    expect(radios.first).to_be_checked()
    arm_feedback_timer(page, BOX)
    clicked = time.perf_counter()
    box.get_by_role("button", name="Check answer").click()
    expect(feedback).to_have_text(RESULT)
    wall_ms = (time.perf_counter() - clicked) * 1000

    latency = feedback_latency_ms(page)
    assert latency is not None, "the feedback did not change after the click on 'Check answer'"
    record_timing("lab: click -> feedback, in page (ms)", latency)
    record_timing("lab: click -> feedback, wall clock (ms)", wall_ms)
    assert blocked_requests == [], f"JupyterLab page tried to reach the network: {blocked_requests}"
