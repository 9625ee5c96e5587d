"""The class's answers for the instructor: read a folder of exported files, check each, and sum up.

Every file is treated as untrusted: it is size-checked before it is read, parsed as JSON only
(nothing in it is ever executed), validated against the export schema, and rejected with a
reason rather than half-used. Text from files is data: the views escape it before display.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import fastjsonschema
import pandas as pd
from fastjsonschema import JsonSchemaValueException

from .progress import EXPORT_FORMAT, EXPORT_VERSION

MAX_BYTES = 512 * 1024  # a full course of answers is a few KB; anything this big is not an export
MAX_TEXT = 5_000
STATUSES = {"correct", "incorrect", "debated", None}
TOPICS = {"00": "Start here", "01": "Friendship vs therapy", "02": "Boundary crossings and violations",
          "03": "Transference and countertransference", "04": "Dual relationships", "05": "After therapy ends",
          "06": "Review"}

EXPORT_SCHEMA = {
    "type": "object",
    "required": ["format", "version", "pseudonym", "answers"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": EXPORT_FORMAT},
        "version": {"const": EXPORT_VERSION},
        "pseudonym": {"type": "string", "pattern": "^student-[0-9a-f]{4,32}$"},
        "name": {"type": "string", "maxLength": 200},
        "answers": {
            "type": "array",
            "maxItems": 2000,
            "items": {
                "type": "object",
                "required": ["notebook", "exercise", "answer", "status"],
                "additionalProperties": False,
                "properties": {
                    "notebook": {"type": "string", "pattern": "^0[0-6]$"},
                    "exercise": {"type": "string", "pattern": "^[a-z0-9_/]{1,120}$"},
                    "answer": {"anyOf": [
                        {"type": "string", "maxLength": MAX_TEXT},
                        {"type": "array", "maxItems": 20, "items": {"type": ["string", "null"], "maxLength": 200}},
                    ]},
                    "status": {"enum": sorted(s for s in STATUSES if s) + [None]},
                },
            },
        },
    },
}


# Our own words for schema failures: a file's content never reaches the message.
PROBLEMS = {"required": "lacks a required field", "const": "has the wrong value",
            "additionalProperties": "has a field that does not belong", "type": "has the wrong type",
            "maxLength": "is too long", "pattern": "has the wrong form", "enum": "has a value that is not allowed",
            "maxItems": "has too many entries", "anyOf": "has an answer of the wrong kind"}


@functools.cache
def export_validator():
    """The export schema compiled once to Python code (fastjsonschema: ~40x faster than interpreting it)."""
    return fastjsonschema.compile(EXPORT_SCHEMA)


@dataclass(frozen=True)
class ClassAnswers:
    """One row per student and exercise, and the files that were skipped with their reasons."""

    answers: pd.DataFrame  # pseudonym, notebook, exercise, answer, status
    skipped: pd.DataFrame  # file, reason

    @property
    def students(self) -> int:
        return self.answers["pseudonym"].nunique()


def _reason(path: Path, seen: dict[str, str], digests: dict[str, str]) -> tuple[str | None, dict | None]:
    try:  # a file may vanish or change while a student re-copies it: skip it, never stop the class
        if path.is_symlink() or not path.is_file():
            return "not a regular file", None
        size = path.stat().st_size
        if size > MAX_BYTES:
            return f"too large ({size:,} bytes; an export is a few KB)", None
        raw = path.read_bytes()
    except OSError as exc:
        return f"could not be read ({exc.__class__.__name__}); refresh to try again", None
    digest = hashlib.sha256(raw).hexdigest()
    if digest in digests:
        return f"an exact copy of {digests[digest]}", None
    digests[digest] = path.name
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return f"not a readable export (not UTF-8 JSON: {exc.__class__.__name__})", None
    try:
        export_validator()(record)
    except JsonSchemaValueException as error:
        where = "/".join(str(p) for p in error.path[1:]) or "the top level"
        return f"does not match the export format: {where} {PROBLEMS.get(error.rule, 'is not valid')}", None
    if record["pseudonym"] in seen:
        return f"a second file from {record['pseudonym']} (first: {seen[record['pseudonym']]})", None
    seen[record["pseudonym"]] = path.name
    return None, record


def read_exports(folder: Path | str) -> ClassAnswers:
    """Read every *.json file in `folder`; bad ones are listed in `skipped`, never half-used."""
    rows, skipped, seen, digests = [], [], {}, {}
    for path in sorted(Path(folder).glob("*.json")):
        reason, record = _reason(path, seen, digests)
        if reason:
            skipped.append({"file": path.name, "reason": reason})
            continue
        rows += [{"pseudonym": record["pseudonym"], **answer} for answer in record["answers"]]
    answers = pd.DataFrame(rows, columns=["pseudonym", "notebook", "exercise", "answer", "status"])
    answers["answer"] = answers["answer"].map(lambda a: ", ".join(str(x) for x in a) if isinstance(a, list) else a)
    return ClassAnswers(answers, pd.DataFrame(skipped, columns=["file", "reason"]))


def checked(answers: pd.DataFrame) -> pd.DataFrame:
    """Only answers that were checked against an explanation (free text has no status)."""
    return answers[answers["status"].notna()]


def by_exercise(answers: pd.DataFrame) -> pd.DataFrame:
    """Per exercise: how many answered, and the share whose answer matched, was debated, or not."""
    rows = checked(answers)
    if rows.empty:
        return pd.DataFrame(columns=["notebook", "exercise", "students", "matched %", "experts differ %",
                                     "did not match %", "most common answer"])
    grouped = rows.groupby(["notebook", "exercise"])
    table = grouped["status"].value_counts(normalize=True).unstack(fill_value=0.0) * 100
    for status in ("correct", "debated", "incorrect"):
        table[status] = table.get(status, 0.0)
    table["students"] = grouped["pseudonym"].nunique()
    table["most common answer"] = grouped["answer"].agg(lambda a: a.value_counts().index[0])
    table = table.rename(columns={"correct": "matched %", "debated": "experts differ %",
                                  "incorrect": "did not match %"}).rename_axis(columns=None).reset_index()
    columns = ["notebook", "exercise", "students", "matched %", "experts differ %", "did not match %",
               "most common answer"]
    return table[columns].round(1)


def accuracy_by_topic(answers: pd.DataFrame) -> pd.DataFrame:
    """Per notebook: the share of answers that matched the explanations (gray items counted apart)."""
    rows = checked(answers)
    table = rows.groupby("notebook")["status"].value_counts().unstack(fill_value=0)
    for status in ("correct", "debated", "incorrect"):
        table[status] = table.get(status, 0)
    judged = table["correct"] + table["incorrect"]
    result = pd.DataFrame({
        "topic": [TOPICS.get(n, n) for n in table.index],
        "answers": table.sum(axis=1),
        "matched %": (100 * table["correct"] / judged.where(judged > 0)).round(1),
        "gray-area answers": table["debated"],
    }, index=table.index)
    return result.rename_axis("notebook")


def _spread(answers: pd.Series) -> float:
    """How evenly the class split across answers: 0 when all agree, 1 when evenly split."""
    counts = answers.value_counts()
    if len(counts) < 2:
        return 0.0
    shares = counts / counts.sum()
    return float(-(shares * shares.map(math.log)).sum() / math.log(len(counts)))


def most_divided(answers: pd.DataFrame, top: int = 5, min_students: int = 3) -> pd.DataFrame:
    """The items the class split on most evenly: good discussion starters."""
    rows = checked(answers)
    grouped = rows.groupby(["notebook", "exercise"])
    table = pd.DataFrame({"students": grouped["pseudonym"].nunique(),
                          "different answers": grouped["answer"].nunique(),
                          "split (0 = all agree, 1 = even)": grouped["answer"].agg(_spread).round(2)})
    table = table[table["students"] >= min_students]
    return table.sort_values(["split (0 = all agree, 1 = even)", "students"], ascending=False).head(top).reset_index()


def summary_csv(folder: Path | str, target: Path | str) -> ClassAnswers:
    """The per-exercise summary as CSV (for a spreadsheet or an LMS upload)."""
    results = read_exports(folder)
    by_exercise(results.answers).to_csv(target, index=False)
    return results
