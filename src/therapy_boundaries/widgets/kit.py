"""The pieces every exercise view shares: its box, its feedback area, and how a result is said."""

from __future__ import annotations

import sys
from html import escape

import ipywidgets as w

from ..exercises import Result
from ..progress import AnswerStore, AnswerStoreError

ACCENT = {
    "correct": "var(--jp-success-color1, #388e3c)",
    "incorrect": "var(--jp-error-color1, #d32f2f)",
    "debated": "var(--jp-warn-color1, #f57c00)",
    "unanswered": "var(--jp-border-color1, #bdbdbd)",
}

# The course's few style rules, shipped inside each box so they work in JupyterLab and Voilà alike:
# - radio labels wrap, circle first (ipywidgets fixes them at one line, so long options overlapped);
# - buttons grow to fit their label instead of cutting it short ("Show the expert …");
# - links in course text are underlined, not told apart by colour alone (WCAG 1.4.1);
# - keyboard focus is a solid outline in the theme's brand colour on every control (WCAG 2.4.7);
#   ipywidgets sets `outline: none !important` on text fields, which the doubled class outranks.
STYLE = """<style>
.tb-exercise .widget-radio-box label { white-space: normal; height: auto; line-height: 1.4; margin-bottom: 0.4em;
  display: flex; flex-direction: row-reverse; justify-content: flex-end; align-items: flex-start; gap: 0.5em; }
.tb-exercise .widget-radio-box input { flex: none; float: none; margin: 0.2em 0 0 0; }
.tb-exercise .widget-radio-box { width: 100%; }
.tb-exercise .jupyter-button { width: auto; min-width: var(--jp-widgets-inline-width-short, 148px); }
.tb-exercise .tb-text p { margin: 0.2em 0 0.4em; }
.tb-exercise .tb-feedback ul, .tb-exercise .tb-feedback ol { margin: 0.3em 0; padding-left: 1.4em; }
.tb-exercise.tb-exercise :focus-visible { outline: 2px solid var(--jp-brand-color1, #1976d2) !important; outline-offset: 1px; }
.jp-Notebook .jp-RenderedHTMLCommon a, #rendered_cells .jp-RenderedHTMLCommon a { text-decoration: underline; }
</style>"""


def say(result: Result) -> str:
    """The result as HTML: the words carry the meaning, the coloured edge only repeats it."""
    views = "".join(f"<li><strong>View {n}:</strong> {escape(v)}</li>" for n, v in enumerate(result.views, 1))
    views = f"<ul>{views}</ul>" if views else ""
    return (f'<div style="border-left: 4px solid {ACCENT[result.status]}; padding: 0.2em 0.8em;">'
            f"<strong>{result.headline} —</strong> {escape(result.explanation)}{views}</div>")


def send_now() -> None:
    """Send the widget updates queued so far to the browser before doing slower work.

    In a kernel, stdout's flush waits until ipykernel's IOPub thread has sent everything queued before
    it, the feedback included; without the wait, a save that holds the GIL delays that thread by up to
    the 5 ms switch interval. Outside a kernel it only flushes stdout.
    """
    sys.stdout.flush()


def paragraph(content: str) -> w.HTML:
    block = w.HTML(f"<p>{escape(content)}</p>", layout=w.Layout(width="100%"))
    block.add_class("tb-text")
    return block


def feedback_area() -> w.HTML:
    area = w.HTML("", layout=w.Layout(width="100%"))
    area.add_class("tb-feedback")
    return area


