"""The answer store: opt-in, atomic, shared safely between notebooks, never silently emptied."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from therapy_boundaries.progress import AnswerStore, AnswerStoreError
from therapy_boundaries.progress import store_path as store_path_for_env


def test_location_follows_the_environment_variable(store_path):
    assert AnswerStore().path == store_path == store_path_for_env()


def test_reading_an_absent_store_creates_nothing(store_path):
    assert AnswerStore().answers() == {}
    assert not store_path.parent.exists()


def test_save_and_read_back(store_path):
    store = AnswerStore()
    message = store.save("01", "reflection", "My thoughts")
    assert message.startswith("Saved in ") and str(store_path) in message
    saved = store.answers("01")
    assert saved["01/reflection"]["answer"] == "My thoughts"
    assert json.loads(store_path.read_text())["format"] == 1


def test_save_replaces_the_same_exercise_and_keeps_others(store_path):
    store = AnswerStore()
    store.save("01", "reflection", "first")
    store.save("02", "reflection", "other notebook")
    store.save("01", "reflection", "second")
    answers = store.answers()
    assert answers["01/reflection"]["answer"] == "second"
    assert answers["02/reflection"]["answer"] == "other notebook"


def test_no_temporary_files_left_behind(store_path):
    AnswerStore().save("01", "r", "x")
    assert sorted(p.name for p in store_path.parent.iterdir()) == ["answers.json", "answers.json.lock"]


def test_failed_write_keeps_the_earlier_answers(store_path, monkeypatch):
    store = AnswerStore()
    store.save("01", "r", "kept")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        store.save("01", "r", "lost?")
    monkeypatch.undo()
    assert store.answers()["01/r"]["answer"] == "kept"
    assert [p.name for p in store_path.parent.glob(".answers-*")] == []


def test_corrupt_store_is_moved_aside_not_emptied(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text("{not json")
    with pytest.raises(AnswerStoreError, match="kept unchanged as"):
        AnswerStore().answers()
    kept = list(store_path.parent.glob("answers.json.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"


def test_save_over_a_corrupt_store_says_so(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text("[]")
    message = AnswerStore().save("01", "r", "new")
    assert "could not be read" in message
    assert AnswerStore().answers()["01/r"]["answer"] == "new"


def test_delete(store_path):
    store = AnswerStore()
    assert store.delete().startswith("Nothing to delete")
    store.save("01", "r", "x")
    assert store.delete().startswith("Deleted")
    assert not store_path.exists() and store.answers() == {}


def _writer(path: str, worker: int, count: int) -> None:
    store = AnswerStore(path)
    for n in range(count):
        store.save(f"nb{worker}", f"item{n}", n)


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "answers.json"
    procs = [multiprocessing.get_context("spawn").Process(target=_writer, args=(str(path), w, 40)) for w in (1, 2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    assert len(AnswerStore(path).answers()) == 80
