"""Course data: the shipped files are valid, and every kind of bad file gets a clear, located error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from therapy_boundaries import data
from therapy_boundaries.data import CourseDataError, DataIssue
from therapy_boundaries.schemas import TABLES

from .conftest import DATA


def test_shipped_data_is_valid():
    assert data.validate_all() == []


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_loads_with_its_declared_columns(table):
    frame = data.load(table)
    assert list(frame.columns) == TABLES[table].columns
    assert len(frame) > 0


def test_each_table_is_documented_in_the_data_dictionary():
    readme = (DATA / "README.md").read_text()
    for name, spec in TABLES.items():
        assert f"### {name}.csv" in readme or f"`{name}.csv`" in readme, name
        for column in spec.columns:
            assert re.search(rf"^\|[^|\n]*\b{column}\b[^|\n]*\|", readme, re.MULTILINE), \
                f"{name}.{column} missing from data/README.md"


def test_course_has_enough_material():
    assert len(data.load("statements")) >= 24
    assert set(data.load("statements")["category"]) == {"therapy", "friendship", "both"}
    assert len(data.load("comparison")) >= 10


def test_load_returns_a_copy_that_callers_may_change():
    first = data.load("statements")
    first.loc[0, "text"] = "changed"
    assert data.load("statements").loc[0, "text"] != "changed"


def test_edit_to_a_file_is_seen_without_restarting(data_copy):
    before = len(data.load("glossary", data_copy))
    path = data_copy / "glossary.csv"
    path.write_text(path.read_text() + "Zz test term,A definition.,01,apa2017\n")
    assert len(data.load("glossary", data_copy)) == before + 1


# -- every error kind: file, line, column and fix -------------------------------------------

def rewrite(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def only_issue(table: str, folder: Path) -> DataIssue:
    with pytest.raises(CourseDataError) as caught:
        data.load(table, folder)
    issues = caught.value.issues
    assert len(issues) == 1, issues
    message = str(caught.value)
    assert issues[0].file in message and "Fix:" in message
    assert "Traceback" not in message and "pandera" not in message.lower()
    return issues[0]


def first_statement(folder: Path) -> str:
    return (folder / "statements.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]


def test_missing_file(data_copy):
    (data_copy / "glossary.csv").unlink()
    issue = only_issue("glossary", data_copy)
    assert issue.line is None and "missing" in issue.problem
    assert "term,definition,notebook,source_ids" in issue.fix


def test_missing_column(data_copy):
    rewrite(data_copy / "statements.csv", "category,", "kategory,")
    with pytest.raises(CourseDataError) as caught:
        data.load("statements", data_copy)
    found = {(i.line, i.column, i.problem.split(" ")[1]) for i in caught.value.issues}
    assert (1, "category", "required") in found  # missing
    assert (1, "kategory", "column") in found  # extra
    assert all("Fix:" in str(i) for i in caught.value.issues)


def test_extra_column(data_copy):
    path = data_copy / "references.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",notes"] + [line + "," for line in lines[1:]]) + "\n")
    issue = only_issue("references", data_copy)
    assert (issue.line, issue.column) == (1, "notes") and "remove" in issue.fix


def test_empty_required_cell(data_copy):
    path = data_copy / "statements.csv"
    sid = first_statement(data_copy)
    frame = data.load("statements", data_copy)
    explanation = frame.loc[frame["id"] == sid, "explanation"].iloc[0]
    rewrite(path, explanation if "," not in explanation else f'"{explanation}"', "")
    issue = only_issue("statements", data_copy)
    assert (issue.line, issue.column) == (2, "explanation")
    assert issue.fix == "fill it in"


def test_value_outside_allowed_set(data_copy):
    path = data_copy / "statements.csv"
    sid = first_statement(data_copy)
    category = data.load("statements", data_copy).set_index("id").loc[sid, "category"]
    text = path.read_text().splitlines()
    row = text[1]
    text[1] = row.replace(f",{category},", ",therapist,", 1)
    assert text[1] != row
    path.write_text("\n".join(text) + "\n")
    issue = only_issue("statements", data_copy)
    assert (issue.line, issue.column) == (2, "category")
    assert "'therapist'" in issue.problem and "therapy, friendship, both" in issue.fix


def test_duplicate_id(data_copy):
    path = data_copy / "statements.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n")
    with pytest.raises(CourseDataError) as caught:
        data.load("statements", data_copy)
    issues = caught.value.issues
    assert {i.column for i in issues} == {"id"}
    assert {i.line for i in issues} == {2, len(lines) + 1}  # the original and the appended copy
    assert all("different value" in i.fix for i in issues)


def test_duplicate_glossary_term_ignores_case(data_copy):
    path = data_copy / "glossary.csv"
    term = data.load("glossary", data_copy)["term"].iloc[0]
    with path.open("a") as handle:
        handle.write(f"{term.upper()},Another definition.,01,apa2017\n")
    issue = only_issue("glossary", data_copy)
    assert issue.column == "term" and issue.line == len(path.read_text().splitlines())
    assert "repeats the row on line 2" in issue.problem


def test_dangling_reference(data_copy):
    path = data_copy / "statements.csv"
    with path.open("a") as handle:
        handle.write("new_item,A new statement.,therapy,An explanation.,apa2017; nosuchsource\n")
    issue = only_issue("statements", data_copy)
    assert (issue.line, issue.column) == (line_of(path, "new_item"), "source_ids")
    assert "'nosuchsource'" in issue.problem and "references.csv" in issue.fix


def test_dangling_question_of_an_option(data_copy):
    path = data_copy / "options.csv"
    with path.open("a") as handle:
        handle.write("ghost_question,a,An option.,correct,Feedback.\n")
    with pytest.raises(CourseDataError) as caught:
        data.load("options", data_copy)
    assert any(i.column == "question_id" and "'ghost_question'" in i.problem for i in caught.value.issues)


def test_wrong_encoding_names_the_line(data_copy):
    path = data_copy / "glossary.csv"
    with path.open("ab") as handle:
        handle.write("Caf\u00e9 term,D\u00e9finition.,01,apa2017\n".encode("latin-1"))
    issue = only_issue("glossary", data_copy)
    assert issue.line == len(path.read_bytes().splitlines())
    assert "UTF-8" in issue.problem and "CSV UTF-8" in issue.fix


@pytest.mark.parametrize("separator, shown", [(";", "';'"), ("\t", "tabs")])
def test_wrong_delimiter(data_copy, separator, shown):
    path = data_copy / "references.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text())))
    out = io.StringIO()
    csv.writer(out, delimiter=separator).writerows(rows)
    path.write_text(out.getvalue())
    issue = only_issue("references", data_copy)
    assert issue.line == 1 and shown in issue.problem and "comma" in issue.fix


def test_row_with_too_many_cells(data_copy):
    path = data_copy / "glossary.csv"
    with path.open("a") as handle:
        handle.write("Term,A definition, with a comma,01,apa2017\n")
    issue = only_issue("glossary", data_copy)
    assert issue.line == len(path.read_text().splitlines()) and "quotes" in issue.fix


def test_formula_cell_is_refused(data_copy):
    path = data_copy / "glossary.csv"
    with path.open("a") as handle:
        handle.write('"=HYPERLINK(""http://example.invalid"")",A definition.,01,apa2017\n')
    issue = only_issue("glossary", data_copy)
    assert issue.column == "term" and "formula" in issue.problem


def test_negative_number_is_not_taken_for_a_formula(data_copy):
    path = data_copy / "detail_rules.csv"
    with path.open("a") as handle:
        handle.write("setting,test_setting,A test setting,-2,A reason.,gutheil1998\n")
    assert data.load("detail_rules", data_copy)["weight"].iloc[-1] == -2


def test_byte_order_mark_and_windows_line_endings_load(data_copy):
    path = data_copy / "glossary.csv"
    text = path.read_text()
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert len(data.load("glossary", data_copy)) == len(data.load("glossary"))


def test_multiline_cell_keeps_line_numbers_right(data_copy):
    path = data_copy / "glossary.csv"
    with path.open("a") as handle:
        handle.write('Multi line term,"First line\nsecond line",01,apa2017\n')
        handle.write("Bad notebook term,Definition.,99,apa2017\n")
    issue = only_issue("glossary", data_copy)
    assert issue.line == len(path.read_text().splitlines()) and issue.column == "notebook"


def test_clear_question_needs_exactly_one_correct_option(data_copy):
    options = data.load("options", data_copy)
    questions = data.load("questions", data_copy).set_index("id")
    clear = next(q for q in options["question_id"] if questions.loc[q, "kind"] == "clear")
    row = options[(options["question_id"] == clear) & (options["verdict"] == "incorrect")].iloc[0]
    path = data_copy / "options.csv"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{clear},{row['option_id']},"))
    lines[index] = lines[index].replace(",incorrect,", ",correct,", 1)
    path.write_text("\n".join(lines) + "\n")
    issue = only_issue("options", data_copy)
    assert clear in issue.problem and issue.column == "verdict"


def test_a_problem_in_references_is_reported_for_dependents(data_copy):
    rewrite(data_copy / "references.csv", "id,kind", "id,sort")
    with pytest.raises(CourseDataError) as caught:
        data.load("statements", data_copy)
    assert any("fix references.csv first" in i.fix for i in caught.value.issues)


def test_unknown_table_name_lists_the_tables():
    with pytest.raises(KeyError, match="statements"):
        data.load("statement")


def test_validate_command_exit_codes(data_copy):
    command = [sys.executable, "-m", "therapy_boundaries.validate"]
    good = subprocess.run(command + [str(data_copy)], capture_output=True, text=True)
    assert good.returncode == 0 and "valid" in good.stdout
    rewrite(data_copy / "statements.csv", "category,", "kategory,")
    bad = subprocess.run(command + [str(data_copy)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "statements.csv, line 1, column 'category': this required column is missing" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


# -- rules that span rows or tables --------------------------------------------------------------

def test_gray_scenario_needs_both_views(data_copy):
    frame = data.load("scenarios", data_copy)
    gray = frame[frame["experts_differ"] == "yes"].iloc[0]["id"]
    line = _edit_row(data_copy / "scenarios.csv", gray, view_two="")
    issue = only_issue("scenarios", data_copy)
    assert (issue.line, issue.column) == (line, "view_two") and "experts_differ is 'yes'" in issue.problem


def _edit_row(path: Path, row_id: str, **changes) -> int:
    """Change cells of the row whose first cell is `row_id`; returns that row's line number."""
    import csv

    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row[next(iter(row))] == row_id:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{row_id},"))


