"""Keyboard-only use (Voilà), axe scans of notebooks 00 and 06 (Voilà), and text contrast in Lab's dark theme.

Keyboard: no mouse, no .click()/.check(); only page.keyboard. Focus is located between key presses with
document.activeElement, and Tab is pressed at most MAX_TABS times to reach a target.
"""

from __future__ import annotations

import re

import pytest

from .harness import VOILA_CONTENT, content_violations, expect

NB00 = "00_start_here.ipynb"
NB01 = "01_friendship_vs_therapy.ipynb"
NB06 = "06_review_and_reflection.ipynb"
QUESTION = ".tb-exercise.tb-choice.tb-q-party_invite"
SORT = ".tb-exercise.tb-sort"
RESULT = re.compile(r"^\s*(Correct|Not quite|Experts differ) —")
SCORE = re.compile(r"(\d+) of (\d+)")
MAX_TABS = 200

# What has focus: enough to decide whether to keep tabbing, and to report where focus got stuck.
_ACTIVE_JS = """(box) => {
    const a = document.activeElement;
    if (!a || a === document.body) return {tag: 'BODY', type: '', text: '', inBox: false, index: -1};
    const root = box ? document.querySelector(box) : null;
    const own = a.closest('label') || a;
    const radios = root ? [...root.querySelectorAll('input[type=radio]')] : [];
    const selects = root ? [...root.querySelectorAll('select')] : [];
    return {tag: a.tagName, type: a.type || '', checked: !!a.checked, value: a.value || '',
            text: (own.textContent || '').trim().slice(0, 80), inBox: !!(root && root.contains(a)),
            radioIndex: radios.indexOf(a), selectIndex: selects.indexOf(a),
            checkedIndex: radios.findIndex(r => r.checked)};
}"""

# How the focused element is drawn: a visible focus indicator is a non-none outline of some width,
# or a box-shadow.
_FOCUS_STYLE_JS = """() => {
    const a = document.activeElement;
    const s = getComputedStyle(a);
    return {focusVisible: a.matches(':focus-visible'), outlineStyle: s.outlineStyle,
            outlineWidth: parseFloat(s.outlineWidth) || 0, outlineColor: s.outlineColor,
            boxShadow: s.boxShadow, text: (a.textContent || '').trim()};
}"""


def active(page, box: str | None = None) -> dict:
    return page.evaluate(_ACTIVE_JS, box)


