"""Self-test of the browser harness on a generated notebook (independent of the course notebooks).

If these fail, the harness or the environment is broken; if only test_lab/test_voila fail, look at the
course notebook. The demo follows the widget contract: VBox .tb-exercise.tb-choice.tb-q-demo.
"""

from __future__ import annotations

import re

from . import harness
from .harness import expect

DEMO = "_harness_selftest/demo.ipynb"
BOX = ".tb-exercise.tb-choice.tb-q-demo"


def test_network_guard_blocks_everything_but_loopback(page, blocked_requests):
    page.set_content('<img src="https://example.invalid/pixel.png"><img src="http://10.255.255.1/x.png">')
    page.wait_for_load_state("load")
    assert sorted(blocked_requests) == ["http://10.255.255.1/x.png", "https://example.invalid/pixel.png"]


def _answer_demo(page, box_locator) -> None:
    box_locator.get_by_role("radio", name="yes").check()
    box_locator.get_by_role("button", name="Check answer").click()
    expect(box_locator.locator(".tb-feedback")).to_have_text(re.compile(r"^\s*Correct — demo"))


def test_harness_lab(page, lab_server, open_in_lab, blocked_requests):
    harness.write_demo_notebook(lab_server.root / DEMO)
    panel = open_in_lab(page, DEMO)
    _answer_demo(page, panel.locator(BOX))
    assert blocked_requests == []


def test_harness_voila(page, voila_server, open_in_voila, blocked_requests):
    harness.write_demo_notebook(voila_server.root / DEMO)
    content = open_in_voila(page, DEMO)
    _answer_demo(page, content.locator(BOX))
    assert harness.NetworkGuard(list(blocked_requests)).foreign(harness.VOILA_KNOWN_CDN) == []
