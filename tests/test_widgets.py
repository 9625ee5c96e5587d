"""Widgets driven in the kernel: set values, click, read the feedback a student would read."""

from __future__ import annotations

import re

import ipywidgets as w

from therapy_boundaries import data, widgets
from therapy_boundaries.exercises import GlossaryEntry, Option, Question, SortingTask, Statement
from therapy_boundaries.progress import AnswerStore

from .conftest import DATA as DATA_DIR

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'


def words(html: str) -> str:
    """What the student reads: tags dropped, entities decoded."""
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", " ", html)).split("<style>")[0]


def test_choice_question_from_course_data():
    box = widgets.question("party_invite")
    assert {"tb-exercise", "tb-choice", "tb-q-party_invite"} <= set(box._dom_classes)
    assert box.feedback.value == "" and "tb-feedback" in box.feedback._dom_classes
    correct = next(o for o in box.question.options if o.verdict == "correct")
    box.answer.value = correct.id
    box.check.click()
    assert box.feedback.value.count("Correct —") == 1
    assert box.result.status == "correct"
    wrong = next(o for o in box.question.options if o.verdict == "incorrect")
    box.answer.value = wrong.id
    box.check.click()
    assert "Not quite —" in box.feedback.value and "Correct —" not in box.feedback.value


def test_check_without_answer_asks_for_one():
    box = widgets.question("party_invite")
    box.check.click()
    assert "No answer yet —" in box.feedback.value


def test_gray_question_shows_both_views():
    gray = data.load("questions").query("kind == 'gray'")["id"].iloc[0]
    box = widgets.question(gray)
    debated = next(o for o in box.question.options if o.verdict == "debated")
    box.answer.value = debated.id
    box.check.click()
    assert "Experts differ —" in box.feedback.value
    assert "View 1:" in box.feedback.value and "View 2:" in box.feedback.value


def test_feedback_colour_is_a_theme_variable_and_words_carry_the_meaning():
    box = widgets.question("party_invite")
    box.answer.value = box.question.options[0].id
    box.check.click()
    assert "var(--jp-" in box.feedback.value
    assert re.search(r"(Correct|Not quite) —", words(box.feedback.value))


def test_data_derived_text_is_escaped_everywhere():
    question = Question("x", HOSTILE, "gray", (Option("a", HOSTILE, "debated", HOSTILE),), views=(HOSTILE, HOSTILE))
    box = widgets.ChoiceQuestionBox(question)
    box.answer.value = "a"
    box.check.click()
    rendered = [c.value for c in box.children if isinstance(c, w.HTML)] + [box.feedback.value]
    for html in rendered:
        assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in box.feedback.value and "&lt;img src=x onerror=" in box.feedback.value
    sorting = widgets.SortingBox(SortingTask((Statement("s", HOSTILE, "both", HOSTILE),)))
    sorting.check.click()
    assert "<script>" not in sorting.feedback.value and "&lt;script&gt;" in sorting.feedback.value
    assert all("<script>" not in c.value for c in sorting.children if isinstance(c, w.HTML))
    glossary = widgets.GlossaryBox((GlossaryEntry(HOSTILE, HOSTILE, "01"),))
    glossary.query.value = HOSTILE
    assert "<script>" not in glossary.feedback.value and glossary.feedback.value.count("&lt;script&gt;") == 2
    glossary.query.value = "<b>nothing"
    assert "&lt;b&gt;nothing" in glossary.feedback.value


def test_radio_labels_are_not_markup():
    # RadioButtons render labels as text, not HTML: the raw string is what students see.
    question = Question("x", "p", "clear", (Option("a", HOSTILE, "correct", "f"), Option("b", "B", "incorrect", "g")))
    assert widgets.ChoiceQuestionBox(question).answer.options[0] == (HOSTILE, "a")


def test_sorting_exercise_scores_and_explains_each_statement():
    box = widgets.sorting_exercise()
    assert {"tb-exercise", "tb-sort"} <= set(box._dom_classes)
    statements = box.task.statements
    for statement in statements[:-1]:
        box.choices[statement.id].value = statement.category
    box.check.click()
    text = words(box.feedback.value)
    assert f"You sorted {len(statements) - 1} of {len(statements)} statements" in text
    assert "1 still unsorted" in text
    assert text.count("Correct —") == len(statements) - 1 and text.count("No answer yet —") == 1
    last = statements[-1]
    box.choices[last.id].value = next(c for c in ("therapy", "friendship", "both") if c != last.category)
    box.check.click()
    assert f"it belongs under '{last.category}'" in words(box.feedback.value)


