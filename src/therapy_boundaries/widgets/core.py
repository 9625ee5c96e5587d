"""Views for the exercises every notebook uses: a question, sorting, reflection, glossary, saved answers."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w

from ..exercises import CATEGORIES, GlossaryEntry, Question, Result, SortingTask, lookup
from ..progress import AnswerStore, AnswerStoreError, shown_path
from .kit import ExerciseBox, feedback_area, paragraph, say


class ChoiceQuestionBox(ExerciseBox):
    """One question, its options as radio buttons, and per-option feedback."""

    kind = "choice"
    label = "Question"

    def __init__(self, question: Question, notebook: str | None = None):
        self.question = question
        self.answer = w.RadioButtons(
            options=[(o.text, o.id) for o in question.options], value=None,
            description="Your answer", style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.check = w.Button(description="Check answer", tooltip="Check answer")
        self.feedback = feedback_area()
        self.result: Result | None = None
        self.check.on_click(self._on_check)
        super().__init__(question.id, [paragraph(question.prompt), self.answer, self.check, self.feedback], notebook)
        self.add_class(f"tb-q-{question.id}")
        saved = self.earlier(question.id)
        if saved in {o.id for o in question.options}:
            self.answer.value, self.feedback.value = saved, self.RESTORED

    def _on_check(self, _button=None) -> None:
        self.result = self.question.evaluate(self.answer.value)
        self.answer_with(say(self.result), (self.question.id, self.answer.value, self.result))


class SortingBox(ExerciseBox):
    """Put each statement under "therapy", "friendship" or "both", then check all at once."""

    kind = "sort"
    label = "Sorting exercise"
    placeholder = "Choose…"

    def __init__(self, task: SortingTask, name: str = "sorting", notebook: str | None = None):
        self.task = task
        self.choices: dict[str, w.Dropdown] = {}
        rows: list[w.Widget] = [paragraph("For each statement, choose whether it describes a therapeutic "
                                          "relationship, a friendship, or both. Then check your sorting.")]
        for number, statement in enumerate(task.statements, 1):
            # index=0, not value=None: ipywidgets reads value=None as "nothing selected", a blank box
            choice = w.Dropdown(options=[(self.placeholder, None), *[(c, c) for c in CATEGORIES]],
                                index=0, description=f"Statement {number}",
                                style={"description_width": "7em"})
            self.choices[statement.id] = choice
            rows += [paragraph(f"{number}. {statement.text}"), choice]
        self.check = w.Button(description="Check my sorting")
        self.feedback = feedback_area()
        self.score = None
        self.check.on_click(self._on_check)
        super().__init__(name, [*rows, self.check, self.feedback], notebook)
        for sid, choice in self.choices.items():
            saved = self.earlier(f"{name}/{sid}")
            if saved in CATEGORIES:
                choice.value, self.feedback.value = saved, self.RESTORED

    def _on_check(self, _button=None) -> None:
        self.score = self.task.evaluate({sid: box.value for sid, box in self.choices.items()})
        items = "".join(f"<li>{say(item.result)}</li>" for item in self.score.items)
        self.answer_with(f"<p><strong>{escape(self.score.summary())}</strong></p><ol>{items}</ol>",
                         *[(f"{self.name}/{item.statement.id}", item.answer, item.result) for item in self.score.items])


class ReflectionBox(ExerciseBox):
    """A free-text reflection that is stored only if the student ticks the box and saves."""

    kind = "reflection"
    label = "Reflection"

    def __init__(self, notebook: str, name: str, prompt: str, store: AnswerStore | None = None):
        self.store = store or AnswerStore()
        self.text = w.Textarea(description="Your reflection", placeholder="Write a few sentences…",
                               style={"description_width": "initial"},
                               layout=w.Layout(width="100%", height="7em"))
        self.consent = w.Checkbox(value=False, description="Save my answer on this computer", indent=False)
        self.save = w.Button(description="Save")
        self.feedback = feedback_area()
        self.save.on_click(self._on_save)
        where = paragraph("Nothing you type here is stored unless you tick the box and press Save. "
                          f"Saved answers go to {shown_path(self.store.path)} (notebook 00 shows how "
                          "to delete them).")
        super().__init__(name, [paragraph(prompt), self.text, self.consent, self.save, self.feedback, where],
                         notebook, self.store)
        saved = self.earlier(name)
        if isinstance(saved, str):
            self.text.value, self.consent.value = saved, True
            self.feedback.value = "<p>Your saved reflection is shown. Edit it and press Save to replace it.</p>"

    def _on_save(self, _button=None) -> None:
        if not self.consent.value:
            message = ("Not saved — tick 'Save my answer on this computer' first. "
                       "Nothing you typed has been stored.")
        elif not self.text.value.strip():
            message = "Not saved — the reflection is empty."
        else:
            try:
                message = "Saved — " + self.store.save(self.notebook, self.name, self.text.value)
            except (OSError, AnswerStoreError) as exc:
                message = f"Not saved — {exc}"
        self.feedback.value = f"<p>{escape(message)}</p>"


class GlossaryBox(ExerciseBox):
    """Type or pick a term; its definition appears below."""

    kind = "glossary"
    label = "Glossary"

    def __init__(self, entries: tuple[GlossaryEntry, ...]):
        self.entries = entries
        self.query = w.Combobox(options=sorted(e.term for e in entries), ensure_option=False,
                                description="Look up a term", placeholder="e.g. transference",
                                style={"description_width": "initial"})
        self.feedback = feedback_area()
        self.query.observe(self._on_query, names="value")
        super().__init__("glossary", [self.query, self.feedback])

    def _on_query(self, _change=None) -> None:
        query = self.query.value
        found = lookup(self.entries, query)
        if not query.strip():
            self.feedback.value = ""
        elif not found:
            self.feedback.value = f"<p>No term matches “{escape(query)}”. Try a shorter word.</p>"
        else:
            items = "".join(f"<dt><strong>{escape(e.term)}</strong> (notebook {escape(e.notebook)})</dt>"
                            f"<dd>{escape(e.definition)}</dd>" for e in found)
            self.feedback.value = f"<dl>{items}</dl>"


class SavedAnswersBox(ExerciseBox):
    """Where the student's answers are stored, what is there, and a guarded delete button."""

    kind = "answers"
    label = "Your saved answers"

    def __init__(self, store: AnswerStore | None = None):
        self.store = store or AnswerStore()
        self.show = w.Button(description="Show what is saved")
        self.confirm = w.Checkbox(value=False, description="Yes, delete all my saved answers", indent=False)
        self.delete = w.Button(description="Delete my saved answers", button_style="danger")
        self.feedback = feedback_area()
        self.show.on_click(self._on_show)
        self.delete.on_click(self._on_delete)
        where = paragraph(f"Your answer file: {shown_path(self.store.path)}. It is created only when you "
                          "save an answer; set THERAPY_BOUNDARIES_ANSWERS to keep it somewhere else.")
        super().__init__("saved_answers", [where, self.show, self.confirm, self.delete, self.feedback])

    def _on_show(self, _button=None) -> None:
        try:
            saved = self.store.answers()
        except AnswerStoreError as exc:
            self.feedback.value = f"<p>{escape(str(exc))}</p>"
            return
        if not saved:
            self.feedback.value = "<p>Nothing is saved: you have not saved any answer yet.</p>"
            return
        items = "".join(f"<li>notebook {escape(v['notebook'])}, {escape(v['exercise'])}: "
                        f"{escape(str(v['answer']))}</li>" for v in saved.values())
        self.feedback.value = f"<p>{len(saved)} saved answer(s):</p><ul>{items}</ul>"

    def _on_delete(self, _button=None) -> None:
        if not self.confirm.value:
            message = "Nothing deleted — tick 'Yes, delete all my saved answers' first."
        else:
            message = self.store.delete()
            self.confirm.value = False
        self.feedback.value = f"<p>{escape(message)}</p>"


