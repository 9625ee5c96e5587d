"""Views for notebook 03: name what is at work in a vignette, and see one moment from both chairs."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from ..exercises import Result
from ..transference import Kind, Moment, Phenomenon, Vignette
from .kit import Deck, ExerciseBox, feedback_area, say


def dialogue_html(vignette: Vignette) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in vignette.lines)
    return f'<blockquote style="margin: 0.3em 0 0.6em; padding-left: 0.8em;">{lines}</blockquote>'


class NameIt:
    """The two questions every vignette asks: what is happening, and what kind of feeling."""

    def __init__(self, suffix: str = ""):
        style = {"description_width": "initial"}
        self.phenomenon = w.RadioButtons(options=[(p.label, p.value) for p in Phenomenon], value=None,
                                         description=f"What is happening{suffix}?", style=style)
        self.kind = w.RadioButtons(options=[(k.label, k.value) for k in Kind], value=None,
                                   description=f"What kind of feeling{suffix}?", style=style)

    @property
    def controls(self) -> list[w.Widget]:
        return [self.phenomenon, self.kind]

    def read(self) -> tuple[str | None, str | None]:
        return self.phenomenon.value, self.kind.value

    def show(self, answer: tuple[str | None, str | None] | None) -> None:
        self.phenomenon.value, self.kind.value = answer or (None, None)


class VignetteDeck(Deck):
    """One vignette at a time: name the phenomenon and its kind, check, move on."""

    kind = "nameit"
    label = "Name it"
    noun = "vignette"

    def __init__(self, vignettes: tuple[Vignette, ...], name: str = "name_it", notebook: str | None = None):
        self.name_it = NameIt()
        super().__init__(vignettes, name, self.name_it.controls, notebook)

    def render(self, vignette: Vignette) -> tuple[str, str]:
        setting = escape(vignette.setting.replace("_", " "))
        return f"<h3>{self.counter(vignette.title)}</h3><p>Setting: {setting}</p>", dialogue_html(vignette)

    def read_answer(self):
        return self.name_it.read()

    def show_answer(self, answer) -> None:
        self.name_it.show(answer)

    def evaluate(self, vignette: Vignette, answer) -> Result:
        return vignette.name_it(*answer)

    def restore(self, saved):
        return tuple(saved)  # JSON gives the pair back as a list


class TwoSidesBox(ExerciseBox):
    """The same moment from the client's chair and the therapist's; after checking, how they connect."""

    kind = "two-sides"
    label = "Two sides of one moment"

    def __init__(self, moment: Moment, notebook: str | None = None):
        self.moment = moment
        self.client, self.therapist = NameIt(" on the client's side"), NameIt(" on the therapist's side")
        self.check = w.Button(description="Check both sides")
        self.feedback = feedback_area()
        self.results: tuple[Result, Result] | None = None
        self.check.on_click(self._on_check)
        side = "<h3>{}</h3>"
        super().__init__(moment.id, [
            w.HTML(f"<h3>{escape(moment.title)}</h3>"),
            w.HTML(side.format("The client's side") + dialogue_html(moment.client)), *self.client.controls,
            w.HTML(side.format("The therapist's side") + dialogue_html(moment.therapist)), *self.therapist.controls,
            self.check, self.feedback,
        ], notebook)
        for side, name_it in (("client", self.client), ("therapist", self.therapist)):
            saved = self.earlier(f"{moment.id}/{side}")
            if saved is not None:
                name_it.show(tuple(saved))
                self.feedback.value = self.RESTORED

    def _on_check(self, _button=None) -> None:
        self.results = (self.moment.client.name_it(*self.client.read()),
                        self.moment.therapist.name_it(*self.therapist.read()))
        client, therapist = self.results
        connection = ""
        if "unanswered" not in (client.status, therapist.status):
            connection = f"<p><strong>How the two sides connect:</strong> {escape(self.moment.connection)}</p>"
        self.answer_with(f"<p><strong>The client's side</strong></p>{say(client)}"
                         f"<p><strong>The therapist's side</strong></p>{say(therapist)}{connection}",
                         (f"{self.moment.id}/client", list(self.client.read()), client),
                         (f"{self.moment.id}/therapist", list(self.therapist.read()), therapist))
