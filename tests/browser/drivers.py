"""How to complete one exercise of each kind, written once and played by two hands.

`Pointer` uses Playwright's check/click/select_option (as a mouse user would); `Keyboard` uses only
Tab, Shift+Tab, the arrow keys, Space, Enter and typed text, and checks that every control it is about to
use shows a visible focus indicator. A driver says what to do (`hand.choose`, `hand.press`, ...) and what
the feedback must say; `complete(kind, box, hand)` returns that feedback text.

Every exercise box carries the classes `tb-exercise tb-<kind>`; a kind without a driver here fails the
test that meets it, so a new exercise type cannot ship untested.
"""

from __future__ import annotations

import re

import pytest

from .harness import expect

RESULT = re.compile(r"(Correct|Not quite|Experts differ) —")
MAX_TABS = 400

# Where focus is, relative to a target element: on it, inside it, before or after it in the document.
_WHERE_JS = """(target) => {
    const a = document.activeElement;
    if (a === target || target.contains(a)) return 'here';
    if (!a || a === document.body) return 'body';
    return (a.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING) ? 'before' : 'after';
}"""

_FOCUS_STYLE_JS = """() => {
    const a = document.activeElement, s = getComputedStyle(a);
    return {tag: a.tagName, type: a.type || '', focusVisible: a.matches(':focus-visible'),
            outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
            shadow: !['', 'none'].includes(s.boxShadow), text: (a.textContent || a.value || '').trim().slice(0, 40)};
}"""


class Pointer:
    """Mouse-style actions through Playwright."""

    name = "pointer"

    def __init__(self, page):
        self.page = page

    def choose(self, group, option: int) -> None:
        group.get_by_role("radio").nth(option).check()

    def select(self, combo, option: int) -> None:
        combo.select_option(index=option)

    def tick(self, checkbox) -> None:
        checkbox.check()

    def type(self, field, text: str) -> None:
        field.fill(text)

    def press(self, button) -> None:
        button.click()


