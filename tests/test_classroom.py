"""Class results: every kind of bad hand-in is reported with its reason and skipped; summaries add up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from therapy_boundaries import classroom
from therapy_boundaries.devtools import sample_class
from therapy_boundaries.progress import AnswerStore, export_record

from .conftest import DATA


def export(folder: Path, pseudonym: str, answers: list[tuple], name: str = "") -> Path:
    record = export_record(pseudonym, [dict(zip(("notebook", "exercise", "answer", "status"), a)) for a in answers],
                           name)
    path = folder / f"therapy-boundaries-answers-{pseudonym}.json"
    path.write_text(json.dumps(record))
    return path


@pytest.fixture
def hand_ins(tmp_path: Path) -> Path:
    export(tmp_path, "student-0001", [("01", "party_invite", "c", "correct"), ("01", "stay_friends", "a", "debated"),
                                      ("01", "reflection", "Mine", None)])
    export(tmp_path, "student-0002", [("01", "party_invite", "a", "incorrect"), ("02", "classify/hug", "crossing",
                                                                                "correct")])
    export(tmp_path, "student-0003", [("01", "party_invite", "c", "correct")], name="Ana")
    return tmp_path


def test_good_files_are_read_and_summarised(hand_ins):
    results = classroom.read_exports(hand_ins)
    assert results.students == 3 and results.skipped.empty
    table = classroom.by_exercise(results.answers).set_index("exercise")
    assert table.loc["party_invite", "students"] == 3
    assert table.loc["party_invite", "matched %"] == pytest.approx(66.7)
    assert table.loc["party_invite", "most common answer"] == "c"
    assert "reflection" not in table.index  # free text is not scored
    topics = classroom.accuracy_by_topic(results.answers)
    assert topics.loc["01", "matched %"] == pytest.approx(66.7) and topics.loc["01", "gray-area answers"] == 1
    assert topics.loc["02", "topic"] == "Boundary crossings and violations"


def test_most_divided_ranks_an_even_split_first(hand_ins):
    export(hand_ins, "student-0004", [("01", "party_invite", "b", "incorrect")])
    divided = classroom.most_divided(classroom.read_exports(hand_ins).answers, min_students=2)
    assert divided.iloc[0]["exercise"] == "party_invite" and divided.iloc[0]["different answers"] == 3


BAD_FILES = {
    "not_json.json": (b"{not json", "not a readable export"),
    "latin1.json": ('{"x": "caf\u00e9"}'.encode("latin-1"), "not a readable export"),
    "wrong_format.json": (json.dumps({"format": "other", "version": 1, "pseudonym": "student-00aa",
                                      "answers": []}).encode(), "format has the wrong value"),
    "missing_field.json": (json.dumps({"format": "therapy-boundaries-answers", "version": 1,
                                       "answers": []}).encode(), "the top level lacks a required field"),
    "extra_field.json": (json.dumps({"format": "therapy-boundaries-answers", "version": 1, "pseudonym": "student-00ab",
                                     "answers": [], "__proto__": {"x": 1}}).encode(), "does not belong"),
    "bad_notebook.json": (json.dumps(export_record("student-00ac", [{"notebook": "99", "exercise": "x",
                                                                       "answer": "a", "status": "correct"}])).encode(),
                          "answers/0/notebook has the wrong form"),
    "script_exercise.json": (json.dumps(export_record("student-00ad", [
        {"notebook": "01", "exercise": "<script>alert(1)</script>", "answer": "a", "status": "correct"}])).encode(),
        "answers/0/exercise has the wrong form"),
    "bad_status.json": (json.dumps(export_record("student-00ae", [{"notebook": "01", "exercise": "x",
                                                                     "answer": "a", "status": "perfect"}])).encode(),
                        "status has a value that is not allowed"),
    "huge_answer.json": (json.dumps(export_record("student-00af", [{"notebook": "01", "exercise": "x",
                                                                      "answer": "a" * 6000, "status": None}])).encode(),
                         "answers/0/answer has an answer of the wrong kind"),
    "oversized.json": (b" " * (classroom.MAX_BYTES + 1), "too large"),
    "top_level_list.json": (b"[]", "the top level has the wrong type"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_kind_of_bad_file_is_skipped_with_its_reason(hand_ins, name):
    content, reason = BAD_FILES[name]
    (hand_ins / name).write_bytes(content)
    results = classroom.read_exports(hand_ins)
    assert results.students == 3
    skipped = results.skipped.set_index("file")
    assert list(skipped.index) == [name] and reason in skipped.loc[name, "reason"]
    assert "<script>" not in skipped.loc[name, "reason"]


def test_duplicates_are_reported(hand_ins, tmp_path_factory):
    original = hand_ins / "therapy-boundaries-answers-student-0001.json"
    (hand_ins / "zz-copy.json").write_bytes(original.read_bytes())
    elsewhere = tmp_path_factory.mktemp("second")
    export(elsewhere, "student-0001", [("01", "party_invite", "b", "incorrect")]).rename(hand_ins / "zz-second.json")
    skipped = classroom.read_exports(hand_ins).skipped.set_index("file")["reason"]
    assert skipped["zz-copy.json"] == "an exact copy of therapy-boundaries-answers-student-0001.json"
    assert skipped["zz-second.json"] == ("a second file from student-0001 "
                                         "(first: therapy-boundaries-answers-student-0001.json)")


def test_links_and_folders_are_not_followed(hand_ins, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.json"
    outside.write_text("{}")
    os.symlink(outside, hand_ins / "link.json")
    (hand_ins / "folder.json").mkdir()
    skipped = classroom.read_exports(hand_ins).skipped.set_index("file")["reason"]
    assert skipped["link.json"] == skipped["folder.json"] == "not a regular file"


def test_an_empty_folder_gives_empty_tables(tmp_path):
    results = classroom.read_exports(tmp_path)
    assert results.students == 0 and classroom.by_exercise(results.answers).empty


def test_a_real_export_round_trips(tmp_path):
    store = AnswerStore(tmp_path / "answers.json")
    store.save("03", "name_it/coffee_client", ["transference", "positive"], "correct")
    store.export(tmp_path / "class")
    answers = classroom.read_exports(tmp_path / "class").answers
    assert answers.loc[0, "answer"] == "transference, positive"


def test_command_line_writes_the_same_summary(hand_ins, tmp_path):
    out = tmp_path / "summary.csv"
    run = subprocess.run([sys.executable, "-m", "therapy_boundaries.class_results", str(hand_ins), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "3 student(s)" in run.stdout
    expected = classroom.by_exercise(classroom.read_exports(hand_ins).answers)
    pd.testing.assert_frame_equal(pd.read_csv(out, dtype={"notebook": str}), expected.reset_index(drop=True),
                                  check_dtype=False)
    missing = subprocess.run([sys.executable, "-m", "therapy_boundaries.class_results", str(tmp_path / "nope")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "not a folder" in missing.stderr


def test_shipped_sample_class_is_current_and_synthetic(tmp_path):
    sample_class.main(tmp_path)
    shipped = sorted(p.name for p in (DATA / "sample_class").glob("*.json"))
    assert shipped == sorted(p.name for p in tmp_path.glob("*.json"))
    for name in shipped:
        assert (DATA / "sample_class" / name).read_bytes() == (tmp_path / name).read_bytes(), \
            f"{name} is stale: run python -m therapy_boundaries.devtools.sample_class"
    results = classroom.read_exports(DATA / "sample_class")
    assert results.students >= 30 and len(results.skipped) == 2
    assert "SYNTHETIC" in (DATA / "sample_class" / "README.md").read_text()


def test_class_results_view_refreshes_and_escapes(hand_ins):
    from therapy_boundaries import widgets

    box = widgets.class_results(str(hand_ins))
    assert "3 student(s)" in box.feedback.value and 'aria-label="Friendship vs therapy: 66.7% of answers' in box.feedback.value
    (hand_ins / "<img src=x onerror=alert(1)>.json").write_text("{")
    export(hand_ins, "student-0009", [("01", "party_invite", "c", "correct")])
    box.refresh.click()
    html = box.feedback.value
    assert "4 student(s)" in html and "1 file(s) skipped" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;.json" in html
    box.folder.value = str(hand_ins / "missing")
    box.refresh.click()
    assert "is not a folder" in box.feedback.value
