"""Two students and their instructor, end to end in Voilà: answer, export, collect, read the class results.

Each Voilà server's kernels keep answers in the one store named by THERAPY_BOUNDARIES_ANSWERS (see
harness.isolated_env), so two students on one server would be one student. Student A uses the shared
`voila_server`; student B gets a second server of their own (module scope, started once). The instructor
page runs on the shared server, which also serves notebooks/instructor/.

Each student answers `party_invite` differently (the option the course marks correct, and one it marks
incorrect: read from data/options.csv), then exports from notebook 00: the first press of "Export my
answers" says what the file will hold, the second writes it. The export lands in the folder of the served
notebooks copy; its path is read from the "Exported to …" feedback.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from . import harness
from .course_data import RESULT, option_id, option_text
from .harness import VOILA_CONTENT, VOILA_KNOWN_CDN, NetworkGuard, Server, content_violations, expect

NB00 = "00_start_here.ipynb"
NB01 = "01_friendship_vs_therapy.ipynb"
INSTRUCTOR = "instructor/class_results.ipynb"
QUESTION = "party_invite"
# No named groups: Playwright hands the pattern to the browser's RegExp.
EXPORTED = re.compile(r"Exported to (.+?\.json)\. The file will hold (\d+) answer\(s\)")


@pytest.fixture(scope="module")
def student_b_server(browser, tmp_path_factory):
    """A second Voilà, with its own copy of the course and its own answer store."""
    base = tmp_path_factory.mktemp("voila-student-b")
    root = harness.copy_course(base / "course")
    server = harness.start_voila(base, root, base / "course" / "data")
    try:
        harness.wait_ready(server)
        print(f"student B's voila server ready in {server.started_in:.1f} s on port {server.port}")
        yield server
    finally:
        server.stop()


def kernel_path(server: Server, shown: str) -> Path:
    """A path as the kernel showed it (progress.shown_path: "~/" is the kernel's HOME, harness.isolated_env)."""
    if shown.startswith("~/"):
        return server.root.parents[1] / "home" / shown[2:]
    return Path(shown)


def answer_and_export(page, server: Server, verdict: str) -> Path:
    """One student: answer party_invite in notebook 01, export from notebook 00; returns the file."""
    content = harness.open_in_voila(page, server, NB01)
    box = content.locator(f".tb-exercise.tb-choice.tb-q-{QUESTION}")
    expect(box).to_have_count(1)
    choice = box.get_by_role("radio", name=option_text(QUESTION, verdict), exact=True)
    choice.check()
    expect(choice).to_be_checked()
    box.get_by_role("button", name="Check answer").click()
    feedback = box.locator(".tb-feedback")
    expect(feedback).to_have_text(RESULT)
    expect(feedback).to_contain_text("Correct —" if verdict == "correct" else "Not quite —")

    content = harness.open_in_voila(page, server, NB00, widget_selector=".tb-exercise.tb-export")
    export = content.locator(".tb-exercise.tb-export")
    button, said = export.get_by_role("button", name="Export my answers"), export.locator(".tb-feedback")
    before = set(server.root.glob("therapy-boundaries-answers-*.json"))
    button.click()   # the first press only says what the file will hold
    expect(said).to_contain_text("Press Export my answers again to write the file.")
    assert set(server.root.glob("therapy-boundaries-answers-*.json")) == before, "the first press wrote a file"
    button.click()
    expect(said).to_contain_text(EXPORTED)
    match = EXPORTED.search(said.inner_text())
    shown, count = match.groups()
    path = kernel_path(server, shown)
    assert path.parent == server.root.resolve(), f"the export went to {path.parent}, not the notebook's folder"
    assert path.is_file(), f"the feedback names {path}, which does not exist"
    assert int(count) >= 1
    return path


@pytest.mark.needs_notebook(NB00)
@pytest.mark.needs_notebook(NB01)
@pytest.mark.needs_notebook(INSTRUCTOR)
def test_two_students_export_and_the_instructor_sees_both(new_page, voila_server, student_b_server, tmp_path):
    pages = {"student A": new_page(), "student B": new_page(), "instructor": new_page()}
    exports = {
        "student A": answer_and_export(pages["student A"], voila_server, "correct"),
        "student B": answer_and_export(pages["student B"], student_b_server, "incorrect"),
    }

    # The hand-in files: pseudonymous, one party_invite answer each, with the option and its status.
    records = {who: json.loads(path.read_text(encoding="utf-8")) for who, path in exports.items()}
    assert records["student A"]["pseudonym"] != records["student B"]["pseudonym"], "one store for two students"
    for who, verdict in (("student A", "correct"), ("student B", "incorrect")):
        record = records[who]
        assert "name" not in record, f"{who}'s export carries a name though none was typed"
        mine = [a for a in record["answers"] if (a["notebook"], a["exercise"]) == ("01", QUESTION)]
        assert mine == [{"notebook": "01", "exercise": QUESTION,
                         "answer": option_id(QUESTION, option_text(QUESTION, verdict)), "status": verdict}], \
            f"{who}'s export: {mine}"

    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    for path in exports.values():
        shutil.copy2(path, handed_in / path.name)
    assert len(list(handed_in.glob("*.json"))) == 2

    # The instructor's live view: point it at the folder, refresh, read both students.
    page = pages["instructor"]
    content = harness.open_in_voila(page, voila_server, INSTRUCTOR, widget_selector=".tb-class-results")
    view = content.locator(".tb-exercise.tb-class-results")
    feedback = view.locator(".tb-feedback")
    expect(feedback).to_contain_text("student(s)")   # the sample class, shown on load
    folder = view.get_by_role("textbox", name="Folder of exported files")
    folder.fill(str(handed_in))
    expect(folder).to_have_value(str(handed_in))
    view.get_by_role("button", name="Refresh").click()
    expect(feedback.locator("p").first).to_have_text(
        re.compile(rf"^\s*2 student\(s\), \d+ answer\(s\) from {re.escape(str(handed_in))}\.\s*$"))
    expect(feedback).to_contain_text("No file was skipped.")
    row = feedback.get_by_role("row").filter(has=page.get_by_role("cell", name=QUESTION, exact=True))
    expect(row, "party_invite in the 'Every exercise' table").to_have_count(1)
    # notebook, exercise, students, matched %, experts differ %, did not match % (one right, one not)
    expect(row.get_by_role("cell")).to_have_text(["01", QUESTION, "2", "50.0", "0.0", "50.0", re.compile(".+")])
    expect(feedback.get_by_role("cell", name="Friendship vs therapy", exact=True)).to_have_count(1)
    expect(feedback.get_by_role("img")).to_have_attribute(
        "aria-label", re.compile(r"Friendship vs therapy: [\d.]+% of answers"))

    split = content_violations(page, VOILA_CONTENT)
    foreign = {who: NetworkGuard(list(new_page.guard(p).blocked)).foreign(VOILA_KNOWN_CDN)
               for who, p in pages.items()}
    problems = []
    if split.blocking:
        problems.append("serious/critical accessibility violations in the class results:\n" + split.describe())
    if any(foreign.values()):
        problems.append(f"a Voilà page tried to reach the network: {foreign}")
    assert not problems, "\n\n".join(problems)