class Keyboard:
    """The same actions with the keyboard alone; `stops` counts every key pressed."""

    name = "keyboard"

    def __init__(self, page):
        self.page, self.stops, self.focus_styles = page, 0, []

    def key(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.stops += 1

    def focus(self, target) -> None:
        """Tab (or Shift+Tab, if the target lies behind) until focus is on or inside `target`."""
        handle = target.element_handle()
        seen = []
        for _ in range(MAX_TABS):
            where = self.page.evaluate(_WHERE_JS, handle)
            if where == "here":
                self.assert_visible_focus()
                return
            self.key("Shift+Tab" if where == "after" else "Tab")
            seen.append(self.page.evaluate(_FOCUS_STYLE_JS)["text"])
        pytest.fail(f"{MAX_TABS} Tab presses never reached {target}; last stops: {seen[-8:]}")

    def assert_visible_focus(self) -> None:
        style = self.page.evaluate(_FOCUS_STYLE_JS)
        assert style["focusVisible"] and (style["outline"] or style["shadow"]), \
            f"keyboard focus on {style['tag']} {style['text']!r} is not visibly drawn: {style}"
        self.focus_styles.append(style)

    def choose(self, group, option: int) -> None:
        """Tab into the radio group, Space if nothing is chosen yet, then the arrows to the option."""
        radios = group.get_by_role("radio")
        self.focus(group)
        if not _checked(radios):
            self.key("Space")
        for _ in range(radios.count()):
            if radios.nth(option).is_checked():
                break
            self.key("ArrowDown")
        expect(radios.nth(option)).to_be_checked()

    def select(self, combo, option: int) -> None:
        self.focus(combo)
        for _ in range(combo.locator("option").count() + 1):
            current = combo.evaluate("e => e.selectedIndex")
            if current == option:
                break
            self.key("ArrowDown" if current < option else "ArrowUp")
        assert combo.evaluate("e => e.selectedIndex") == option

    def tick(self, checkbox) -> None:
        self.focus(checkbox)
        if not checkbox.is_checked():
            self.key("Space")
        expect(checkbox).to_be_checked()

    def type(self, field, text: str) -> None:
        self.focus(field)
        self.page.keyboard.type(text)
        self.stops += 1

    def press(self, button) -> None:
        self.focus(button)
        self.key("Enter")


def _checked(radios) -> list[int]:
    return [i for i, checked in enumerate(radios.evaluate_all("rs => rs.map(r => r.checked)")) if checked]


def button(box, name: str):
    return box.get_by_role("button", name=name, exact=True)


def feedback_of(box, *, nth: int = 0):
    return box.locator(".tb-feedback").nth(nth)


def said(box, pattern, *, nth: int = 0) -> str:
    """Wait until the box's feedback matches `pattern`; return its text."""
    area = feedback_of(box, nth=nth)
    expect(area).to_contain_text(pattern, timeout=15_000)
    return area.inner_text().strip()


# -- one driver per kind ---------------------------------------------------------------------------

def choice(box, hand) -> str:
    hand.choose(box.locator(".widget-radio-box").first, 1)
    hand.press(button(box, "Check answer"))
    return said(box, RESULT)


def sort(box, hand) -> str:
    combos = box.get_by_role("combobox")
    for index in range(min(3, combos.count())):   # a partial sorting is scored too: n of all
        hand.select(combos.nth(index), 1 + index % 3)
    hand.press(button(box, "Check my sorting"))
    text = said(box, re.compile(r"\d+ of \d+"))
    right, out_of = map(int, re.search(r"(\d+) of (\d+)", text).groups())
    assert out_of == combos.count() and 0 <= right <= 3, text
    return text


def reflection(box, hand) -> str:
    hand.type(box.get_by_role("textbox"), "A warm teacher once kept to the role; that made it safe.")
    hand.press(button(box, "Save"))
    said(box, "Not saved — tick")                 # nothing is stored without the tick
    hand.tick(box.get_by_role("checkbox"))
    hand.press(button(box, "Save"))
    return said(box, re.compile(r"^Saved — "))


def glossary(box, hand) -> str:
    hand.type(box.get_by_role("combobox"), "transference")
    return said(box, re.compile(r"transference", re.I))


def answers(box, hand) -> str:
    hand.press(button(box, "Show what is saved"))
    return said(box, re.compile(r"saved answer\(s\)|Nothing is saved"))


def export(box, hand) -> str:
    hand.press(button(box, "What will the file contain?"))
    said(box, re.compile(r"\S"))
    hand.press(button(box, "Export my answers"))
    said(box, "Press Export my answers again")
    hand.press(button(box, "Export my answers"))
    return said(box, re.compile(r"^Exported to "))


def deck(box, hand, *, groups: int = 1) -> str:
    for group in range(groups):
        hand.choose(box.locator(".widget-radio-box").nth(group), group)
    hand.press(button(box, "Check"))
    text = said(box, RESULT)
    hand.press(box.get_by_role("button", name=re.compile(r"^Next ")))
    expect(box.locator("h3").first).to_contain_text(re.compile(r" 2 of \d+"))
    hand.press(box.get_by_role("button", name=re.compile(r"^Previous ")))   # the result is kept
    expect(box.locator("h3").first).to_contain_text(re.compile(r" 1 of \d+"))
    assert said(box, RESULT) == text
    return text


def nameit(box, hand) -> str:
    return deck(box, hand, groups=2)


def two_sides(box, hand) -> str:
    for group in range(4):
        hand.choose(box.locator(".widget-radio-box").nth(group), group % 2)
    hand.press(button(box, "Check both sides"))
    text = said(box, "How the two sides connect")
    assert len(RESULT.findall(text)) == 2, text
    return text


def detail(box, hand) -> str:
    base = said(box, "As described, this reads as")
    combo = box.get_by_role("combobox", name="Who benefits")
    current = combo.evaluate("e => e.selectedIndex")
    hand.select(combo, 0 if current else 1)
    text = said(box, re.compile(r"Changing 'who benefits'|Nothing changed"))
    assert text != base
    return text


def summary(box, hand) -> str:
    hand.press(box.get_by_role("button"))
    text = said(box, re.compile(r"In words: .*\d+ agreed"))
    expect(box.locator("figure[role=img]")).to_have_attribute("aria-label", re.compile(r"answered"))
    return text


def casebook(box, hand) -> str:
    hand.select(box.get_by_role("combobox", name="Case"), 1)
    hand.press(button(box, "Show the expert discussion"))
    return said(box, "Expert discussion:")


def decision(box, hand) -> str:
    ratings = box.get_by_role("combobox")
    for index in range(1, ratings.count()):          # 0 is the case; then the three ratings of step 1
        hand.select(ratings.nth(index), 1)
    for _ in range(6):
        hand.press(button(box, "Next step"))
    text = said(box, "The model's reading:")
    assert "Your decision path" in text
    return text


def codes(box, hand) -> str:
    boxes = box.get_by_role("checkbox")
    for index in range(0, boxes.count(), 2):
        hand.tick(boxes.nth(index))
    hand.press(button(box, "Check answer"))
    return said(box, RESULT)


def figure(box, hand) -> str:
    chart = box.locator("figure[role=img]")
    expect(chart).to_have_attribute("aria-label", re.compile(r"\d"))
    return chart.get_attribute("aria-label")


def class_results(box, hand) -> str:
    hand.press(button(box, "Refresh"))
    return said(box, re.compile(r"\d+ student\(s\)"))


DRIVERS = {
    "choice": choice, "sort": sort, "reflection": reflection, "glossary": glossary, "answers": answers,
    "export": export, "classify": deck, "review": deck, "nameit": nameit, "two-sides": two_sides,
    "detail": detail, "summary": summary, "review-summary": summary, "casebook": casebook,
    "decision": decision, "codes": codes, "figure": figure, "class-results": class_results,
}

_KINDS_JS = """(root) => [...document.querySelectorAll(root + ' .tb-exercise')].map(box =>
    [...box.classList].filter(c => c.startsWith('tb-') && c !== 'tb-exercise' && !c.startsWith('tb-q-'))
        .map(c => c.slice(3))[0])"""


def kinds_in_order(page, root: str) -> list[str]:
    """The kind of every exercise box under `root`, in document order."""
    return page.evaluate(_KINDS_JS, root)


def complete_each_kind(page, root: str, hand) -> dict[str, str]:
    """Complete the first exercise of every kind under `root` with `hand`; {kind: feedback text}."""
    done: dict[str, str] = {}
    kinds = kinds_in_order(page, root)
    for index, kind in enumerate(kinds):
        if kind in done:
            continue
        driver = DRIVERS.get(kind)
        assert driver, f"no browser driver for exercise kind {kind!r}: add one to tests/browser/drivers.py"
        box = page.locator(f"{root} .tb-exercise").nth(index)
        box.scroll_into_view_if_needed()
        done[kind] = driver(box, hand)
    return done