def tab_until(page, box: str, wanted, *, key: str = "Tab", limit: int = MAX_TABS) -> dict:
    """Press `key` until `wanted(active-element info)` holds; fail with the path taken if it never does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = active(page, box)
        if wanted(info):
            return info
        seen.append(f"{info['tag']}[{info['type']}] {info['text'][:30]!r}")
    pytest.fail(f"{key} x{limit} never reached the target in {box}; last stops: {seen[-8:]}")


def assert_visibly_focused(page, what: str) -> dict:
    style = page.evaluate(_FOCUS_STYLE_JS)
    drawn = (style["outlineStyle"] != "none" and style["outlineWidth"] > 0) or style["boxShadow"] not in ("", "none")
    assert style["focusVisible"], f"{what} has focus but does not match :focus-visible: {style}"
    assert drawn, f"{what} is focused by keyboard but shows no focus indicator (no outline, no box-shadow): {style}"
    return style


@pytest.mark.needs_notebook(NB01)
def test_keyboard_only_question_and_sorting_in_voila(page, open_in_voila):
    content = open_in_voila(page, NB01)
    question = content.locator(QUESTION)
    sort = content.locator(SORT)
    expect(question).to_have_count(1)
    expect(sort).to_have_count(1)
    expect(sort.get_by_role("button", name="Check my sorting")).to_be_visible(timeout=60_000)
    page.locator("body").focus()  # focus() is not a click: start the Tab order from the top

    # -- party_invite: Tab into the radio group, choose with the arrow keys, Tab to the button, Space.
    first = tab_until(page, QUESTION, lambda i: i["inBox"] and i["type"] == "radio")
    radio_count = question.get_by_role("radio").count()
    assert radio_count >= 2
    before = first["checkedIndex"]
    page.keyboard.press("ArrowDown")
    after = active(page, QUESTION)
    assert after["inBox"] and after["type"] == "radio", f"ArrowDown left the radio group: {after}"
    assert after["checkedIndex"] != -1, f"ArrowDown in the radio group selected no option: {after}"
    assert after["checkedIndex"] != before or radio_count == 1, f"ArrowDown did not change the choice: {after}"
    checked_index = after["checkedIndex"]
    expect(question.get_by_role("radio").nth(checked_index)).to_be_checked()

    button = tab_until(page, QUESTION, lambda i: i["inBox"] and i["tag"] == "BUTTON", limit=radio_count + 2)
    assert "Check answer" in button["text"], f"Tab from the radios reached {button}, not 'Check answer'"
    style = assert_visibly_focused(page, "'Check answer'")
    print(f"'Check answer' focus style: {style}")
    page.keyboard.press("Space")
    feedback = question.locator(".tb-feedback")
    expect(feedback).to_have_text(RESULT)
    print(f"party_invite by keyboard: option {checked_index + 1} -> {feedback.inner_text()[:60]!r}")

    # Shift+Tab goes back to the chosen radio (the group is one stop, or the last option is).
    back = tab_until(page, QUESTION, lambda i: i["inBox"] and i["type"] == "radio", key="Shift+Tab", limit=3)
    assert back["inBox"]

    # -- sorting: Tab to the first dropdown, ArrowDown to change it, Tab to "Check my sorting", Enter.
    select = tab_until(page, SORT, lambda i: i["inBox"] and i["tag"] == "SELECT")
    assert select["selectIndex"] == 0, f"the first dropdown reached by Tab is not statement 1: {select}"
    combo = sort.get_by_role("combobox").first
    # Known (reported): with value None the ipywidgets Dropdown has index None, so the <select> starts
    # blank (selectedIndex -1) instead of showing "Choose…"; the first ArrowDown lands on "Choose…".
    start = combo.evaluate("e => e.selectedIndex")
    print(f"statement 1 dropdown starts at selectedIndex {start}")
    chosen = "Choose…"
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        chosen = combo.evaluate("e => e.selectedIndex < 0 ? '' : e.options[e.selectedIndex].text")
        if chosen not in ("", "Choose…"):
            break
    assert chosen in ("therapy", "friendship", "both"), f"ArrowDown did not reach a category: {chosen!r}"
    expect(combo).to_have_value(chosen)
    assert active(page, SORT)["selectIndex"] == 0, "ArrowDown moved focus off the dropdown"
    combos = sort.get_by_role("combobox").count()
    check = tab_until(page, SORT, lambda i: i["inBox"] and i["tag"] == "BUTTON", limit=combos + 2)
    assert "Check my sorting" in check["text"], f"Tab reached {check}, not 'Check my sorting'"
    assert_visibly_focused(page, "'Check my sorting'")
    page.keyboard.press("Enter")
    sort_feedback = sort.locator(".tb-feedback")
    expect(sort_feedback).to_contain_text(SCORE)
    right, out_of = map(int, SCORE.search(sort_feedback.inner_text()).groups())
    assert out_of == combos and 0 <= right <= out_of
    print(f"sorting by keyboard: statement 1 -> {chosen!r}; score {right} of {out_of}")


@pytest.mark.parametrize("notebook", [pytest.param(NB00, marks=pytest.mark.needs_notebook(NB00)),
                                      pytest.param(NB06, marks=pytest.mark.needs_notebook(NB06))])
def test_axe_scan_in_voila(page, open_in_voila, notebook):
    content = open_in_voila(page, notebook)
    # Every exercise of the notebook rendered, not just the first.
    expect(content.locator(".tb-exercise").last).to_be_visible(timeout=60_000)
    page.wait_for_timeout(500)
    split = content_violations(page, VOILA_CONTENT)
    others = sum(split.other_counts().values())
    print(f"{notebook}: {others} other violation node(s) (not serious/critical inside {VOILA_CONTENT})")
    assert not split.blocking, f"serious/critical accessibility violations in {notebook}:\n" + split.describe()


# Contrast of the feedback text against what is drawn behind it. Colours are normalised through a
# canvas (any CSS colour syntax -> sRGB bytes); a translucent background is composited over its
# ancestors', a translucent text colour over the resulting background. Every element inside the
# feedback that holds text directly is measured; the lowest ratio is returned.
_CONTRAST_JS = """(selector) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const rgba = (css) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = '#000'; ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
        return a ? [r * 255 / a, g * 255 / a, b * 255 / a, a / 255] : [0, 0, 0, 0];
    };
    const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
    const background = (el) => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        let colour = [255, 255, 255, 1];  // the canvas behind everything
        for (const layer of layers.reverse()) colour = over(layer, colour);
        return colour;
    };
    const lum = (c) => {
        const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const root = document.querySelector(selector);
    const out = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
        const direct = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!direct || !el.getClientRects().length) continue;
        const bg = background(el);
        const fg = over(rgba(getComputedStyle(el).color), bg);
        const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        out.push({tag: el.tagName, text: el.textContent.trim().slice(0, 40), color: getComputedStyle(el).color,
                  fg: fg.map(Math.round), bg: bg.map(Math.round), ratio: (hi + 0.05) / (lo + 0.05)});
    }
    out.sort((x, y) => x.ratio - y.ratio);
    return out;
}"""


def _relative_luminance(rgb) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.needs_notebook(NB01)
def test_feedback_contrast_in_lab_dark_theme(page, open_in_lab, tmp_path):
    panel = open_in_lab(page, NB01)
    assert page.evaluate("document.body.dataset.jpThemeLight") == "true", "Lab did not start in the light theme"

    page.get_by_role("menuitem", name="Settings", exact=True).click()
    # Lumino gives submenu entries no role, and the theme entries may be checkable items: match by label.
    menu_item = page.locator(".lm-Menu-item")
    menu_item.filter(has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$"))).hover()
    menu_item.filter(has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^JupyterLab Dark$"))).click()
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false", timeout=30_000)
    expect(page.locator("body")).to_have_attribute("data-jp-theme-name", "JupyterLab Dark")
    # Body background: dark once the theme's stylesheet is applied.
    page.wait_for_function("""() => {
        const c = getComputedStyle(document.querySelector('.jp-Notebook')).backgroundColor;
        const m = c.match(/\\d+(\\.\\d+)?/g); return m && (+m[0] + +m[1] + +m[2]) < 200;
    }""", timeout=30_000)

    box = panel.locator(QUESTION)
    box.get_by_role("radio").first.check()
    box.get_by_role("button", name="Check answer").click()
    feedback = box.locator(".tb-feedback")
    expect(feedback).to_have_text(RESULT)
    feedback.scroll_into_view_if_needed()

    measured = page.evaluate(_CONTRAST_JS, f"{QUESTION} .tb-feedback")
    assert measured, "no text found inside the feedback"
    shot = tmp_path / "party_invite_dark_theme.png"
    box.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    for m in measured:
        print(f"contrast {m['ratio']:.2f}: {m['tag']} {m['text']!r} fg={m['fg']} bg={m['bg']}")
    # Recompute the lowest one here, from the page's sRGB values, as a cross-check of the JS formula.
    worst = measured[0]
    hi, lo = sorted((_relative_luminance(worst["fg"]), _relative_luminance(worst["bg"])), reverse=True)
    assert abs((hi + 0.05) / (lo + 0.05) - worst["ratio"]) < 0.05
    assert _relative_luminance(worst["bg"]) < 0.2, f"the background behind the feedback is not dark: {worst}"
    low = [m for m in measured if m["ratio"] < 4.5]
    assert not low, "feedback text below WCAG AA contrast (4.5:1) in the dark theme:\n" + "\n".join(
        f"- {m['ratio']:.2f}: {m['tag']} {m['text']!r} colour {m['color']} on {m['bg']}" for m in low)
