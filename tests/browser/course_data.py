"""What the browser tests need to know about the course data, read with the standard library only.

Like harness.py, this never imports the course package (the servers' kernels do): tests pick an
option by its verdict in data/options.csv rather than by a hard-coded position or wording, so a
reworded or reordered option does not break them.
"""

from __future__ import annotations

import csv
import re

from .harness import DATA

RESULT = re.compile(r"^\s*(Correct|Not quite|Experts differ) —")


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def option_text(question_id: str, verdict: str) -> str:
    """The text (= the radio's accessible name) of the first option of `question_id` with `verdict`."""
    for row in sorted(_rows("options"), key=lambda r: r["option_id"]):
        if row["question_id"] == question_id and row["verdict"] == verdict:
            return " ".join(row["text"].split())
    raise LookupError(f"no {verdict!r} option for question {question_id!r} in data/options.csv")


def option_id(question_id: str, text: str) -> str:
    for row in _rows("options"):
        if row["question_id"] == question_id and " ".join(row["text"].split()) == text:
            return row["option_id"]
    raise LookupError(f"no option {text!r} for question {question_id!r}")


def vignette(vignette_id: str) -> dict[str, str]:
    for row in _rows("vignettes"):
        if row["id"] == vignette_id:
            return row
    raise LookupError(f"no vignette {vignette_id!r} in data/vignettes.csv")


# The radio labels of the name-it questions (therapy_boundaries.transference.Phenomenon / Kind .label).
PHENOMENON = {"transference": "Transference", "countertransference": "Countertransference",
              "both": "Both at once", "real_relationship": "A realistic reaction to the real relationship"}
KIND = {"positive": "Positive (warm, idealising, wanting closeness)",
        "negative": "Negative (hostile, mistrustful, irritated)",
        "erotic": "Erotic or eroticised",
        "none": "None of these: no transferred feeling"}