def test_vignette_labels_must_agree(data_copy):
    frame = data.load("vignettes", data_copy)
    transference = frame[(frame["phenomenon"] == "transference") & frame["moment"].isna()].iloc[0]["id"]
    line = _edit_row(data_copy / "vignettes.csv", transference, comes_from="therapist")
    issue = only_issue("vignettes", data_copy)
    assert (issue.line, issue.column) == (line, "comes_from") and "use client" in issue.fix


def test_moment_needs_one_vignette_from_each_chair(data_copy):
    frame = data.load("vignettes", data_copy)
    therapist_side = frame[frame["side"] == "therapist"].iloc[0]
    _edit_row(data_copy / "vignettes.csv", therapist_side["id"], side="client")
    issue = only_issue("vignettes", data_copy)
    assert issue.file == "moments.csv" and therapist_side["moment"] in issue.problem


def test_unknown_case_kind(data_copy):
    case = data.load("cases", data_copy).iloc[0]["id"]
    line = _edit_row(data_copy / "cases.csv", case, kinds="social; romantic")
    issue = only_issue("cases", data_copy)
    assert (issue.line, issue.column) == (line, "kinds") and "'romantic'" in issue.problem


def test_waiting_period_must_be_a_whole_number(data_copy):
    row = data.load("codes", data_copy).dropna(subset=["waiting_period_years"]).iloc[0]["id"]
    line = _edit_row(data_copy / "codes.csv", row, waiting_period_years="two")
    issue = only_issue("codes", data_copy)
    assert (issue.line, issue.column) == (line, "waiting_period_years") and "whole number" in issue.problem


