"""Load a course table from data/ as a validated DataFrame, or explain exactly what is wrong.

Every problem becomes a `DataIssue` naming the file, the line as a spreadsheet numbers it, the
column and the fix; `CourseDataError` carries all of a file's issues at once, so an instructor
who edited a CSV fixes everything in one pass instead of one traceback at a time.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ENV_DATA_DIR = "THERAPY_BOUNDARIES_DATA"
FORMULA_START = ("=", "+", "-", "@")
_LIST_SPLIT = re.compile(r"\s*;\s*")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")  # "-1" is a number, not a formula


@dataclass(frozen=True)
class DataIssue:
    file: str
    line: int | None  # None: the whole file
    column: str | None
    problem: str
    fix: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "whole file"
        column = f", column '{self.column}'" if self.column else ""
        return f"{self.file}, {where}{column}: {self.problem}. Fix: {self.fix}."


class CourseDataError(ValueError):
    """A course data file cannot be used; `issues` says where and how to fix it."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        shown = "\n".join(f"  - {issue}" for issue in issues[:20])
        more = f"\n  … and {len(issues) - 20} more" if len(issues) > 20 else ""
        super().__init__(f"{len(issues)} problem(s) in the course data:\n{shown}{more}")


def data_dir() -> Path:
    """The folder of CSV files: $THERAPY_BOUNDARIES_DATA, else the repository's data/."""
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR])
    return Path(__file__).resolve().parents[2] / "data"


def filled(cell) -> bool:
    """A non-empty text cell (empty cells load as missing values)."""
    return isinstance(cell, str) and cell != ""


def split_ids(cell: str) -> list[str]:
    """`"apa2017; kitchener1988"` → `["apa2017", "kitchener1988"]`."""
    return [part for part in _LIST_SPLIT.split(cell.strip()) if part]


def load(table: str, folder: Path | None = None) -> pd.DataFrame:
    """The validated table `table` (e.g. "statements"), checked against the tables it cites."""
    folder = Path(folder) if folder else data_dir()
    # Tables check each other's ids, so any edited file invalidates every cached table.
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.csv")))
    return _load_cached(table, folder, stamp).copy()


@functools.lru_cache(maxsize=64)
def _load_cached(table: str, folder: Path, _stamp) -> pd.DataFrame:
    key = _content_key(table, folder)
    cached = _from_disk_cache(key)
    if cached is not None:
        return cached
    frame = _validate(table, folder)
    _to_disk_cache(key, frame)
    return frame


# -- a cache of validated tables across kernels ------------------------------------------------
# Validating needs pandera, whose import costs more than all the notebook's own work. A table that
# validated once is stored, keyed by the exact bytes of every CSV and of the checking code, so any
# edit (or a new version of this package) validates afresh. Failing to read or write the cache
# only means validating again.

ENV_CACHE = "THERAPY_BOUNDARIES_CACHE"


def cache_dir() -> Path:
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "therapy-boundaries"


