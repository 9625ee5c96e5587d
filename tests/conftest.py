"""Shared test set-up: no test, and no notebook kernel nbval starts, touches a real answer store."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def pytest_configure(config):
    # Set before any kernel starts, so nbval's kernels inherit it too.
    scratch = Path(tempfile.mkdtemp(prefix="tb-answers-"))
    os.environ["THERAPY_BOUNDARIES_ANSWERS"] = str(scratch / "answers.json")
    os.environ["THERAPY_BOUNDARIES_CACHE"] = str(scratch / "cache")  # validated-table cache, per run
    os.environ.pop("THERAPY_BOUNDARIES_DATA", None)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.md"))
    return target


@pytest.fixture(autouse=True)
def store_path(tmp_path: Path, monkeypatch) -> Path:
    """Every test gets its own empty answer store, so answers recorded by one never leak into another."""
    path = tmp_path / "store" / "answers.json"
    monkeypatch.setenv("THERAPY_BOUNDARIES_ANSWERS", str(path))
    return path
