"""Stored notebooks: normalized, run top to bottom, and shaped like course material."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from therapy_boundaries.devtools.outputs import dumps, execute, normalize, notebooks, problems

NOTEBOOKS = notebooks()
STUDENT_NOTEBOOKS = [p for p in NOTEBOOKS if p.parent.name == "notebooks"]


def test_notebooks_exist():
    names = {p.name for p in NOTEBOOKS}
    assert {"00_start_here.ipynb", "01_friendship_vs_therapy.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_normalized_and_complete(path):
    assert problems(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_widget_state_timings_or_markers_as_comments(path):
    raw = json.loads(path.read_text())
    assert "widgets" not in raw["metadata"]
    for cell in raw["cells"]:
        assert "execution" not in cell["metadata"]
        assert not re.search(r"#\s*NBVAL_", "".join(cell["source"]), re.IGNORECASE)


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_course_notebook_skeleton(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    if not path.name.startswith("00"):
        for heading in ("Learning objectives", "Discuss", "Key takeaways", "References"):
            assert heading in text, f"{path.name} lacks '{heading}'"
    assert "minutes" in text, "a time estimate"
    assert ".ipynb)" in text, "links to other notebooks"


def test_normalize_removes_volatile_metadata():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"state": {}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "VBox()", "application/vnd.jupyter.widget-view+json": {"model_id": "abc"}})]
    nb.cells = [cell]
    out = normalize(nb)
    assert "widgets" not in out.metadata and "version" not in out.metadata.language_info
    assert out.cells[0].metadata == {} and out.cells[0].outputs[0].data == {"text/plain": "VBox()"}
    assert normalize(out) == out


def test_refreshing_an_unchanged_notebook_is_byte_identical():
    path = next(p for p in NOTEBOOKS if p.name == "00_start_here.ipynb")
    assert dumps(execute(path)) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_links_to_other_notebooks_work_or_say_in_preparation(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", line):
                if not (path.parent / target).exists():
                    assert "in preparation" in line, f"{path.name}: dead link to {target}: {line}"


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_facilitation_guide(path):
    guide = path.parent / "instructor" / f"guide_{path.name}"
    assert guide.exists(), f"no facilitation guide for {path.name}"
    text = "\n".join(c.source for c in nbformat.read(guide, as_version=4).cells).lower()
    for part in ("objectives", "50-minute", "discuss", "misconception", "gray", "data/", "make validate"):
        assert part in text, f"{guide.name} lacks '{part}'"
    assert f"(../{path.name})" in text, f"{guide.name} does not link to {path.name}"