def _content_key(table: str, folder: Path) -> str:
    digest = hashlib.sha256(table.encode())
    here = Path(__file__).parent
    for path in [here / "data.py", here / "schemas.py", *sorted(folder.glob("*.csv"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _from_disk_cache(key: str) -> pd.DataFrame | None:
    try:
        with open(cache_dir() / f"{key}.pickle", "rb") as handle:
            frame = pickle.load(handle)  # our own file, written below from a validated table
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


def _to_disk_cache(key: str, frame: pd.DataFrame) -> None:
    with contextlib.suppress(OSError):
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(frame, handle)
        os.replace(tmp, folder / f"{key}.pickle")


def _validate(table: str, folder: Path) -> pd.DataFrame:
    from . import schemas  # pandera is costly to import: only when a table must be validated

    if table not in schemas.TABLES:
        known = ", ".join(sorted(schemas.TABLES))
        raise KeyError(f"No course table named {table!r}; the tables are: {known}")
    spec = schemas.TABLES[table]
    frame, lines = _read(spec, folder / spec.filename)
    frame, issues = _check_rows(spec, frame, lines)
    for link in spec.links:
        try:
            target = load(link.table, folder)
        except CourseDataError:
            issues.append(_broken_target(spec, link))
            continue
        issues += _check_link(spec, link, frame, lines, set(target[link.target]))
    if not issues and spec.name in TABLE_RULES:
        issues += TABLE_RULES[spec.name](folder, frame, lines)
    if issues:
        raise CourseDataError(issues)
    return frame


def _read(spec, path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Parse the CSV strictly; returns the rows and the line each row starts on."""
    name = spec.filename
    if not path.exists():
        header = ",".join(spec.columns)
        raise CourseDataError(
            [DataIssue(name, None, None, f"the file is missing from {path.parent}",
                       f"restore it (git checkout -- data/{name}) or create it with the header row: {header}")]
        )
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CourseDataError(
            [DataIssue(name, line, None, "the file is not UTF-8 text (byte "
                       f"0x{raw[exc.start]:02x} cannot be read)",
                       "in your spreadsheet use Save As → 'CSV UTF-8 (comma delimited)'")]
        ) from None
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise CourseDataError([DataIssue(name, 1, None, "the file is empty",
                                         f"add the header row: {','.join(spec.columns)}")]) from None
    except csv.Error as exc:
        raise CourseDataError([DataIssue(name, 1, None, f"the header row cannot be read ({exc})",
                                         f"make the first line: {','.join(spec.columns)}")]) from None
    issues = _check_header(spec, header)
    if issues:
        raise CourseDataError(issues)
    rows, starts, line = [], [], 1
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # a blank line between rows is harmless
            if len(record) != len(header):
                fix = ("put double quotes around any text that contains a comma"
                       if len(record) > len(header) else "add the missing cells (an empty cell is two commas)")
                issues.append(DataIssue(name, start, None, f"this row has {len(record)} cell(s) but the "
                                        f"header has {len(header)}", fix))
                continue
            rows.append([cell.strip() for cell in record])
            starts.append(start)
    except csv.Error as exc:
        issues.append(DataIssue(name, reader.line_num, None, f"the CSV quoting is broken ({exc})",
                                "make sure every opening double quote has a closing one, "
                                "and write a quote inside quoted text as two quotes (\"\")"))
    if not issues and not rows:
        issues.append(DataIssue(name, None, None, "the file has a header but no rows",
                                "add at least one row (data/README.md describes the columns), or restore the file "
                                f"with git checkout -- data/{name}"))
    if issues:
        raise CourseDataError(issues)
    frame = pd.DataFrame(rows, columns=header, dtype=object).replace("", None)
    return frame[spec.columns], starts


def _check_header(spec, header: list[str]) -> list[DataIssue]:
    name, expected = spec.filename, spec.columns
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        sep = next(s for s in (";", "\t", "|") if s in header[0])
        shown = {"\t": "tabs"}.get(sep, f"'{sep}'")
        return [DataIssue(name, 1, None, f"the columns are separated by {shown}, not commas",
                          "save the file as 'CSV UTF-8 (comma delimited)'")]
    issues = [DataIssue(name, 1, col, "this required column is missing",
                        f"add a column headed '{col}' (see data/README.md)")
              for col in expected if col not in header]
    issues += [DataIssue(name, 1, col, "this column is not part of the table",
                         f"remove it or rename it to one of: {', '.join(expected)}")
               for col in header if col not in expected]
    duplicated = {col for col in header if header.count(col) > 1}
    issues += [DataIssue(name, 1, col, "this column heading appears twice", "keep only one of them")
               for col in sorted(duplicated)]
    return issues


def _check_rows(spec, frame: pd.DataFrame, lines: list[int]) -> tuple[pd.DataFrame, list[DataIssue]]:
    import pandera.errors

    name = spec.filename
    issues = [
        DataIssue(name, lines[i], col, f"the cell starts with '{value[0]}', which a spreadsheet "
                  "would run as a formula", "reword it so it starts with a letter or digit")
        for col in frame.columns
        for i, value in enumerate(frame[col])
        if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value)
    ]
    try:
        frame = spec.schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        # A cell that is not a number also fails the column's range check; say it once.
        uncoerced = set(cases.loc[cases["check"].astype(str).str.startswith("coerce_dtype"), "column"])
        for case in cases.itertuples():
            if case.column in uncoerced and not str(case.check).startswith("coerce_dtype"):
                continue
            line = lines[int(case.index)] if pd.notna(case.index) else None
            problem, fix = _explain(str(case.check), case.failure_case)
            issues.append(DataIssue(name, line, case.column, problem, fix))
    for columns in [spec.unique_together] if spec.unique_together else []:
        keys = frame[list(columns)].astype(str).apply(lambda r: tuple(v.casefold() for v in r), axis=1)
        for i in keys[keys.duplicated()].index:
            first = lines[keys[keys == keys[i]].index[0]]
            issues.append(DataIssue(name, lines[i], columns[-1], "this repeats the row on line "
                                    f"{first}", "remove one of the two rows or change this value"))
    return frame, sorted(issues, key=lambda issue: (issue.line or 0, issue.column or ""))


def _explain(check: str, value) -> tuple[str, str]:
    """Turn a pandera check name into words an instructor can act on."""
    shown = repr(value) if value is not None else "an empty cell"
    if check == "not_nullable":
        return "this required cell is empty", "fill it in"
    if check.startswith("isin"):
        allowed = ", ".join(re.findall(r"'([^']*)'", check))
        return f"{shown} is not an allowed value", f"use one of: {allowed}"
    if check.startswith("str_matches"):
        if "a-z0-9_" in check:
            return f"{shown} is not a valid id", "use lower-case letters, digits and underscores only"
        if "10\\." in check:
            return f"{shown} is not a DOI", "write the bare DOI, starting 10. (no https://doi.org/)"
        return f"{shown} has the wrong form", "see data/README.md for this column's format"
    if check == "field_uniqueness":
        return f"{shown} appears on more than one row", "give each row a different value"
    if check.startswith(("coerce_dtype('float", "dtype('float")):
        return f"{shown} is not a number", "write a number such as 46 or 46.5"
    if check.startswith(("coerce_dtype", "dtype")):
        return f"{shown} is not a whole number", "write a whole number such as 3"
    if check.startswith("in_range"):
        low, high = re.findall(r"-?\d+", check)[:2]
        return f"{shown} is outside the allowed range", f"use a whole number from {low} to {high}"
    if check.startswith("greater_than_or_equal_to"):
        return f"{shown} is too small", "use 1 or more"
    if check == "column_in_dataframe":
        return "this required column is missing", "add it (see data/README.md)"
    return f"{shown} fails the check {check}", "see data/README.md for this column's rules"


def _check_link(spec, link, frame, lines, known: set[str]) -> list[DataIssue]:
    issues = []
    for i, cell in enumerate(frame[link.column]):
        if cell is None:
            continue
        ids = split_ids(cell) if link.many else [cell]
        for ref in ids:
            if ref not in known:
                issues.append(DataIssue(spec.filename, lines[i], link.column,
                                        f"'{ref}' is not an {link.target} in {link.table}.csv",
                                        f"correct the spelling, or add a row with {link.target} "
                                        f"'{ref}' to {link.table}.csv"))
    return issues


def _broken_target(spec, link) -> DataIssue:
    return DataIssue(spec.filename, None, link.column, f"its links cannot be checked because "
                     f"{link.table}.csv has problems", f"fix {link.table}.csv first (run make validate)")


def _check_question_options(folder: Path, options: pd.DataFrame, lines) -> list[DataIssue]:
    """A clear question has one right answer; a gray one has debated answers and two views."""
    questions = load("questions", folder)
    issues = []
    for q in questions.itertuples():
        mine = options[options["question_id"] == q.id]
        verdicts = list(mine["verdict"])
        line = lines[mine.index[0]] if len(mine) else None
        where = ("options.csv", line, "verdict")
        if len(mine) < 2:
            issues.append(DataIssue("options.csv", None, "question_id", f"question '{q.id}' has "
                                    f"{len(mine)} option(s)", "give every question at least two options"))
        elif q.kind == "clear" and (verdicts.count("correct") != 1 or "debated" in verdicts):
            issues.append(DataIssue(*where, f"clear question '{q.id}' needs exactly one 'correct' "
                                    "option and no 'debated' one", "mark one option correct, or make the "
                                    "question 'gray' in questions.csv"))
        elif q.kind == "gray" and ("debated" not in verdicts or "correct" in verdicts):
            issues.append(DataIssue(*where, f"gray question '{q.id}' needs 'debated' options and no "
                                    "'correct' one", "mark the defensible options 'debated'"))
        if q.kind == "gray" and not (filled(q.view_one) and filled(q.view_two)):
            issues.append(DataIssue("questions.csv", None, "view_one", f"gray question '{q.id}' "
                                    "needs both expert views", "fill in view_one and view_two"))
    return issues


def _check_gray_scenarios(_folder: Path, scenarios: pd.DataFrame, lines) -> list[DataIssue]:
    """A gray scenario names the other defensible reading and both views; a clear one names none."""
    issues = []
    for i, row in scenarios.iterrows():
        gray = row["experts_differ"] == "yes"
        for column in ("also_defensible", "view_one", "view_two"):
            if gray and not filled(row[column]):
                issues.append(DataIssue("scenarios.csv", lines[i], column, "experts_differ is 'yes' but "
                                        "this cell is empty", "fill it in, or set experts_differ to 'no'"))
            if not gray and filled(row[column]):
                issues.append(DataIssue("scenarios.csv", lines[i], column, "experts_differ is 'no' but "
                                        "this cell is filled", "empty it, or set experts_differ to 'yes'"))
        if gray and row["also_defensible"] == row["classification"]:
            issues.append(DataIssue("scenarios.csv", lines[i], "also_defensible", "it repeats the "
                                    "classification", "name the reading the other side of the debate gives"))
    return issues


def _check_base_values(folder: Path, bases: pd.DataFrame, lines) -> list[DataIssue]:
    """Every factor value of a base situation must have a rule in detail_rules.csv."""
    rules = load("detail_rules", folder)
    known = {(r.factor, r.value) for r in rules.itertuples()}
    return [
        DataIssue("detail_bases.csv", lines[i], factor, f"'{row[factor]}' has no rule for {factor}",
                  f"use a value listed for {factor} in detail_rules.csv, or add a rule there")
        for i, row in bases.iterrows()
        for factor in sorted({f for f, _ in known})
        if (factor, row[factor]) not in known
    ]


WHOSE_FEELINGS = {"transference": {"client"}, "countertransference": {"therapist"}, "both": {"both"},
                  "real_relationship": {"client", "therapist", "both"}}


def _check_vignettes(folder: Path, vignettes: pd.DataFrame, lines) -> list[DataIssue]:
    """Labels that agree with each other, and every moment told once from each chair."""
    issues = []
    for i, row in vignettes.iterrows():
        if row["comes_from"] not in WHOSE_FEELINGS[row["phenomenon"]]:
            allowed = " or ".join(sorted(WHOSE_FEELINGS[row["phenomenon"]]))
            issues.append(DataIssue("vignettes.csv", lines[i], "comes_from", f"{row['phenomenon']} cannot come "
                                    f"from '{row['comes_from']}'", f"use {allowed}"))
        if (row["kind"] == "none") != (row["phenomenon"] == "real_relationship"):
            issues.append(DataIssue("vignettes.csv", lines[i], "kind", "kind 'none' goes with "
                                    "real_relationship, and only with it", "change the kind or the phenomenon"))
        if filled(row["moment"]) != filled(row["side"]):
            issues.append(DataIssue("vignettes.csv", lines[i], "side", "moment and side must be filled "
                                    "together", "fill both (side: client or therapist) or neither"))
    moments = load("moments", folder)
    for moment in moments["id"]:
        sides = sorted(vignettes.loc[vignettes["moment"] == moment, "side"].dropna())
        if sides != ["client", "therapist"]:
            issues.append(DataIssue("moments.csv", None, "id", f"moment '{moment}' is told by vignettes "
                                    f"from the sides {sides or 'none'}", "give it exactly one vignette with side "
                                    "client and one with side therapist in vignettes.csv"))
    return issues


def _check_case_kinds(_folder: Path, cases: pd.DataFrame, lines) -> list[DataIssue]:
    from .schemas import CASE_KINDS

    return [
        DataIssue("cases.csv", lines[i], "kinds", f"'{kind}' is not a kind of multiple relationship",
                  f"use one or more of: {', '.join(CASE_KINDS)}, separated by ;")
        for i, cell in enumerate(cases["kinds"])
        for kind in split_ids(cell)
        if kind not in CASE_KINDS
    ]


TABLE_RULES = {
    "cases": _check_case_kinds,
    "vignettes": _check_vignettes,
    "options": _check_question_options,
    "scenarios": _check_gray_scenarios,
    "detail_bases": _check_base_values,
}


def validate_all(folder: Path | None = None) -> list[DataIssue]:
    """Every problem in every course table (an empty list when all is well)."""
    from . import schemas

    issues: list[DataIssue] = []
    for name in schemas.TABLES:
        try:
            load(name, folder)
        except CourseDataError as exc:
            issues += [i for i in exc.issues if i not in issues]
    return issues
