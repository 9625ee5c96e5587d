"""Hostile and odd course-data files: each one either loads correctly or fails with a clear, located message.

A parametrized matrix: every case names a table, a way to damage (or merely oddly format) a private copy
of data/, and what must happen. Errors must be a `CourseDataError` whose message names the file, the line
("line N", or "whole file"), the column where one applies and a "Fix:" part, and never leaks a
"Traceback" or "pandera". Odd-but-valid files must load with every row.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from therapy_boundaries import data
from therapy_boundaries.data import CourseDataError

BIG_BYTES = 50 * 1024 * 1024
BIG_SECONDS = 20.0


# -- helpers that damage a copy of the data ---------------------------------------------------------

def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def append_text(path: Path, text: str) -> int:
    """Append raw text; returns the line number (1-based) the appended text starts on."""
    raw = path.read_bytes()
    if not raw.endswith(b"\n"):
        raw += b"\n"
    start = raw.count(b"\n") + 1
    path.write_bytes(raw + text.encode("utf-8"))
    return start


def lines_of(path: Path) -> int:
    return path.read_bytes().count(b"\n")


# Each mutator takes the data copy and returns the line the problem is expected on (or None).

def m_missing_file(d: Path):
    (d / "glossary.csv").unlink()


def m_missing_column(d: Path):
    rows = read_rows(d / "glossary.csv")
    col = rows[0].index("notebook")
    write_rows(d / "glossary.csv", [r[:col] + r[col + 1:] for r in rows])
    return 1


def m_extra_column(d: Path):
    rows = read_rows(d / "glossary.csv")
    write_rows(d / "glossary.csv", [rows[0] + ["notes"]] + [r + [""] for r in rows[1:]])
    return 1


def m_duplicated_header(d: Path):
    rows = read_rows(d / "glossary.csv")
    write_rows(d / "glossary.csv", [rows[0] + ["definition"]] + [r + ["again"] for r in rows[1:]])
    return 1


def m_empty_required_cell(d: Path):
    rows = read_rows(d / "glossary.csv")
    rows[1][rows[0].index("definition")] = ""
    write_rows(d / "glossary.csv", rows)
    return 2


def m_value_outside_set(d: Path):
    rows = read_rows(d / "glossary.csv")
    rows[1][rows[0].index("notebook")] = "99"
    write_rows(d / "glossary.csv", rows)
    return 2


def m_duplicate_id(d: Path):
    path = d / "statements.csv"
    first = path.read_text(encoding="utf-8").splitlines()[1]
    return append_text(path, first + "\n")


def m_duplicate_term_other_case(d: Path):
    rows = read_rows(d / "glossary.csv")
    copy = list(rows[1])
    copy[0] = copy[0].swapcase()
    return append_text(d / "glossary.csv", _csv_line(copy))


def m_dangling_reference(d: Path):
    return append_text(d / "glossary.csv", "Hostile term,A definition.,01,apa2017; nosuchsource\n")


def m_wrong_encoding(d: Path):
    path = d / "glossary.csv"
    start = append_text(path, "")
    path.write_bytes(path.read_bytes() + "Caf\u00e9 term,D\u00e9finition.,01,apa2017\n".encode("latin-1"))
    return start


def m_mixed_encodings(d: Path):
    """A UTF-8 file (with real non-ASCII UTF-8 on the lines around it) and one Latin-1 line in the middle."""
    path = d / "glossary.csv"
    start = append_text(path, "Na\u00efve term,A na\u00efve definition \u2014 UTF-8.,01,apa2017\n")
    path.write_bytes(path.read_bytes() + "Se\u00f1or term,Latin-1 d\u00e9finition.,01,apa2017\n".encode("latin-1")
                     + "\u00c9tude term,UTF-8 again \u2713.,01,apa2017\n".encode("utf-8"))
    return start + 1


def _redelimit(sep: str):
    def mutate(d: Path):
        path = d / "references.csv"
        write_rows(path, read_rows(path), delimiter=sep)
        return 1
    return mutate


def m_too_many_cells(d: Path):
    return append_text(d / "glossary.csv", "Term,A definition, with a comma,01,apa2017\n")


def m_too_few_cells(d: Path):
    return append_text(d / "glossary.csv", "Term,A definition,01\n")


def m_unclosed_quote(d: Path):
    return append_text(d / "glossary.csv", 'Term,"An unclosed definition,01,apa2017\n')


def m_text_after_quote(d: Path):
    return append_text(d / "glossary.csv", 'Term,"quoted"trailing,01,apa2017\n')


def m_formula_cell(d: Path):
    return append_text(d / "glossary.csv", "=1+1,A definition.,01,apa2017\n")


def m_hyperlink_cell(d: Path):
    return append_text(d / "glossary.csv", '"=HYPERLINK(""http://x"",""y"")",A definition.,01,apa2017\n')


def m_formula_at_sign(d: Path):
    return append_text(d / "glossary.csv", "Term at,@SUM(A1:A2),01,apa2017\n")


def m_empty_file(d: Path):
    (d / "glossary.csv").write_bytes(b"")
    return 1


def m_bom(d: Path):
    path = d / "glossary.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def m_windows_line_endings(d: Path):
    path = d / "glossary.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def m_bom_and_crlf(d: Path):
    m_windows_line_endings(d)
    m_bom(d)


def m_header_trailing_spaces(d: Path):
    path = d / "glossary.csv"
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(",".join(f"{h}   " for h in head.split(",")) + "  \n" + rest, encoding="utf-8")


def m_blank_lines_between_rows(d: Path):
    path = d / "glossary.csv"
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(head + "\n\n   \n" + rest + "\n\n", encoding="utf-8")


def m_html_in_text(d: Path):
    """Markup is data, not a formula: it must load verbatim (the notebooks escape it)."""
    append_text(d / "glossary.csv", '"Hostile <script>x</script>","<img src=x onerror=""y""> **b** <b>b</b>",01,apa2017\n')


def _csv_line(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue()


# -- the matrix ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    id: str
    table: str
    mutate: Callable[[Path], int | None]
    outcome: str                         # "error" or "load"
    file: str = ""                        # the file the error names (default: <table>.csv)
    column: str | None = None             # a column some issue must name
    words: tuple[str, ...] = ()           # must appear in the message (case-insensitive)
    rows_delta: int | None = 0            # for "load": rows compared with the shipped table


CASES = [
    Case("missing_file", "glossary", m_missing_file, "error", words=("missing", "whole file")),
    Case("missing_column", "glossary", m_missing_column, "error", column="notebook", words=("required column",)),
    Case("extra_column", "glossary", m_extra_column, "error", column="notes", words=("not part of the table",)),
    Case("duplicated_header", "glossary", m_duplicated_header, "error", column="definition",
         words=("appears twice",)),
    Case("empty_required_cell", "glossary", m_empty_required_cell, "error", column="definition",
         words=("empty", "fill it in")),
    Case("value_outside_set", "glossary", m_value_outside_set, "error", column="notebook",
         words=("'99'", "not an allowed value")),
    Case("duplicate_id", "statements", m_duplicate_id, "error", column="id", words=("more than one row",)),
    Case("duplicate_term_other_case", "glossary", m_duplicate_term_other_case, "error", column="term",
         words=("repeats the row on line 2",)),
    Case("dangling_reference", "glossary", m_dangling_reference, "error", column="source_ids",
         words=("'nosuchsource'", "references.csv")),
    Case("wrong_encoding", "glossary", m_wrong_encoding, "error", words=("not UTF-8", "CSV UTF-8")),
    Case("mixed_encodings", "glossary", m_mixed_encodings, "error", words=("not UTF-8", "0xf1")),
    Case("semicolon_delimiter", "references", _redelimit(";"), "error", words=("';'", "comma")),
    Case("tab_delimiter", "references", _redelimit("\t"), "error", words=("tabs", "comma")),
    Case("too_many_cells", "glossary", m_too_many_cells, "error", words=("5 cell(s)", "double quotes")),
    Case("too_few_cells", "glossary", m_too_few_cells, "error", words=("3 cell(s)", "missing cells")),
    Case("unclosed_quote", "glossary", m_unclosed_quote, "error", words=("quoting is broken",)),
    Case("text_after_closing_quote", "glossary", m_text_after_quote, "error", words=("quoting is broken",)),
    Case("formula_cell", "glossary", m_formula_cell, "error", column="term", words=("formula",)),
    Case("hyperlink_formula_cell", "glossary", m_hyperlink_cell, "error", column="term",
         words=("starts with '='", "formula")),
    Case("at_sign_formula_cell", "glossary", m_formula_at_sign, "error", column="definition",
         words=("starts with '@'",)),
    Case("empty_file", "glossary", m_empty_file, "error", words=("empty", "header row")),
    Case("byte_order_mark", "glossary", m_bom, "load"),
    Case("windows_line_endings", "glossary", m_windows_line_endings, "load"),
    Case("bom_and_windows_line_endings", "glossary", m_bom_and_crlf, "load"),
    Case("header_trailing_spaces", "glossary", m_header_trailing_spaces, "load"),
    Case("blank_lines_between_rows", "glossary", m_blank_lines_between_rows, "load"),
    Case("html_in_text_loads_verbatim", "glossary", m_html_in_text, "load", rows_delta=1),
]


def assert_clear(error: CourseDataError, case: Case, line: int | None) -> None:
    message = str(error)
    file = case.file or f"{case.table}.csv"
    assert error.issues, "a CourseDataError without issues"
    assert file in message, message
    assert "Fix:" in message, message
    assert "traceback" not in message.lower() and "pandera" not in message.lower(), message
    for issue in error.issues:  # every issue says where it is and what to do
        assert issue.file and issue.problem and issue.fix, issue
        assert (f"line {issue.line}" if issue.line else "whole file") in str(issue)
    if line is not None:
        assert line in {i.line for i in error.issues if i.file == file}, (line, message)
    else:
        assert any(i.line is None for i in error.issues), message
    if case.column:
        assert case.column in {i.column for i in error.issues}, message
        assert f"column '{case.column}'" in message
    for word in case.words:
        assert word.lower() in message.lower(), (word, message)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_file(case: Case, data_copy: Path):
    shipped = len(data.load(case.table)) if case.outcome == "load" else None
    line = case.mutate(data_copy)
    if case.outcome == "error":
        with pytest.raises(CourseDataError) as caught:
            data.load(case.table, data_copy)
        assert_clear(caught.value, case, line)
    else:
        frame = data.load(case.table, data_copy)
        assert list(frame.columns) == list(data.load(case.table).columns)
        assert len(frame) == shipped + case.rows_delta
        assert not any(str(c).startswith("\ufeff") or c != c.strip() for c in frame.columns)


def test_html_in_text_is_kept_verbatim(data_copy: Path):
    m_html_in_text(data_copy)
    row = data.load("glossary", data_copy).iloc[-1]
    assert row["term"] == "Hostile <script>x</script>"
    assert row["definition"] == '<img src=x onerror="y"> **b** <b>b</b>'


def test_header_only_file_is_an_empty_table_or_a_clear_error(data_copy: Path):
    path = data_copy / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    try:
        frame = data.load("glossary", data_copy)
    except CourseDataError as error:
        message = str(error)
        assert "glossary.csv" in message and "Fix:" in message
        assert "whole file" in message or "line " in message
        assert "traceback" not in message.lower() and "pandera" not in message.lower()
        print(f"header-only glossary.csv is refused:\n{message}")
    else:
        assert len(frame) == 0 and list(frame.columns) == ["term", "definition", "notebook", "source_ids"]
        print("header-only glossary.csv loads as an empty table")


def test_header_only_file_says_it_has_no_rows(data_copy: Path):
    path = data_copy / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(CourseDataError) as caught:
        data.load("glossary", data_copy)
    assert [str(i) for i in caught.value.issues] == [
        "glossary.csv, whole file: the file has a header but no rows. Fix: add at least one row (data/README.md "
        "describes the columns), or restore the file with git checkout -- data/glossary.csv."]


def test_fifty_megabyte_file_loads_or_fails_clearly_in_time(data_copy: Path):
    path = data_copy / "glossary.csv"
    rows = read_rows(path)
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    count = 0
    while out.tell() < BIG_BYTES:
        row = list(body[count % len(body)])
        row[0] = f"{row[0]} {count:07d}"  # unique terms
        writer.writerow(row)
        count += 1
    path.write_text(out.getvalue(), encoding="utf-8")
    size = path.stat().st_size
    assert size >= BIG_BYTES
    started = time.perf_counter()
    try:
        frame = data.load("glossary", data_copy)
    except CourseDataError as error:
        elapsed = time.perf_counter() - started
        message = str(error)
        assert "glossary.csv" in message and "Fix:" in message and "traceback" not in message.lower()
        outcome = f"refused clearly: {message[:200]}"
    else:
        elapsed = time.perf_counter() - started
        assert len(frame) == count
        assert frame["term"].is_unique
        outcome = f"loaded {len(frame)} rows"
    print(f"50 MB glossary ({size:,} bytes, {count:,} rows): {outcome} in {elapsed:.1f} s")
    assert elapsed < BIG_SECONDS, f"loading {size:,} bytes took {elapsed:.1f} s"


def test_matrix_covers_at_least_twenty_cases():
    extra = 3  # the header-only, verbatim-HTML and 50 MB tests above, outside the parametrized matrix
    total = len(CASES) + extra
    errors = sum(c.outcome == "error" for c in CASES)
    print(f"hostile-data matrix: {len(CASES)} parametrized cases ({errors} error, {len(CASES) - errors} load) "
          f"+ {extra} standalone = {total}")
    assert len({c.id for c in CASES}) == len(CASES)
    assert total >= 20 and len(CASES) >= 20
