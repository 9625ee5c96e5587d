"""Checked answers are kept in the student's store, come back on a re-run, and export pseudonymously."""

from __future__ import annotations

import json

from therapy_boundaries import widgets
from therapy_boundaries.progress import EXPORT_FORMAT, AnswerStore

from .test_boundaries import CLEAR, GRAY


def test_a_checked_question_is_recorded_with_its_notebook_and_status(store_path):
    box = widgets.question("party_invite")
    box.check.click()  # unanswered: nothing is recorded
    assert not store_path.exists()
    box.answer.value = box.question.options[0].id
    box.check.click()
    saved = AnswerStore().answers()["01/party_invite"]
    assert (saved["answer"], saved["status"]) == (box.question.options[0].id, box.result.status)


def test_a_rerun_shows_the_earlier_answer():
    first = widgets.question("party_invite")
    first.answer.value = first.question.options[1].id
    first.check.click()
    again = widgets.question("party_invite")
    assert again.answer.value == first.question.options[1].id
    assert "Your earlier answer is shown" in again.feedback.value


def test_sorting_records_each_statement_and_restores_them():
    box = widgets.sorting_exercise()
    first = box.task.statements[0]
    box.choices[first.id].value = first.category
    box.check.click()
    assert AnswerStore().answers()[f"01/sorting/{first.id}"]["status"] == "correct"
    assert f"01/sorting/{box.task.statements[1].id}" not in AnswerStore().answers()  # unsorted: not kept
    assert widgets.sorting_exercise().choices[first.id].value == first.category


def test_deck_records_each_item_and_restores_it():
    deck = widgets.ScenarioDeck((CLEAR, GRAY), notebook="02")
    deck.next.click()
    deck.answer.value = "violation"
    deck.check.click()
    assert AnswerStore().answers()["02/classify/hug"]["status"] == "debated"
    again = widgets.ScenarioDeck((CLEAR, GRAY), notebook="02")
    assert again.answer.value is None  # the first item was never answered
    again.next.click()
    assert again.answer.value == "violation" and "earlier answer" in again.feedback.value


def test_name_it_pair_survives_the_json_round_trip():
    deck = widgets.vignette_deck()
    deck.name_it.show(("transference", "positive"))
    deck.check.click()
    assert widgets.vignette_deck().name_it.read() == ("transference", "positive")


def test_reflection_comes_back_only_if_it_was_saved():
    box = widgets.reflection("01", "reflection", "Prompt")
    box.text.value = "Unsaved thought"
    box.save.click()  # no consent: not stored
    assert widgets.reflection("01", "reflection", "Prompt").text.value == ""
    box.consent.value = True
    box.save.click()
    again = widgets.reflection("01", "reflection", "Prompt")
    assert again.text.value == "Unsaved thought" and again.consent.value is True


def test_a_failed_record_is_said_and_the_feedback_still_shows(monkeypatch):
    box = widgets.question("party_invite")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(box.store, "_write", disk_full)
    box.answer.value = box.question.options[0].id
    box.check.click()
    assert box.result.headline in box.feedback.value and "could not be saved" in box.feedback.value


def test_export_is_pseudonymous_by_default_and_says_what_it_holds(tmp_path):
    store = AnswerStore()
    store.save("01", "party_invite", "c", "correct")
    store.save("01", "reflection", "My own words", None)
    preview = store.export_preview()
    assert "2 answer(s) from notebook(s) 01" in preview and "1 saved reflection(s)" in preview
    assert "no name: only your pseudonym" in preview
    path = store.export(tmp_path / "hand-in")
    record = json.loads(path.read_text())
    assert record["format"] == EXPORT_FORMAT and record["version"] == 1 and "name" not in record
    assert record["pseudonym"].startswith("student-") and record["pseudonym"] in path.name
    assert record["answers"] == [
        {"notebook": "01", "exercise": "party_invite", "answer": "c", "status": "correct"},
        {"notebook": "01", "exercise": "reflection", "answer": "My own words", "status": None},
    ]
    assert "saved_at" not in json.dumps(record)


def test_export_with_a_name_and_a_stable_pseudonym(tmp_path):
    store = AnswerStore()
    first = json.loads(store.export(tmp_path, name="  Ana Ruiz ").read_text())
    second = json.loads(store.export(tmp_path).read_text())
    assert first["name"] == "Ana Ruiz" and "name" not in second
    assert first["pseudonym"] == second["pseudonym"] and first["answers"] == []


def test_export_box_previews_then_writes(tmp_path):
    AnswerStore().save("02", "classify/hug", "violation", "debated")
    box = widgets.export_answers(str(tmp_path / "out"))
    assert {"tb-exercise", "tb-export"} <= set(box._dom_classes)
    box.preview.click()
    assert "1 answer(s) from notebook(s) 02" in box.feedback.value and not (tmp_path / "out").exists()
    box.student_name.value = "<b>Kim</b>"
    box.export.click()  # the first press only says what the file will contain
    assert "Press Export my answers again" in box.feedback.value and "(&lt;b&gt;Kim&lt;/b&gt;)" in box.feedback.value
    assert not (tmp_path / "out").exists()
    box.export.click()
    written = list((tmp_path / "out").glob("therapy-boundaries-answers-student-*.json"))
    assert len(written) == 1 and json.loads(written[0].read_text())["name"] == "<b>Kim</b>"
    assert "Exported to" in box.feedback.value and "&lt;b&gt;Kim" in box.feedback.value
