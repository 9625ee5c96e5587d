"""Boundary scenarios: classify one, see what each detail does to it, and sum up by domain.

Pure logic over the scenario bank and the "change one detail" rules in data/. The rules are a
teaching aid that makes the literature's factors visible and arguable; they are not a clinical
decision tool, and the notebook says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from .exercises import Result


class BoundaryDomain(StrEnum):
    """Gutheil and Gabbard's (1993) boundary domains."""

    ROLE = "role"
    TIME = "time"
    PLACE_AND_SPACE = "place_and_space"
    MONEY = "money"
    GIFTS_AND_SERVICES = "gifts_and_services"
    CLOTHING = "clothing"
    LANGUAGE = "language"
    SELF_DISCLOSURE = "self_disclosure"
    PHYSICAL_CONTACT = "physical_contact"

    @property
    def label(self) -> str:
        return {"gifts_and_services": "Gifts, services and related matters",
                "place_and_space": "Place and space", "self_disclosure": "Self-disclosure"}.get(self.value, self.value.replace("_", " ").capitalize())


class Classification(StrEnum):
    CROSSING = "crossing"
    VIOLATION = "violation"
    INCIDENTAL_CONTACT = "incidental_contact"
    NO_BOUNDARY_ISSUE = "no_boundary_issue"

    @property
    def label(self) -> str:
        return {"crossing": "Boundary crossing", "violation": "Boundary violation",
                "incidental_contact": "Incidental contact", "no_boundary_issue": "No boundary issue"}[self.value]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    setting: str
    domain: BoundaryDomain
    text: str
    classification: Classification
    explanation: str
    factors: tuple[str, ...]
    also_defensible: Classification | None = None
    views: tuple[str, ...] = ()

    @property
    def experts_differ(self) -> bool:
        return self.also_defensible is not None

    def classify(self, answer: Classification | str | None) -> Result:
        """Where experts differ, either defensible reading earns both views, not a verdict."""
        if answer is None:
            return Result("unanswered", "choose a classification, then check it.")
        answer = Classification(answer)
        if self.experts_differ and answer in (self.classification, self.also_defensible):
            readings = f"{self.classification.label.lower()} or {self.also_defensible.label.lower()}"
            return Result("debated", f"both readings ({readings}) have support. {self.explanation}", self.views)
        if answer == self.classification:
            return Result("correct", f"{self.classification.label}. {self.explanation}")
        return Result("incorrect", f"the explanations read it as {self.classification.label.lower()}, "
                      f"not {answer.label.lower()}. {self.explanation}", self.views)


def scenarios_from_table(table: pd.DataFrame) -> tuple[Scenario, ...]:
    from .data import split_ids

    return tuple(
        Scenario(
            id=r.id, title=r.title, setting=r.setting, domain=BoundaryDomain(r.domain), text=r.text,
            classification=Classification(r.classification), explanation=r.explanation,
            factors=tuple(split_ids(r.factors)),
            also_defensible=Classification(r.also_defensible) if r.experts_differ == "yes" else None,
            views=(r.view_one, r.view_two) if r.experts_differ == "yes" else (),
        )
        for r in table.itertuples()
    )


# -- change one detail ---------------------------------------------------------------------

FACTOR_LABELS = {
    "initiated_by": "Who initiated it",
    "frequency": "How often",
    "discussed": "Discussed and documented",
    "benefits": "Who benefits",
    "setting": "Setting",
    "presenting_problem": "Presenting problem",
}

BANDS: tuple[tuple[float, str], ...] = (
    (1, "within the frame of therapy"),
    (3, "a boundary crossing to handle with care"),
    (float("inf"), "likely a boundary violation"),
)


def band(total: int) -> str:
    return next(label for upper, label in BANDS if total <= upper)


@dataclass(frozen=True)
class Rule:
    factor: str
    value: str
    label: str
    weight: int
    reason: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    rules: tuple[Rule, ...]  # the rule applied for each factor, in factor order

    @property
    def total(self) -> int:
        return sum(rule.weight for rule in self.rules)

    @property
    def band(self) -> str:
        return band(self.total)


@dataclass(frozen=True)
class DetailChange:
    before: Assessment
    after: Assessment

    @property
    def changed(self) -> tuple[tuple[Rule, Rule], ...]:
        return tuple((a, b) for a, b in zip(self.before.rules, self.after.rules) if a.value != b.value)

    def explain(self) -> str:
        if not self.changed:
            return f"Nothing changed: the situation reads as {self.after.band} (risk score {self.after.total})."
        moves = " ".join(
            f"Changing '{FACTOR_LABELS.get(old.factor, old.factor).lower()}' from '{old.label}' to '{new.label}' moves the score by "
            f"{new.weight - old.weight:+d}: {new.reason}" for old, new in self.changed
        )
        if self.before.band == self.after.band:
            verdict = f"It still reads as {self.after.band} (score {self.before.total} → {self.after.total})."
        else:
            verdict = (f"It now reads as {self.after.band}, no longer {self.before.band} "
                       f"(score {self.before.total} → {self.after.total}).")
        return f"{verdict} {moves}"


class DetailRules:
    """How each value of each factor moves the risk that a crossing harms the client."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules = tuple(rules)
        self.factors = tuple(dict.fromkeys(rule.factor for rule in self.rules))
        self._by_key = {(r.factor, r.value): r for r in self.rules}

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> DetailRules:
        from .data import split_ids

        return cls(Rule(r.factor, r.value, r.label, int(r.weight), r.reason, tuple(split_ids(r.source_ids)))
                   for r in table.itertuples())

    def values(self, factor: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.factor == factor)

    def assess(self, situation: Mapping[str, str]) -> Assessment:
        missing = [f for f in self.factors if f not in situation]
        if missing:
            raise KeyError(f"The situation does not say: {', '.join(missing)}")
        try:
            return Assessment(tuple(self._by_key[(f, situation[f])] for f in self.factors))
        except KeyError as exc:
            raise KeyError(f"No rule for {exc.args[0]}") from None

    def compare(self, before: Mapping[str, str], after: Mapping[str, str]) -> DetailChange:
        return DetailChange(self.assess(before), self.assess(after))


# -- your answers by domain ----------------------------------------------------------------

def answers_by_domain(answers: Mapping[str, Result], scenarios: Iterable[Scenario]) -> pd.DataFrame:
    """One row per domain: how many scenarios were answered and how the answers fared."""
    rows = []
    for scenario in scenarios:
        result = answers.get(scenario.id)
        if result is None or result.status == "unanswered":
            continue
        rows.append({"domain": scenario.domain.label, "status": result.status})
    columns = ["answered", "agreed", "experts differ", "did not agree"]
    if not rows:
        return pd.DataFrame(columns=columns, dtype=int).rename_axis("domain")
    frame = pd.DataFrame(rows)
    table = pd.crosstab(frame["domain"], frame["status"])
    summary = pd.DataFrame({
        "answered": table.sum(axis=1),
        "agreed": table.get("correct", 0),
        "experts differ": table.get("debated", 0),
        "did not agree": table.get("incorrect", 0),
    })
    order = [d.label for d in BoundaryDomain if d.label in summary.index]
    return summary.loc[order, columns].astype(int)
