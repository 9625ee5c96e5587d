"""Notebook 01 in Voilà (code hidden): complete the sorting exercise, then scan with axe-core.

Accessibility scope: only serious/critical violations whose nodes lie inside `#rendered_cells` fail
the test. In Voilà 0.5 that element holds every rendered cell of the notebook (markdown text and widget
outputs: the course's own content) and nothing of Voilà's page shell (`#main.jp-LabShell`, the loading
spinner, the <body> without landmarks), which the course cannot change. Everything else is counted
and printed, never asserted.
"""

from __future__ import annotations

import re
import time

import pytest

from .harness import (
    VOILA_CONTENT,
    VOILA_KNOWN_CDN,
    NetworkGuard,
    arm_feedback_timer,
    content_violations,
    covered_controls,
    describe_covered,
    expect,
    feedback_latency_ms,
)

NB01 = "01_friendship_vs_therapy.ipynb"
BOX = ".tb-exercise.tb-sort"
OPTIONS = ["Choose…", "therapy", "friendship", "both"]
SCORE = re.compile(r"(\d+) of (\d+)")


@pytest.mark.needs_notebook(NB01)
def test_sorting_exercise_and_accessibility_in_voila(page, voila_server, open_in_voila, blocked_requests,
                                                     record_timing):
    started = time.perf_counter()
    content = open_in_voila(page, NB01)
    record_timing("voila: page load -> first widget (s)", time.perf_counter() - started)

    covered = covered_controls(page, f"{VOILA_CONTENT} .tb-exercise")
    assert not covered, describe_covered(covered)

    box = content.locator(BOX)
    expect(box, "one sorting exercise (tb-exercise tb-sort) in notebook 01").to_have_count(1)
    combos = box.get_by_role("combobox")
    total = combos.count()
    assert total > 0, "the sorting exercise has no dropdown (role combobox)"
    categories = OPTIONS[1:]
    for index in range(total):
        combo = combos.nth(index)
        assert combo.evaluate("e => e.tagName") == "SELECT", "each statement's choice is a native <select>"
        labels = [text.strip() for text in combo.locator("option").all_inner_texts()]
        assert labels == OPTIONS, f"dropdown {index + 1} offers {labels}"
        choice = categories[index % len(categories)]
        combo.select_option(label=choice)   # the same change event a keyboard user triggers
        expect(combo).to_have_value(re.compile(".+"))
    feedback = box.locator(".tb-feedback")
    expect(feedback).to_have_count(1)

    selector = f"{VOILA_CONTENT} {BOX}"
    arm_feedback_timer(page, selector)
    box.get_by_role("button", name="Check my sorting").click()
    expect(feedback).to_contain_text(SCORE)
    sorted_right, out_of = map(int, SCORE.search(feedback.inner_text()).groups())
    assert out_of == total, f"feedback says 'of {out_of}' but there are {total} dropdowns"
    assert 0 <= sorted_right <= out_of
    latency = feedback_latency_ms(page)
    assert latency is not None, "the feedback did not change after 'Check my sorting'"
    record_timing("voila: click -> feedback, in page (ms)", latency)

    # Reflection: labelled controls, and nothing is stored without the tick (checked, not clicked).
    reflection = content.locator(".tb-exercise.tb-reflection")
    expect(reflection).to_have_count(1)
    reflection.get_by_role("textbox", name="Your reflection").fill("A test reflection.")
    expect(reflection.get_by_role("checkbox", name="Save my answer on this computer")).not_to_be_checked()
    reflection.get_by_role("button", name="Save").click()
    expect(reflection.locator(".tb-feedback")).to_contain_text("Not saved")
    # Checked answers are kept (the sorting above); free text only with the tick.
    stored = voila_server.answers.read_text(encoding="utf-8") if voila_server.answers.exists() else ""
    assert "sorting/" in stored, "the checked sorting was not recorded in the answer store"
    assert "A test reflection." not in stored, "Save without the tick wrote the reflection to the answer store"

    # Both checks below run, and fail together, so one run reports every problem.
    split = content_violations(page, VOILA_CONTENT)
    foreign = NetworkGuard(list(blocked_requests)).foreign(VOILA_KNOWN_CDN)
    problems = []
    if split.blocking:
        problems.append("serious/critical accessibility violations in the notebook:\n" + split.describe())
    if foreign:
        problems.append(f"the Voilà page tried to reach the network: {foreign}")
    assert not problems, "\n\n".join(problems)
