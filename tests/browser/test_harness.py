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
    page.evaluate("() => new Promise(done => { const ws = new WebSocket('wss://example.invalid/socket');"
                  " ws.onclose = ws.onerror = () => done(); setTimeout(done, 3000); })")
    assert sorted(blocked_requests) == ["http://10.255.255.1/x.png", "https://example.invalid/pixel.png",
                                        "wss://example.invalid/socket"]


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

    # The hit test is not vacuous: an element drawn over the button is reported.
    assert harness.covered_controls(page, BOX) == []
    page.evaluate("""() => { const button = document.querySelector('.tb-q-demo button');
        button.scrollIntoView({block: 'center', inline: 'center'});   // as covered_controls does
        const b = button.getBoundingClientRect();
        const cover = document.createElement('div'); cover.textContent = 'cover';
        Object.assign(cover.style, {position: 'fixed', left: b.left + 'px', top: b.top + 'px',
                                    width: b.width + 'px', height: b.height + 'px', zIndex: 9999});
        document.body.appendChild(cover); }""")
    assert [c["covered_by"] for c in harness.covered_controls(page, BOX)] == ['div "cover"']

    # The accessibility gate is not vacuous: an unnamed button (axe "button-name", critical) inside
    # the notebook content blocks; the same fault in Voilà's shell is only counted.
    page.evaluate("""() => {
        const probe = (id, parent) => { const b = document.createElement('button'); b.id = id;
                                        b.style.width = '2em'; parent.appendChild(b); };
        probe('tb-axe-probe-in', document.querySelector('#rendered_cells .tb-exercise'));
        probe('tb-axe-probe-out', document.querySelector('#main'));
    }""")
    split = harness.content_violations(page, harness.VOILA_CONTENT)
    assert [(v["id"], n["target"]) for v in split.blocking for n in v["nodes"]] == [
        ("button-name", ["#tb-axe-probe-in"])]
    assert ["#tb-axe-probe-out"] in [n["target"] for v in split.others for n in v["nodes"]]
