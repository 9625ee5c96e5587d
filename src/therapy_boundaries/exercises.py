"""Exercises as plain data: a question, its options, and what an answer earns, with the reasons.

Nothing here imports a UI, so every judgement the course makes is unit-tested on its own.
Gray areas are a status of their own ("debated"), not a wrong answer: the result then carries
both expert views instead of a verdict the literature does not support.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Status = Literal["correct", "incorrect", "debated", "unanswered"]
Category = Literal["therapy", "friendship", "both"]
CATEGORIES: tuple[Category, ...] = ("therapy", "friendship", "both")

HEADLINES: dict[Status, str] = {
    "correct": "Correct",
    "incorrect": "Not quite",
    "debated": "Experts differ",
    "unanswered": "No answer yet",
}


@dataclass(frozen=True)
class Result:
    """What an answer earned: the status, why, and (for gray areas) both sides."""

    status: Status
    explanation: str
    views: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        return HEADLINES[self.status]

    def __str__(self) -> str:
        sides = "".join(f" View {n}: {view}" for n, view in enumerate(self.views, 1))
        return f"{self.headline} — {self.explanation}{sides}"


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    verdict: Literal["correct", "incorrect", "debated"]
    feedback: str


@dataclass(frozen=True)
class Question:
    """A single-choice question; `kind` is "clear" or "gray" (experts differ)."""

    id: str
    prompt: str
    kind: Literal["clear", "gray"]
    options: tuple[Option, ...]
    views: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(f"Question {self.id!r} has no option {option_id!r}")

    def evaluate(self, option_id: str | None) -> Result:
        if option_id is None:
            return Result("unanswered", "choose one of the options, then check your answer.")
        option = self.option(option_id)
        views = self.views if option.verdict == "debated" else ()
        return Result(option.verdict, option.feedback, views)

    @classmethod
    def from_tables(cls, question_id: str, questions: pd.DataFrame, options: pd.DataFrame) -> Question:
        from .data import split_ids

        rows = questions[questions["id"] == question_id]
        if rows.empty:
            raise KeyError(f"No question {question_id!r} in questions.csv")
        row = rows.iloc[0]
        mine = options[options["question_id"] == question_id].sort_values("option_id")
        return cls(
            id=question_id,
            prompt=row["prompt"],
            kind=row["kind"],
            options=tuple(Option(o.option_id, o.text, o.verdict, o.feedback) for o in mine.itertuples()),
            views=(row["view_one"], row["view_two"]) if row["kind"] == "gray" else (),
            source_ids=tuple(split_ids(row["source_ids"])),
        )


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    category: Category
    explanation: str


@dataclass(frozen=True)
class SortedStatement:
    statement: Statement
    answer: Category | None

    @property
    def result(self) -> Result:
        if self.answer is None:
            return Result("unanswered", f"it belongs under '{self.statement.category}': "
                          f"{self.statement.explanation}")
        status: Status = "correct" if self.answer == self.statement.category else "incorrect"
        lead = "" if status == "correct" else f"it belongs under '{self.statement.category}', not '{self.answer}'. "
        return Result(status, lead + self.statement.explanation)


@dataclass(frozen=True)
class SortingScore:
    items: tuple[SortedStatement, ...]

    @property
    def correct(self) -> int:
        return sum(item.result.status == "correct" for item in self.items)

    @property
    def answered(self) -> int:
        return sum(item.answer is not None for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    def summary(self) -> str:
        left = self.total - self.answered
        unsorted = f" {left} still unsorted." if left else ""
        return f"You sorted {self.correct} of {self.total} statements as the explanations do.{unsorted}"


@dataclass(frozen=True)
class SortingTask:
    """Sort statements into "therapy", "friendship" or "both"."""

    statements: tuple[Statement, ...]

    def evaluate(self, answers: Mapping[str, Category | None]) -> SortingScore:
        unknown = set(answers) - {s.id for s in self.statements}
        if unknown:
            raise KeyError(f"Answers name statements that are not in the task: {sorted(unknown)}")
        bad = {a for a in answers.values() if a is not None and a not in CATEGORIES}
        if bad:
            raise ValueError(f"Answers must be one of {CATEGORIES}, not {sorted(bad)}")
        return SortingScore(tuple(SortedStatement(s, answers.get(s.id)) for s in self.statements))

    @classmethod
    def from_table(cls, statements: pd.DataFrame) -> SortingTask:
        return cls(tuple(Statement(r.id, r.text, r.category, r.explanation) for r in statements.itertuples()))


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    notebook: str


def lookup(entries: tuple[GlossaryEntry, ...], query: str) -> tuple[GlossaryEntry, ...]:
    """Entries whose term is `query` (ignoring case), else those whose term contains it."""
    needle = query.strip().casefold()
    if not needle:
        return ()
    exact = tuple(e for e in entries if e.term.casefold() == needle)
    return exact or tuple(e for e in entries if needle in e.term.casefold())