class ExportBox(ExerciseBox):
    """Write the hand-in file: says what it will contain first; no name unless the student types one."""

    kind = "export"
    label = "Export my answers"

    def __init__(self, folder: Path, store: AnswerStore | None = None):
        self.folder = Path(folder)
        self._confirmed: str | None = None  # the preview the student has seen and may now confirm
        self.student_name = w.Text(description="Your name (optional)", placeholder="leave empty to stay pseudonymous",
                                   style={"description_width": "initial"}, layout=w.Layout(width="32em"))
        self.preview = w.Button(description="What will the file contain?")
        self.export = w.Button(description="Export my answers")
        self.feedback = feedback_area()
        self.preview.on_click(lambda _: self._say(self.store.export_preview(self.student_name.value)))
        self.export.on_click(self._on_export)
        where = paragraph(f"The file goes to {shown_path(self.folder.resolve())}, named after your pseudonym. "
                          "Hand it in as your instructor asks.")
        super().__init__("export", [self.student_name, self.preview, self.export, self.feedback, where],
                         store=store)

    def _say(self, message: str) -> None:
        self.feedback.value = f"<p>{escape(message)}</p>"

    def _on_export(self, _button=None) -> None:
        try:
            preview = self.store.export_preview(self.student_name.value)
            if preview != self._confirmed:  # first press, or the contents changed: say what, then wait
                self._confirmed = preview
                self._say(f"{preview} Press Export my answers again to write the file.")
                return
            path = self.store.export(self.folder, self.student_name.value)
        except (OSError, AnswerStoreError) as exc:
            self._say(f"Not exported — {exc}")
            return
        self._confirmed = None
        self._say(f"Exported to {shown_path(path.resolve())}. {preview}")
