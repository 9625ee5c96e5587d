"""Views for notebook 06: the mixed review deck and the personal summary by topic."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from ..exercises import Result
from ..review import NOTEBOOKS, ReviewItem, summary_by_topic, to_revisit
from .charts import DeckSummaryBox
from .kit import Deck


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
        return f"<h3>{self.counter(topic)}</h3>", f"<p>{escape(item.prompt)}</p>"

    def read_answer(self):
        return self.answer.value

    def show_answer(self, answer) -> None:
        self.answer.value = answer if answer in {value for _, value in self.current.options} else None

    def evaluate(self, item: ReviewItem, answer) -> Result:
        return item.evaluate(answer)


class ReviewSummaryBox(DeckSummaryBox):
    """How the review went, topic by topic, with links back to the notebooks worth revisiting."""

    kind = "review-summary"
    label = "Your summary by topic"
    button = "Show my summary"
    axis = "review items"
    empty = "<p>No answers yet: check a few review items above, then show the summary.</p>"

    def __init__(self, deck: ReviewDeck):
        super().__init__(deck, "review_summary")

    def table(self):
        return summary_by_topic(self.deck.items, self.deck.results)

    def after(self, table) -> str:
        revisit = "".join(f'<li><a href="{file}">{escape(topic)}</a></li>' for topic, file in to_revisit(table))
        return (f"<p><strong>Worth revisiting:</strong></p><ul>{revisit}</ul>" if revisit
                else "<p>Every item answered and in line with the explanations or a recognised view.</p>")
