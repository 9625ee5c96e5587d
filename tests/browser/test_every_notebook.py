"""Every notebook with exercises, in both front ends, one exercise of each kind completed in each.

- Voilà, keyboard alone (Tab, Shift+Tab, arrows, Space, Enter, typed text; every control visibly
  focused when used), then an axe scan with the feedback showing and the network guard checked.
- JupyterLab, pointer (Run All, then check/click/select), then the dark theme chosen from the
  Settings menu: every piece of feedback text measured against WCAG AA (4.5:1) from the rendered
  colours, and the notebook screenshot.

Which exercises a notebook has is read twice, independently: from its stored outputs (each exercise's
plain-text stand-in) and from the page. The drivers are in drivers.py.
"""

from __future__ import annotations

import json
import re

import pytest

from .drivers import Keyboard, Pointer, complete_each_kind, kinds_in_order
from .harness import (
    LAB_NOTEBOOK,
    NOTEBOOKS,
    VOILA_CONTENT,
    VOILA_KNOWN_CDN,
    NetworkGuard,
    content_violations,
    expect,
    relative_luminance,
    reset_lab_theme,
    switch_lab_theme,
    text_contrasts,
)

STAND_IN = re.compile(r"^.+ '.+' \(interactive: run the notebook to answer\)$")
AA = 4.5
EXERCISE_ANCESTOR = "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' tb-exercise ')][1]"


def exercise_notebooks() -> list[str]:
    """Every notebook (relative to notebooks/) whose stored outputs hold at least one exercise."""
    return sorted(str(p.relative_to(NOTEBOOKS)) for p in NOTEBOOKS.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and stored_exercises(p))


def stored_exercises(path) -> int:
    """How many exercise boxes the notebook's stored outputs show (one plain-text stand-in each)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for c in cells for o in c.get("outputs", [])]
    return sum(bool(STAND_IN.match(t)) for t in texts)


NOTEBOOK_PARAMS = [pytest.param(nb, marks=pytest.mark.needs_notebook(nb), id=nb) for nb in exercise_notebooks()]


def forget_answers(server) -> None:
    """Remove saved answers and exported files: the servers are shared, and other tests expect neither."""
    for path in [*server.answers.parent.glob("*"), *server.root.rglob("therapy-boundaries-answers-*.json")]:
        path.unlink(missing_ok=True)


@pytest.fixture
def voila(voila_server):
    forget_answers(voila_server)
    yield voila_server
    forget_answers(voila_server)


@pytest.fixture
def lab(lab_server):
    forget_answers(lab_server)
    yield lab_server
    forget_answers(lab_server)


def report(front_end: str, notebook: str, done: dict[str, str]) -> None:
    print(f"{front_end} {notebook}: {len(done)} kind(s) completed")
    for kind, text in done.items():
        print(f"  {kind:<15} {' '.join(text.split())[:90]!r}")


def test_every_exercise_notebook_is_covered():
    """The parametrisation below is not empty and includes each student notebook and the instructor's."""
    names = exercise_notebooks()
    assert len(names) >= 8, names
    assert "instructor/class_results.ipynb" in names
    assert all(stored_exercises(NOTEBOOKS / n) >= 1 for n in names)


@pytest.mark.parametrize("notebook", NOTEBOOK_PARAMS)
def test_every_kind_by_keyboard_in_voila(page, voila, open_in_voila, blocked_requests, notebook):
    content = open_in_voila(page, notebook)
    expected = stored_exercises(NOTEBOOKS / notebook)
    expect(content.locator(".tb-exercise")).to_have_count(expected, timeout=60_000)
    expect(content.locator(".tb-exercise").last).to_be_visible()
    page.locator("body").focus()   # not a click: the Tab order starts at the top of the page

    keyboard = Keyboard(page)
    done = complete_each_kind(page, VOILA_CONTENT, keyboard)
    report("voila, keyboard", notebook, done)
    print(f"  {keyboard.stops} key presses; {len(keyboard.focus_styles)} controls used, each visibly focused")
    assert set(done) == set(kinds_in_order(page, VOILA_CONTENT))

    split = content_violations(page, VOILA_CONTENT)
    others = split.other_counts()
    print(f"  axe after the exercises: {len(split.blocking)} serious/critical, "
          f"{sum(others.values())} other node(s) {others or ''}")
    assert not split.blocking, f"serious/critical accessibility violations in {notebook}:\n" + split.describe()
    foreign = NetworkGuard(list(blocked_requests)).foreign(VOILA_KNOWN_CDN)
    assert not foreign, f"the Voilà page tried to reach the network: {foreign}"


@pytest.mark.parametrize("notebook", NOTEBOOK_PARAMS)
def test_every_kind_by_pointer_in_lab_then_dark_theme(page, lab, open_in_lab, blocked_requests, notebook, tmp_path):
    reset_lab_theme(lab)   # a menu switch in an earlier test persists in the user's settings
    panel = open_in_lab(page, notebook)
    assert page.evaluate("document.body.dataset.jpThemeLight") == "true", "Lab did not open in the light theme"
    expect(panel.locator(".tb-exercise")).to_have_count(stored_exercises(NOTEBOOKS / notebook))

    done = complete_each_kind(page, LAB_NOTEBOOK, Pointer(page))
    report("lab, pointer", notebook, done)
    assert set(done) == set(kinds_in_order(page, LAB_NOTEBOOK))

    switch_lab_theme(page, "JupyterLab Dark")
    shown = [area for area in panel.locator(".tb-feedback").all() if area.inner_text().strip()]
    shot = tmp_path / f"{notebook.replace('/', '_')}-dark.png"
    shown[0].locator(EXERCISE_ANCESTOR).screenshot(path=str(shot))
    print(f"  dark theme screenshot of the first exercise with feedback: {shot}")
    assert len(shown) >= len(done) - ("figure" in done), "feedback disappeared when the theme changed"
    charts = panel.locator(".tb-exercise figure").all()   # SVG labels, measured by their fill
    measured = [m for area in shown + charts for m in text_contrasts(page, area)]
    assert measured, "no feedback text to measure"
    worst = min(measured, key=lambda m: m["ratio"])
    print(f"  dark theme: {len(measured)} text runs in {len(shown)} feedback areas and {len(charts)} chart(s); "
          f"lowest contrast "
          f"{worst['ratio']:.2f} ({worst['tag']} {worst['text']!r} {worst['color']} on rgb{tuple(worst['bg'][:3])})")
    # The page's own arithmetic, re-done here from its sRGB values, and a background that is really dark.
    hi, lo = sorted((relative_luminance(worst["fg"]), relative_luminance(worst["bg"])), reverse=True)
    assert abs((hi + 0.05) / (lo + 0.05) - worst["ratio"]) < 0.05
    assert relative_luminance(worst["bg"]) < 0.2, f"the feedback is not on a dark background: {worst}"
    low = [m for m in measured if m["ratio"] < AA]
    assert not low, f"feedback text below WCAG AA ({AA}:1) in the dark theme, {notebook}:\n" + "\n".join(
        f"- {m['ratio']:.2f}: {m['tag']} {m['text']!r} colour {m['color']} on {m['bg']}" for m in low)
    assert blocked_requests == [], f"JupyterLab tried to reach the network: {blocked_requests}"
