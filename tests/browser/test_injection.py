"""Hostile text in course data and in hand-in files never runs in the browser: it is shown as text.

A private copy of the course data puts script tags, an <img onerror>, a javascript: link and Markdown
with inline HTML into a statement, a glossary entry, a question's prompt and its options; notebooks 01
(sorting exercise and the question) and 00 (glossary lookup) are served by a Voilà of our own whose
kernels read that copy (THERAPY_BOUNDARIES_DATA, set by harness.isolated_env). The instructor's class
results page is pointed at a folder holding an export whose exercise ids and answers carry the same
strings (and whose file name is itself markup): the schema rejects it, so it must be listed as skipped.

Markers checked on every page: window.__pwned stays undefined, no element in the content has an
onerror attribute or a javascript: link, and the literal text "<script>" is visible.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from . import harness
from .harness import VOILA_CONTENT, expect

NB00 = "00_start_here.ipynb"
NB01 = "01_friendship_vs_therapy.ipynb"
INSTRUCTOR = "instructor/class_results.ipynb"
QUESTION = "party_invite"

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
LINK = '<a href="javascript:window.__pwned=1">x</a>'
MARKDOWN = "**bold** <b>b</b>"
HOSTILE = f"Hostile {SCRIPT} {IMG} {LINK} {MARKDOWN}"  # starts with a letter: not refused as a formula
HOSTILE_TERM = "Hostile glossary term"
HOSTILE_FILE = '<img src=x onerror=window.__pwned=1>.json'   # a file name is shown too


def _edit(path: Path, edit) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    fields = list(rows[0])
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def poison(data: Path) -> None:
    def statements(rows):
        rows[0]["text"] = f"{rows[0]['text']} {HOSTILE}"
        rows[0]["explanation"] = f"{rows[0]['explanation']} {HOSTILE}"

    def glossary(rows):
        rows.append({**rows[0], "term": f"{HOSTILE_TERM} {SCRIPT} {IMG}", "definition": HOSTILE})

    def questions(rows):
        for row in rows:
            if row["id"] == QUESTION:
                row["prompt"] = f"{row['prompt']} {HOSTILE}"

    def options(rows):
        for row in rows:
            if row["question_id"] == QUESTION:
                row["text"] = f"{row['text']} {HOSTILE}"
                row["feedback"] = f"{row['feedback']} {HOSTILE}"

    for name, edit in [("statements", statements), ("glossary", glossary), ("questions", questions),
                       ("options", options)]:
        _edit(data / f"{name}.csv", edit)


@pytest.fixture(scope="module")
def hostile_server(browser, tmp_path_factory):
    """Voilà serving a course copy whose data/ carries the hostile strings."""
    base = tmp_path_factory.mktemp("voila-hostile")
    root = harness.copy_course(base / "course")
    data = base / "course" / "data"
    poison(data)
    server = harness.start_voila(base, root, data)
    try:
        harness.wait_ready(server)
        print(f"hostile voila server ready in {server.started_in:.1f} s on port {server.port}")
        yield server
    finally:
        server.stop()


_PROBE_JS = """(root) => {
    const content = document.querySelector(root) || document.body;
    return {
        pwned: typeof window.__pwned,
        onerror: content.querySelectorAll('[onerror]').length,
        javascriptLinks: [...content.querySelectorAll('a[href]')]
            .filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
        scripts: [...content.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).length,
        bold: [...content.querySelectorAll('b, strong')].filter(b => b.textContent === 'b' || b.textContent === 'bold').length,
        text: content.innerText,
    };
}"""


def assert_inert(page, where: str) -> dict:
    probe = page.evaluate(_PROBE_JS, VOILA_CONTENT)
    assert probe["pwned"] == "undefined", f"{where}: injected script ran (window.__pwned is set)"
    assert probe["onerror"] == 0, f"{where}: {probe['onerror']} element(s) with an onerror attribute"
    assert probe["javascriptLinks"] == 0, f"{where}: a javascript: link was rendered"
    assert probe["scripts"] == 0, f"{where}: an injected <script> element exists"
    assert probe["bold"] == 0, f"{where}: injected <b>/**bold** was rendered as markup"
    assert "<script>" in probe["text"], f"{where}: the literal text <script> is not visible"
    return probe


@pytest.mark.needs_notebook(NB01)
def test_hostile_course_text_is_shown_not_run_in_notebook_01(page, hostile_server):
    content = harness.open_in_voila(page, hostile_server, NB01)
    expect(content.get_by_text(SCRIPT).first).to_be_visible()

    # The sorting exercise: answer every statement and check.
    box = content.locator(".tb-exercise.tb-sort")
    expect(box).to_have_count(1)
    expect(box).to_contain_text(HOSTILE)
    combos = box.get_by_role("combobox")
    for index in range(combos.count()):
        combos.nth(index).select_option(label=["therapy", "friendship", "both"][index % 3])
    box.get_by_role("button", name="Check my sorting").click()
    expect(box.locator(".tb-feedback")).to_contain_text(re.compile(r"\d+ of \d+"))
    assert_inert(page, "notebook 01 after sorting")

    # The question: prompt and options carry the strings; answer it and read the feedback.
    question = content.locator(f".tb-exercise.tb-choice.tb-q-{QUESTION}")
    expect(question).to_have_count(1)
    expect(question).to_contain_text(f"{IMG} {LINK}")
    radios = question.get_by_role("radio")
    expect(radios.first).to_be_visible()
    assert SCRIPT in (radios.first.evaluate("e => (e.closest('label') || e.parentElement).innerText") or "")
    radios.first.check()
    question.get_by_role("button", name="Check answer").click()
    feedback = question.locator(".tb-feedback")
    expect(feedback).to_have_text(re.compile(r"^\s*(Correct|Not quite|Experts differ) —"))
    expect(feedback).to_contain_text(MARKDOWN)
    page.wait_for_timeout(500)   # give any injected handler (img onerror fires async) a chance to run
    probe = assert_inert(page, "notebook 01 after answering")
    assert probe["text"].count("<script>") >= 3, "expected the literal <script> in statement, prompt and options"


@pytest.mark.needs_notebook(NB00)
def test_hostile_glossary_entry_is_shown_not_run(page, hostile_server):
    content = harness.open_in_voila(page, hostile_server, NB00, widget_selector=".tb-exercise.tb-glossary")
    glossary = content.locator(".tb-exercise.tb-glossary")
    glossary.get_by_role("combobox", name="Look up a term").fill(HOSTILE_TERM)
    feedback = glossary.locator(".tb-feedback")
    expect(feedback).to_contain_text(f"{HOSTILE_TERM} {SCRIPT} {IMG}")
    expect(feedback).to_contain_text(HOSTILE)
    page.wait_for_timeout(500)
    assert_inert(page, "notebook 00 glossary")


@pytest.mark.needs_notebook(INSTRUCTOR)
def test_hostile_export_is_skipped_and_nothing_runs(page, hostile_server, tmp_path):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    export = {"format": "therapy-boundaries-answers", "version": 1, "pseudonym": "student-abcd1234",
              "answers": [{"notebook": "01", "exercise": f"{QUESTION} {value}", "answer": value, "status": "correct"}
                          for value in (SCRIPT, IMG, LINK, MARKDOWN)]}
    (folder / HOSTILE_FILE).write_text(json.dumps(export), encoding="utf-8")

    content = harness.open_in_voila(page, hostile_server, INSTRUCTOR, widget_selector=".tb-class-results")
    view = content.locator(".tb-exercise.tb-class-results")
    feedback = view.locator(".tb-feedback")
    expect(feedback).to_contain_text("student(s)")   # the sample class, shown on load
    view.get_by_role("textbox", name="Folder of exported files").fill(str(folder))
    view.get_by_role("button", name="Refresh").click()
    expect(feedback).to_contain_text("1 file(s) skipped")
    expect(feedback).to_contain_text("nothing in them was used")
    row = feedback.get_by_role("row").filter(has_text=HOSTILE_FILE)
    expect(row, "the hostile file, by its (literal) name, in the skipped table").to_have_count(1)
    expect(row).to_contain_text("does not match the export format")
    expect(feedback).not_to_contain_text(SCRIPT)   # the file's content never reaches the page
    page.wait_for_timeout(500)
    probe = page.evaluate(_PROBE_JS, VOILA_CONTENT)
    assert probe["pwned"] == "undefined", "a hand-in file's content ran in the instructor's page"
    assert probe["onerror"] == 0 and probe["javascriptLinks"] == 0 and probe["scripts"] == 0, probe
