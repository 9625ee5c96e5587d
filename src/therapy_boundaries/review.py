"""The mixed review (notebook 06): items from every topic's bank, in an order seeded per student.

The seed is the student's pseudonym when there is one (so each student gets their own order, the
same every time), else a fixed default (so a fresh run — and the stored outputs — never change).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from .boundaries import Classification, Scenario
from .dual import Case
from .exercises import CATEGORIES, Question, Result, Statement

NOTEBOOKS = {
    "01": ("Friendship vs therapy", "01_friendship_vs_therapy.ipynb"),
    "02": ("Boundary crossings and violations", "02_boundary_crossings_and_violations.ipynb"),
    "03": ("Transference and countertransference", "03_transference_and_countertransference.ipynb"),
    "04": ("Dual relationships", "04_dual_relationships_casebook.ipynb"),
    "05": ("After therapy ends", "05_after_therapy_ends.ipynb"),
}
DEFAULT_SEED = "course-default"


@dataclass(frozen=True)
class ReviewItem:
    id: str
    notebook: str
    prompt: str
    options: tuple[tuple[str, str], ...]  # (label, value)
    judge: Callable[[str | None], Result]

    def evaluate(self, answer: str | None) -> Result:
        return self.judge(answer)


def from_question(question: Question, notebook: str) -> ReviewItem:
    return ReviewItem(f"question/{question.id}", notebook, question.prompt,
                      tuple((o.text, o.id) for o in question.options), question.evaluate)


def from_scenario(scenario: Scenario) -> ReviewItem:
    prompt = f"{scenario.title}: {scenario.text} Crossing, violation, incidental contact, or no boundary issue?"
    return ReviewItem(f"scenario/{scenario.id}", "02", prompt, tuple((c.label, c.value) for c in Classification),
                      scenario.classify)


def from_statement(statement: Statement) -> ReviewItem:
    def judge(answer: str | None) -> Result:
        if answer is None:
            return Result("unanswered", "choose therapy, friendship or both.")
        status = "correct" if answer == statement.category else "incorrect"
        lead = "" if status == "correct" else f"it belongs under '{statement.category}'. "
        return Result(status, lead + statement.explanation)

    return ReviewItem(f"statement/{statement.id}", "01", f"Therapy, friendship or both? “{statement.text}”",
                      tuple((c, c) for c in CATEGORIES), judge)


def from_case(case: Case) -> ReviewItem:
    options = (("Clear-cut: one course is defensible", "clear"), ("A gray area: experts differ", "gray"))

    def judge(answer: str | None) -> Result:
        if answer is None:
            return Result("unanswered", "choose clear-cut or gray area.")
        right = "clear" if case.clear_cut else "gray"
        lead = "" if answer == right else f"the casebook treats it as {'clear-cut' if case.clear_cut else 'a gray area'}. "
        return Result("correct" if answer == right else "incorrect", lead + case.expert_discussion)

    return ReviewItem(f"case/{case.id}", "04", f"{case.title}: {case.facts} Is this clear-cut or a gray area?",
                      options, judge)


def seed_for(pseudonym: str | None) -> int:
    return int(hashlib.sha256((pseudonym or DEFAULT_SEED).encode()).hexdigest()[:12], 16)


def draw(bank: Mapping[str, list[ReviewItem]], per_topic: int, seed: int) -> tuple[ReviewItem, ...]:
    """`per_topic` items from each topic's bank, shuffled together; the same seed gives the same set."""
    rng = random.Random(seed)
    chosen = [item for topic in sorted(bank) for item in rng.sample(bank[topic], min(per_topic, len(bank[topic])))]
    rng.shuffle(chosen)
    return tuple(chosen)


def summary_by_topic(items: tuple[ReviewItem, ...], results: Mapping[str, Result]) -> pd.DataFrame:
    """Per topic: items, answered, agreed, experts differ, did not agree; and where to revisit."""
    rows = []
    for notebook, (title, _) in NOTEBOOKS.items():
        mine = [i for i in items if i.notebook == notebook]
        if not mine:
            continue
        statuses = [results[i.id].status for i in mine if i.id in results]
        rows.append({"topic": f"{notebook} {title}", "items": len(mine), "answered": len(statuses),
                     "agreed": statuses.count("correct"), "experts differ": statuses.count("debated"),
                     "did not agree": statuses.count("incorrect")})
    return pd.DataFrame(rows).set_index("topic")


def to_revisit(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """(topic, notebook file) for every topic with an answer that did not agree or was not answered."""
    weak = summary[(summary["did not agree"] > 0) | (summary["answered"] < summary["items"])]
    return [(topic, NOTEBOOKS[topic[:2]][1]) for topic in weak.index]
