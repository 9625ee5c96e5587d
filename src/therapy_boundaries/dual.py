"""Dual (multiple) relationships: the casebook, a step-by-step decision aid, and the codes compared.

The decision aid is a simplified teaching version of Gottlieb's (1993) model as it is commonly
summarised (rate the current and the contemplated relationship on power, duration and
termination), with Kitchener's (1988) three tests of role incompatibility and the steps of
consulting, discussing with the client and documenting. It makes the reasoning visible so the
student can compare it with the expert discussion; it is not a clinical or legal decision tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .exercises import Result


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    setting: str
    kinds: tuple[str, ...]
    timing: str
    avoidable: str
    facts: str
    code_sections: str
    considerations: str
    expert_discussion: str
    clear_cut: bool


def cases_from_table(table: pd.DataFrame) -> tuple[Case, ...]:
    from .data import split_ids

    return tuple(Case(r.id, r.title, r.setting, tuple(split_ids(r.kinds)), r.timing, r.avoidable, r.facts,
                      r.code_sections, r.considerations, r.expert_discussion, r.clear_cut == "yes")
                 for r in table.itertuples())


# -- the decision aid ---------------------------------------------------------------------------

# Gottlieb's three dimensions, each from least to most risk (levels as commonly summarised).
DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "power": ("low: little or no personal influence", "mid-range: a clear but limited power difference",
              "high: a clear power difference with deep personal influence (as in psychotherapy)"),
    "duration": ("brief: one or a few contacts", "intermediate: regular contact for a limited time",
                 "long: continuous or recurring over a long time"),
    "termination": ("specific: it ends at an agreed point, further contact unlikely",
                    "uncertain: the work is done but further contact is possible",
                    "indefinite: no agreed end, further contact likely"),
}

# Kitchener (1988): the more of these hold, the greater the risk of harm when roles are combined.
INCOMPATIBILITY = (
    "The two roles carry incompatible expectations",
    "The obligations of the two roles diverge",
    "There is a large gap in power and prestige between us",
)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    question: str
    source: str


STEPS: tuple[Step, ...] = (
    Step("current", "1. The current relationship",
         "Rate the relationship you have now with this person on power, duration and termination.",
         "Gottlieb (1993)"),
    Step("contemplated", "2. The contemplated relationship",
         "Rate the additional relationship being considered on the same three dimensions.", "Gottlieb (1993)"),
    Step("incompatibility", "3. Role incompatibility",
         "Which of Kitchener's warning signs hold for combining these two roles?", "Kitchener (1988)"),
    Step("consultation", "4. Consultation",
         "Whom would you consult, and what do you expect a careful colleague to say?",
         "Gottlieb (1993); Younggren & Gottlieb (2004)"),
    Step("client", "5. Discussing it with the client",
         "How would you raise the question with the client, and what should they understand before deciding?",
         "Gottlieb (1993); Younggren & Gottlieb (2004)"),
    Step("record", "6. Documenting",
         "What would you write in the record about the decision and its reasons?",
         "AAMFT (2015) 1.3; ACA (2014) A.6.b"),
)


@dataclass(frozen=True)
class Ratings:
    """Levels 0 (least risk) to 2 (most risk) for power, duration and termination."""

    power: int
    duration: int
    termination: int

    @property
    def highest(self) -> int:
        return max(self.power, self.duration, self.termination)

    def describe(self) -> str:
        return "; ".join(f"{dim} {DIMENSIONS[dim][getattr(self, dim)].split(':')[0]}" for dim in DIMENSIONS)


@dataclass
class DecisionRecord:
    """What the student decided at each step, with their reasons."""

    current: Ratings | None = None
    contemplated: Ratings | None = None
    incompatible: tuple[bool, bool, bool] = (False, False, False)
    rationale: dict[str, str] = field(default_factory=dict)

    def missing(self) -> list[str]:
        gaps = [s.title for s, rated in ((STEPS[0], self.current), (STEPS[1], self.contemplated)) if rated is None]
        gaps += [s.title for s in STEPS if not self.rationale.get(s.id, "").strip()]
        return list(dict.fromkeys(gaps))


def reading(record: DecisionRecord) -> str:
    """The model's reading of the ratings (a teaching summary, not a verdict)."""
    if record.current is None or record.contemplated is None:
        return "Rate both relationships first: the model's reading depends on them."
    signs = sum(record.incompatible)
    worst = max(record.current.highest, record.contemplated.highest)
    if worst == 2:
        advice = ("At least one rating is at the high end, where the model argues against adding the role: the "
                  "risk that it impairs judgement or exploits the client is greatest there.")
    elif worst == 1:
        advice = ("The ratings sit in the middle range: the model leaves room for the added role only with "
                  "safeguards, and consultation becomes essential.")
    else:
        advice = ("Both relationships rate low on every dimension: the model sees less risk, and still asks you "
                  "to consult, discuss it with the client and document it.")
    kitchener = (f" {signs} of Kitchener's three warning signs hold, which raises the risk further."
                 if signs else " None of Kitchener's three warning signs holds.")
    return advice + kitchener