# -- the cache of validated tables ------------------------------------------------------------------

def _load_in_fresh_process(folder: Path, cache: Path) -> str:
    code = ("import sys; from therapy_boundaries import data; "
            f"data.load('statements', {str(folder)!r}); print('pandera' in sys.modules)")
    env = {**__import__("os").environ, "THERAPY_BOUNDARIES_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          check=True).stdout.strip()


def test_a_validated_table_loads_later_without_pandera(data_copy, tmp_path):
    cache = tmp_path / "cache"
    assert _load_in_fresh_process(data_copy, cache) == "True"   # first time: validated
    assert _load_in_fresh_process(data_copy, cache) == "False"  # then: from the cache
    path = data_copy / "glossary.csv"  # any edit to any table validates afresh
    path.write_text(path.read_text() + "Zz new term,A definition.,01,apa2017\n")
    assert _load_in_fresh_process(data_copy, cache) == "True"


def test_a_broken_table_is_never_cached_and_a_bad_cache_is_ignored(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("THERAPY_BOUNDARIES_CACHE", str(tmp_path / "cache"))
    rewrite(data_copy / "statements.csv", "category,", "kategory,")
    with pytest.raises(CourseDataError):
        data.load("statements", data_copy)
    assert not list((tmp_path / "cache").glob("*.pickle"))
    rewrite(data_copy / "statements.csv", "kategory,", "category,")
    data._load_cached.cache_clear()
    good = data.load("statements", data_copy)
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    data._load_cached.cache_clear()
    assert data.load("statements", data_copy).equals(good)
