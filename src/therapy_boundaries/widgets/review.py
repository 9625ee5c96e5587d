"""Views for notebook 06: the mixed review deck and the personal summary by topic."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from ..exercises import Result
from ..review import NOTEBOOKS, ReviewItem, summary_by_topic, to_revisit
from .charts import figure_html, stacked_bars
from .kit import Deck, ExerciseBox, feedback_area


class ReviewDeck(Deck):
    """Items from every topic, one at a time, each with its own options."""

    kind = "review"
    label = "Mixed review"
    noun = "item"

    def __init__(self, items: tuple[ReviewItem, ...], notebook: str | None = None):
        self.answer = w.RadioButtons(options=[], value=None, description="Your answer",
                                     style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        super().__init__(items, "review", [self.answer], notebook)

    def render(self, item: ReviewItem) -> tuple[str, str]:
        self.answer.options = list(item.options)  # before show_answer sets a value among them
        self.answer.value = None
        topic = NOTEBOOKS[item.notebook][0]
        return f"<h4>{self.counter(topic)}</h4>", f"<p>{escape(item.prompt)}</p>"

    def read_answer(self):
        return self.answer.value

    def show_answer(self, answer) -> None:
        self.answer.value = answer if answer in {value for _, value in self.current.options} else None

    def evaluate(self, item: ReviewItem, answer) -> Result:
        return item.evaluate(answer)


class ReviewSummaryBox(ExerciseBox):
    """How the review went, topic by topic, with a chart in words and links back to what to revisit."""

    kind = "review-summary"
    label = "Your summary by topic"

    def __init__(self, deck: ReviewDeck):
        self.deck = deck
        self.refresh = w.Button(description="Show my summary")
        self.feedback = feedback_area()
        self.summary = None
        self.refresh.on_click(self._on_refresh)
        super().__init__("review_summary", [self.refresh, self.feedback])

    def _on_refresh(self, _button=None) -> None:
        self.summary = summary = summary_by_topic(self.deck.items, self.deck.results)
        if summary["answered"].sum() == 0:
            self.feedback.value = "<p>No answers yet: check a few review items above, then show the summary.</p>"
            return
        words = "; ".join(f"{topic}: {r['answered']} of {r['items']} answered, {r['agreed']} agreed, "
                          f"{r['experts differ']} where experts differ, {r['did not agree']} did not agree"
                          for topic, r in summary.iterrows()) + "."
        chart = stacked_bars(summary[["agreed", "experts differ", "did not agree"]], "review items")
        revisit = "".join(f'<li><a href="{file}">{escape(topic)}</a></li>' for topic, file in to_revisit(summary))
        revisit = (f"<p><strong>Worth revisiting:</strong></p><ul>{revisit}</ul>" if revisit
                   else "<p>Every item answered and in line with the explanations or a recognised view.</p>")
        self.feedback.value = summary.to_html(escape=True, border=0) + figure_html(chart, words) + revisit