# -- the codes compared -------------------------------------------------------------------------

def _has_dedicated_standard(row) -> bool:
    return not str(row["section"]).lower().startswith("no dedicated")


RULES = {
    "fixed_waiting_period": lambda row: pd.notna(row["waiting_period_years"]),
    "no_fixed_waiting_period": lambda row: pd.isna(row["waiting_period_years"]),
    "burden_stated": lambda row: isinstance(row["burden"], str) and row["burden"] != "",
    "dedicated_standard": _has_dedicated_standard,
}


@dataclass(frozen=True)
class CodeQuestion:
    """A question whose answer is read off the code table, so the key cannot drift from the data."""

    id: str
    prompt: str
    topic: str
    rule: str
    explanation: str

    def rows(self, codes: pd.DataFrame) -> pd.DataFrame:
        return codes[codes["topic"] == self.topic]

    def answer(self, codes: pd.DataFrame) -> set[str]:
        rows = self.rows(codes)
        return {row["code"] for _, row in rows.iterrows() if RULES[self.rule](row)}

    def evaluate(self, codes: pd.DataFrame, chosen: set[str]) -> Result:
        if not chosen:
            return Result("unanswered", "tick every code that answers the question, then check.")
        key = self.answer(codes)
        details = " ".join(_detail(row) for _, row in self.rows(codes).iterrows() if row["code"] in key)
        if chosen == key:
            return Result("correct", f"{self.explanation} {details}")
        missed, extra = sorted(key - chosen), sorted(chosen - key)
        parts = ([f"you left out {', '.join(missed)}"] if missed else []) + \
                ([f"{', '.join(extra)} does not fit" if len(extra) == 1 else f"{', '.join(extra)} do not fit"]
                 if extra else [])
        return Result("incorrect", f"{'; '.join(parts)}. The table's answer: {', '.join(sorted(key)) or 'none'}. "
                      f"{self.explanation} {details}")


def _detail(row) -> str:
    years = f", at least {int(row['waiting_period_years'])} years" if pd.notna(row["waiting_period_years"]) else ""
    return f"{row['code']} ({row['edition']}, {row['section']}{years})."


def code_questions_from_table(table: pd.DataFrame) -> tuple[CodeQuestion, ...]:
    return tuple(CodeQuestion(r.id, r.prompt, r.topic, r.rule, r.explanation) for r in table.itertuples())


def compare_codes(codes: pd.DataFrame, topic: str) -> pd.DataFrame:
    """One topic across the codes, as a table a student can read across."""
    rows = codes[codes["topic"] == topic].copy()
    rows["waiting period"] = rows["waiting_period_years"].map(
        lambda y: f"{int(y)} years" if pd.notna(y) else "none fixed")
    rows = rows.rename(columns={"provision": "what it says", "burden": "who must show what"})
    columns = ["code", "edition", "section", "what it says", "waiting period", "who must show what"]
    return rows[columns].fillna("").set_index("code")


def survey_summary(surveys: pd.DataFrame) -> str:
    """The survey chart in words."""
    return "; ".join(f"{r.study}: {r.percent_ethical:g}% ({r.professions}"
                     f"{f', n = {int(r.n):,}' if pd.notna(r.n) else ''})" for r in surveys.itertuples()) + "."


def check_ratings(values: Mapping[str, int]) -> Ratings:
    bad = {k: v for k, v in values.items() if v not in (0, 1, 2)}
    if bad or set(values) != set(DIMENSIONS):
        raise ValueError(f"Ratings need power, duration and termination, each 0, 1 or 2; got {dict(values)}")
    return Ratings(**values)
