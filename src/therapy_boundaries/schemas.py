"""The declared schema of every course table (see data/README.md for the same rules in prose).

Each table is a pandera schema for what one row may hold, plus the links between tables that
pandera cannot see (a statement's source must exist in references.csv). Importing this module
imports pandera, so only `data.load` does it, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

SLUG = r"^[a-z0-9_]+$"
NOTEBOOK = ["00", "01", "02", "03", "04", "05", "06"]
DOMAINS = ["role", "time", "place_and_space", "money", "gifts_and_services", "clothing", "language",
           "self_disclosure", "physical_contact"]
CLASSIFICATIONS = ["crossing", "violation", "incidental_contact", "no_boundary_issue"]
SETTINGS = ["campus", "rural", "online", "group", "faith_community", "cultural_community", "inpatient",
            "private_practice", "community_agency", "home_visit"]
CASE_KINDS = ["social", "professional", "business", "communal", "institutional", "forensic", "supervisory",
              "sexual", "digital"]
CODES = ["APA", "ACA", "NASW", "AAMFT", "BACP", "CPA", "CPBAO", "APPA"]
CODE_TOPICS = ["multiple_relationships", "former_clients_romantic", "former_clients_nonromantic", "social_media",
               "gifts", "bartering"]
CODE_RULES = ["fixed_waiting_period", "no_fixed_waiting_period", "burden_stated", "dedicated_standard"]
FACTORS = ["initiated_by", "frequency", "discussed", "benefits", "setting", "presenting_problem"]


def text(**kwargs) -> pa.Column:
    """A required text cell."""
    return pa.Column(str, nullable=False, **kwargs)


def slug(unique: bool = True) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(SLUG), nullable=False, unique=unique)


def one_of(values: list[str]) -> pa.Column:
    return pa.Column(str, pa.Check.isin(values), nullable=False)


def optional_text(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, list(checks), nullable=True)


@dataclass(frozen=True)
class Link:
    """`column` of this table holds ids from `table`.`target` (`;`-separated when `many`)."""

    column: str
    table: str
    target: str = "id"
    many: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    schema: pa.DataFrameSchema
    links: tuple[Link, ...] = ()
    # Columns whose values must be unique together (pandera reports these per row).
    unique_together: tuple[str, ...] = field(default=())

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)


SOURCES = Link("source_ids", "references", many=True)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "references",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "kind": one_of(["code", "article", "book", "chapter", "case"]),
                    "apa": text(),
                    "doi": optional_text(pa.Check.str_matches(r"^10\.\S+/\S+$")),
                },
                strict=True,
            ),
        ),
        Table(
            "comparison",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "order": pa.Column(int, pa.Check.ge(1), unique=True, coerce=True),
                    "dimension": text(),
                    "friendship": text(),
                    "therapy": text(),
                    "why_it_matters": text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
        ),
        Table(
            "statements",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "text": text(),
                    "category": one_of(["therapy", "friendship", "both"]),
                    "explanation": text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
        ),
        Table(
            "glossary",
            pa.DataFrameSchema(
                {
                    "term": text(),
                    "definition": text(),
                    "notebook": one_of(NOTEBOOK),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
            unique_together=("term",),
        ),
        Table(
            "questions",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "notebook": one_of(NOTEBOOK),
                    "prompt": text(),
                    "kind": one_of(["clear", "gray"]),
                    "view_one": optional_text(),
                    "view_two": optional_text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
        ),
        Table(
            "options",
            pa.DataFrameSchema(
                {
                    "question_id": slug(unique=False),
                    "option_id": pa.Column(str, pa.Check.str_matches(r"^[a-f]$"), nullable=False),
                    "text": text(),
                    "verdict": one_of(["correct", "incorrect", "debated"]),
                    "feedback": text(),
                },
                strict=True,
            ),
            links=(Link("question_id", "questions"),),
            unique_together=("question_id", "option_id"),
        ),
        Table(
            "scenarios",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "title": text(),
                    "setting": one_of(SETTINGS),
                    "domain": one_of(DOMAINS),
                    "text": text(),
                    "classification": one_of(CLASSIFICATIONS),
                    "also_defensible": pa.Column(str, pa.Check.isin(CLASSIFICATIONS), nullable=True),
                    "experts_differ": one_of(["yes", "no"]),
                    "view_one": optional_text(),
                    "view_two": optional_text(),
                    "explanation": text(),
                    "factors": text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
        ),
        Table(
            "detail_rules",
            pa.DataFrameSchema(
                {
                    "factor": one_of(FACTORS),
                    "value": slug(unique=False),
                    "label": text(),
                    "weight": pa.Column(int, pa.Check.in_range(-2, 3), coerce=True),
                    "reason": text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
            unique_together=("factor", "value"),
        ),
        Table(
            "vignettes",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "title": text(),
                    "setting": one_of(SETTINGS),
                    "dialogue": text(),
                    "phenomenon": one_of(["transference", "countertransference", "both", "real_relationship"]),
                    "kind": one_of(["positive", "negative", "erotic", "none"]),
                    "comes_from": one_of(["client", "therapist", "both"]),
                    "moment": pa.Column(str, pa.Check.str_matches(SLUG), nullable=True),
                    "side": pa.Column(str, pa.Check.isin(["client", "therapist"]), nullable=True),
                    "explanation": text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES, Link("moment", "moments")),
        ),
        Table(
            "moments",
            pa.DataFrameSchema(
                {"id": slug(), "title": text(), "connection": text(), "source_ids": text()},
                strict=True,
            ),
            links=(SOURCES,),
        ),
        Table(
            "cases",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "title": text(),
                    "setting": one_of(SETTINGS),
                    "kinds": text(),
                    "timing": one_of(["concurrent", "sequential"]),
                    "avoidable": one_of(["avoidable", "unavoidable"]),
                    "facts": text(),
                    "code_sections": text(),
                    "considerations": text(),
                    "expert_discussion": text(),
                    "clear_cut": one_of(["yes", "no"]),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
        ),
        Table(
            "codes",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "code": one_of(CODES),
                    "edition": text(),
                    "topic": one_of(CODE_TOPICS),
                    "section": text(),
                    "provision": text(),
                    "waiting_period_years": pa.Column("Int64", pa.Check.in_range(1, 10), nullable=True, coerce=True),
                    "burden": optional_text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
            unique_together=("code", "topic"),
        ),
        Table(
            "code_questions",
            pa.DataFrameSchema(
                {"id": slug(), "prompt": text(), "topic": one_of(CODE_TOPICS), "rule": one_of(CODE_RULES),
                 "explanation": text()},
                strict=True,
            ),
        ),
        Table(
            "surveys",
            pa.DataFrameSchema(
                {
                    "id": slug(),
                    "study": text(),
                    "year": pa.Column(int, pa.Check.in_range(1900, 2100), coerce=True),
                    "sample": text(),
                    "n": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
                    "professions": text(),
                    "question": text(),
                    "percent_ethical": pa.Column(float, pa.Check.in_range(0, 100), coerce=True),
                    "caveat": text(),
                    "source_ids": text(),
                },
                strict=True,
            ),
            links=(SOURCES,),
        ),
        Table(
            "detail_bases",
            pa.DataFrameSchema(
                {"id": slug(), "title": text(), "text": text(), **{f: slug(unique=False) for f in FACTORS}},
                strict=True,
            ),
        ),
    ]
}