def every_view():
    first_moment = data.load("moments")["id"].iloc[0]
    first_code_question = data.load("code_questions")["id"].iloc[0]
    return [widgets.question("party_invite"), widgets.sorting_exercise(), widgets.glossary(),
            widgets.reflection("01", "reflection", "Prompt"), widgets.saved_answers(), widgets.scenario_deck(),
            widgets.detail_explorer(), widgets.answers_by_domain(widgets.scenario_deck()), widgets.vignette_deck(),
            widgets.two_sides(first_moment), widgets.casebook(), widgets.decision_aid(),
            widgets.code_question(first_code_question), widgets.survey_chart(), widgets.export_answers(),
            widgets.class_results(str(DATA_DIR / "sample_class")), widgets.review_deck(),
            widgets.review_summary(widgets.review_deck())]


def all_widgets(box: w.Widget):
    yield box
    for child in getattr(box, "children", ()):
        yield from all_widgets(child)


def test_every_control_has_a_label_and_every_button_a_name():
    for view in every_view():
        assert {"tb-exercise", f"tb-{view.kind}"} <= set(view._dom_classes)
        for control in all_widgets(view):
            if isinstance(control, (w.RadioButtons, w.Dropdown, w.Textarea, w.Combobox, w.Checkbox, w.Button)):
                assert control.description.strip(), f"unlabelled {type(control).__name__} in {view!r}"


def test_plain_text_stand_in_is_readable_and_short():
    box = widgets.question("party_invite")
    assert repr(box) == "Question 'party_invite' (interactive: run the notebook to answer)"
    assert len(box._repr_mimebundle_()["text/plain"]) <= 110


def test_reflection_is_not_stored_without_consent(store_path):
    box = widgets.reflection("01", "reflection", "What surprised you?")
    box.text.value = "Private thought"
    box.save.click()
    assert "Not saved" in box.feedback.value and "Nothing you typed has been stored" in box.feedback.value
    assert not store_path.exists()


def test_reflection_is_stored_with_consent_and_says_where(store_path):
    box = widgets.reflection("01", "reflection", "What surprised you?")
    assert str(store_path) in "".join(c.value for c in box.children if isinstance(c, w.HTML))
    box.text.value = "I had not thought about power."
    box.consent.value = True
    box.save.click()
    assert "Saved" in box.feedback.value and str(store_path) in box.feedback.value
    assert AnswerStore().answers()["01/reflection"]["answer"] == "I had not thought about power."


def test_empty_reflection_is_not_saved(store_path):
    box = widgets.reflection("01", "reflection", "Prompt")
    box.consent.value = True
    box.text.value = "   "
    box.save.click()
    assert "empty" in box.feedback.value and not store_path.exists()


def test_reflection_reports_a_failed_save(store_path, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    box = widgets.reflection("01", "reflection", "Prompt")
    monkeypatch.setattr(box.store, "_write", disk_full)
    box.consent.value, box.text.value = True, "text"
    box.save.click()
    assert "Not saved —" in box.feedback.value and "No space left" in box.feedback.value


def test_saved_answers_box_shows_and_deletes(store_path):
    AnswerStore().save("01", "reflection", "<b>mine</b>")
    box = widgets.saved_answers()
    box.show.click()
    assert "1 saved answer(s)" in box.feedback.value and "&lt;b&gt;mine" in box.feedback.value
    box.delete.click()
    assert "Nothing deleted" in box.feedback.value and store_path.exists()
    box.confirm.value = True
    box.delete.click()
    assert "Deleted" in box.feedback.value and not store_path.exists()
    assert box.confirm.value is False
    box.show.click()
    assert "Nothing is saved" in box.feedback.value


def test_glossary_lookup_from_course_data():
    box = widgets.glossary()
    assert {"tb-exercise", "tb-glossary"} <= set(box._dom_classes)
    term = data.load("glossary")["term"].iloc[0]
    box.query.value = term.lower()
    assert term in words(box.feedback.value)
    box.query.value = "zzzz"
    assert "No term matches" in box.feedback.value
    box.query.value = ""
    assert box.feedback.value == ""