class ExerciseBox(w.VBox):
    """A VBox with the course's classes and a readable plain-text stand-in (seen on GitHub).

    With a `notebook`, checked answers go to the student's answer store and come back when the
    notebook is run again; without one (as in most tests) nothing is recorded.
    """

    kind = "exercise"
    label = "Exercise"
    RESTORED = "<p>Your earlier answer is shown. Check it again to see the feedback.</p>"

    def __init__(self, name: str, children: list[w.Widget], notebook: str | None = None,
                 store: AnswerStore | None = None):
        self.name, self.notebook = name, notebook
        self.store = store or AnswerStore()
        # overflow visible: full-width children plus ipywidgets' 2px margins would otherwise turn the
        # box into a scrollable region with nothing focusable in it (axe: scrollable-region-focusable).
        super().__init__([w.HTML(STYLE), *children],
                         layout=w.Layout(width="100%", max_width="52em", overflow="visible"))
        self.add_class("tb-exercise")
        self.add_class(f"tb-{self.kind}")

    def remember(self, *entries: tuple[str, object, Result | None]) -> str:
        """Record (exercise, answer, result) entries in one write (result None: not scored).

        Returns an HTML note if they could not be saved, else "". Unanswered items are not kept.
        """
        kept = [(exercise, answer, result.status if result else None) for exercise, answer, result in entries
                if not (result and result.status == "unanswered")]
        if not self.notebook or not kept:
            return ""
        try:
            self.store.save_many(self.notebook, kept)
        except (OSError, AnswerStoreError) as exc:
            return f"<p>This answer could not be saved: {escape(str(exc))}</p>"
        return ""

    def answer_with(self, html: str, *entries: tuple[str, object, Result | None]) -> None:
        """Show the feedback first — the student waits for nothing else — then keep the answers."""
        self.feedback.value = html
        send_now()
        note = self.remember(*entries)
        if note:
            self.feedback.value = html + note

    def earlier(self, exercise: str):
        return self.store.earlier(self.notebook, exercise) if self.notebook else None

    def __repr__(self) -> str:
        return f"{self.label} '{self.name}' (interactive: run the notebook to answer)"




class Deck(ExerciseBox):
    """Items one at a time: answer, check, move back and forth; every answer and result is kept.

    A subclass gives `controls` (the answer widgets), and says how to `render` an item, read and
    show an answer, and `evaluate` it.
    """

    noun = "item"

    def __init__(self, items: tuple, name: str, controls: list[w.Widget], notebook: str | None = None):
        self.items, self.position = items, 0
        self.results: dict[str, Result] = {}
        self.chosen: dict[str, object] = {}
        self.heading = w.HTML()
        self.text = w.HTML(layout=w.Layout(width="100%"))
        self.text.add_class("tb-text")
        self.check = w.Button(description="Check")
        self.previous = w.Button(description=f"Previous {self.noun}")
        self.next = w.Button(description=f"Next {self.noun}")
        self.feedback = feedback_area()
        self.check.on_click(self._on_check)
        self.previous.on_click(lambda _: self.go(self.position - 1))
        self.next.on_click(lambda _: self.go(self.position + 1))
        super().__init__(name, [self.heading, self.text, *controls,
                                w.HBox([self.check, self.previous, self.next]), self.feedback], notebook)
        for item in items:
            saved = self.earlier(f"{name}/{item.id}")
            if saved is not None:
                self.chosen[item.id] = self.restore(saved)
        self.go(0)

    @property
    def current(self):
        return self.items[self.position]

    def go(self, position: int) -> None:
        if self.heading.value:  # not on the first call, which would blank a restored answer
            self.chosen[self.current.id] = self.read_answer()
        self.position = max(0, min(position, len(self.items) - 1))
        item = self.current
        self.heading.value, self.text.value = self.render(item)
        self.show_answer(self.chosen.get(item.id))
        result = self.results.get(item.id)
        self.feedback.value = say(result) if result else self.RESTORED if item.id in self.chosen else ""
        self.previous.disabled = self.position == 0
        self.next.disabled = self.position == len(self.items) - 1

    def _on_check(self, _button=None) -> None:
        answer = self.read_answer()
        result = self.evaluate(self.current, answer)
        if result.status != "unanswered":
            self.results[self.current.id] = result
        self.answer_with(say(result), (f"{self.name}/{self.current.id}", answer, result))

    def counter(self, title: str) -> str:
        return f"{self.noun.capitalize()} {self.position + 1} of {len(self.items)}: {escape(title)}"

    # -- what a subclass provides ------------------------------------------------------------
    def render(self, item) -> tuple[str, str]:
        raise NotImplementedError

    def read_answer(self):
        raise NotImplementedError

    def show_answer(self, answer) -> None:
        raise NotImplementedError

    def evaluate(self, item, answer) -> Result:
        raise NotImplementedError

    def restore(self, saved):
        """A saved answer (as JSON gave it back) in the form `show_answer` takes."""
        return saved
