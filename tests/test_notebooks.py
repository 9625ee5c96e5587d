"""Stored notebooks: normalized, run top to bottom, and shaped like course material."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest

from therapy_boundaries.devtools.new_notebook import create
from therapy_boundaries.devtools.outputs import ROOT, dumps, execute, normalize, notebooks, problems

NOTEBOOKS = notebooks()
STUDENT_NOTEBOOKS = [p for p in NOTEBOOKS if p.parent.name == "notebooks"]
NOTEBOOKS_DIR = ROOT / "notebooks"


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


def skeleton_problems(path) -> list[str]:
    """What a student notebook lacks of the standard skeleton (CONTRIBUTING.md, "Add a notebook")."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    problems = []
    if not (nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")):
        problems.append("the first cell is not a '# Title' markdown cell")
    if not path.name.startswith("00"):
        problems += [f"lacks '{h}'" for h in ("Learning objectives", "Discuss", "Key takeaways", "References")
                     if h not in text]
    if "minutes" not in text:
        problems.append("no time estimate ('minutes')")
    if ".ipynb)" not in text:
        problems.append("no links to other notebooks")
    for line in text.splitlines():
        for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", line):
            if not (path.parent / target).exists() and "in preparation" not in line:
                problems.append(f"dead link to {target}: {line}")
    return problems


def guide_problems(path) -> list[str]:
    """What the facilitation guide of student notebook `path` lacks."""
    guide = path.parent / "instructor" / f"guide_{path.name}"
    if not guide.exists():
        return [f"no facilitation guide for {path.name}"]
    text = "\n".join(c.source for c in nbformat.read(guide, as_version=4).cells).lower()
    problems = [f"{guide.name} lacks '{part}'" for part in
                ("objectives", "50-minute", "discuss", "misconception", "gray", "data/", "make validate")
                if part not in text]
    if f"(../{path.name})" not in text:
        problems.append(f"{guide.name} does not link to {path.name}")
    return problems


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_course_notebook_skeleton_links_and_guide(path):
    assert skeleton_problems(path) + guide_problems(path) == []


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


def test_a_notebook_made_from_the_template_passes_the_same_checks_and_runs(tmp_path):
    notebooks_dir = tmp_path / "notebooks"
    notebooks_dir.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "00_start_here.ipynb", notebooks_dir)   # the template links back to 00
    notebook, guide = create("07", "Touch in therapy: when, why and never", root=tmp_path)
    assert notebook.name == "07_touch_in_therapy_when_why_and_never.ipynb"
    assert guide == notebooks_dir / "instructor" / f"guide_{notebook.name}"
    assert skeleton_problems(notebook) + guide_problems(notebook) == []
    text = notebook.read_text(encoding="utf-8")
    assert "$" not in text and "# 07 Touch in therapy: when, why and never" in text
    ran = execute(notebook)
    shown = [o.data["text/plain"] for c in ran.cells if c.cell_type == "code" for o in c.outputs]
    assert shown == ["Question 'warmup' (interactive: run the notebook to answer)"]
    # A second notebook 07, or a number that is not two digits, is refused; nothing is overwritten.
    with pytest.raises(FileExistsError, match="07"):
        create("07", "Something else", root=tmp_path)
    with pytest.raises(ValueError, match="two digits"):
        create("7", "Touch", root=tmp_path)
    assert notebook.read_text(encoding="utf-8") == text
    # The skeleton check is not vacuous: the template minus its Key takeaways fails it.
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells if "Key takeaways" not in c.source]
    nbformat.write(nb, notebook)
    assert skeleton_problems(notebook) == ["lacks 'Key takeaways'"]
