"""Transference and countertransference: name what is at work in a moment, and see both chairs.

Pure logic over data/vignettes.csv and data/moments.csv. "Naming" asks two things — what the
phenomenon is and what kind of feeling carries it — so the feedback can say which half was right.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from .exercises import Result


class Phenomenon(StrEnum):
    TRANSFERENCE = "transference"
    COUNTERTRANSFERENCE = "countertransference"
    BOTH = "both"
    REAL_RELATIONSHIP = "real_relationship"

    @property
    def label(self) -> str:
        return {"both": "Both at once", "real_relationship": "A realistic reaction to the real relationship"
                }.get(self.value, self.value.capitalize())


class Kind(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    EROTIC = "erotic"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"positive": "Positive (warm, idealising, wanting closeness)",
                "negative": "Negative (hostile, mistrustful, irritated)",
                "erotic": "Erotic or eroticised",
                "none": "None of these: no transferred feeling"}[self.value]


@dataclass(frozen=True)
class Vignette:
    id: str
    title: str
    setting: str
    lines: tuple[str, ...]
    phenomenon: Phenomenon
    kind: Kind
    comes_from: str
    explanation: str
    moment: str | None = None
    side: str | None = None

    def name_it(self, phenomenon: Phenomenon | str | None, kind: Kind | str | None) -> Result:
        if phenomenon is None or kind is None:
            return Result("unanswered", "choose both what is happening and what kind of feeling it is.")
        phenomenon, kind = Phenomenon(phenomenon), Kind(kind)
        right = (phenomenon == self.phenomenon, kind == self.kind)
        answer = f"{self.phenomenon.label.lower()}, {self.kind.label.split(' (')[0].lower()}"
        if all(right):
            return Result("correct", f"{answer}. {self.explanation}")
        half = ("you named the phenomenon, but not the kind of feeling" if right[0]
                else "you named the kind of feeling, but not the phenomenon" if right[1] else "")
        lead = f"{half}: the explanations read it as {answer}." if half else f"the explanations read it as {answer}."
        return Result("incorrect", f"{lead} {self.explanation}")


@dataclass(frozen=True)
class Moment:
    """One moment from both chairs: the client's side, the therapist's side, and what links them."""

    id: str
    title: str
    client: Vignette
    therapist: Vignette
    connection: str


def vignettes_from_table(table: pd.DataFrame) -> tuple[Vignette, ...]:
    from .data import filled

    return tuple(
        Vignette(r.id, r.title, r.setting, tuple(line.strip() for line in r.dialogue.splitlines() if line.strip()),
                 Phenomenon(r.phenomenon), Kind(r.kind), r.comes_from, r.explanation,
                 r.moment if filled(r.moment) else None, r.side if filled(r.side) else None)
        for r in table.itertuples()
    )


def moments_from_tables(moments: pd.DataFrame, vignettes: tuple[Vignette, ...]) -> dict[str, Moment]:
    sides = {(v.moment, v.side): v for v in vignettes if v.moment}
    return {m.id: Moment(m.id, m.title, sides[(m.id, "client")], sides[(m.id, "therapist")], m.connection)
            for m in moments.itertuples()}
