"""The inputs of the scoring engine: plain DataFrames and dataclasses, no ORM.

One loader (`scoring.selectors.load_inputs`) builds them from the database; tests and
the planning feature build or modify them directly. Every frame has a fixed set of columns
(see `COLUMNS`); `ScoringInputs.build` accepts lists of dicts and fills in defaults.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from vocabulary.teams import subtree

# Column name -> default for a missing value. Ids are int64; optional ids use pandas' nullable Int64.
COLUMNS: dict[str, dict[str, object]] = {
    "teams": {"id": None, "name": "", "parent_id": pd.NA, "kind": "other", "pillar": "mixed", "lead_id": pd.NA},
    "people": {
        "id": None,
        "name": "",
        "team_id": None,
        "role_slug": "",
        "role_name": "",
        "family": "other",
        "fte": 1.0,
        "manager_id": pd.NA,
    },
    "responsibilities": {"id": None, "slug": "", "name": "", "pillar": "team", "stage": "manage"},
    "assignments": {"person_id": None, "responsibility_id": None, "level": "owner"},
    "systems": {"id": None, "name": "", "team_id": None, "stage": "idea"},
    "system_owners": {"system_id": None, "person_id": None},
    "system_deployers": {"system_id": None, "person_id": None},
    "openings": {
        "id": None,
        "role_slug": "",
        "role_name": "",
        "family": "other",
        "team_id": None,
        "opened_on": None,
        "status": "open",
        "months_to_hire": 3.0,
    },
    "questions": {
        "id": None,
        "code": "",
        "text": "",
        "section": "",
        "dimension": "context",
        "kind": "scale",
        "weight": 1.0,
        "choices": None,
        "depends_on_id": pd.NA,
        "depends_on_values": None,
    },
    "answers": {"question_id": None, "value": None, "not_applicable": False},
}
INT_COLUMNS = {"id", "team_id", "person_id", "responsibility_id", "system_id", "question_id"}
NULLABLE_INT_COLUMNS = {"parent_id", "lead_id", "manager_id", "depends_on_id"}
FLOAT_COLUMNS = {"fte", "weight", "months_to_hire"}
OBJECT_COLUMNS = {"choices", "depends_on_values", "value", "opened_on"}


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def make_frame(kind: str, rows: Iterable[dict] | pd.DataFrame | None = None) -> pd.DataFrame:
    """A frame of `kind` (a key of COLUMNS) with every column present and typed."""
    spec = COLUMNS[kind]
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows or []), columns=None)
    for col, default in spec.items():
        if col not in df.columns:
            if default is None and col in INT_COLUMNS and len(df):
                raise ValueError(f"{kind}: column '{col}' is required")
            df[col] = pd.Series([default] * len(df), dtype=object, index=df.index)
    df = df[list(spec)]
    for col in spec:
        if col in INT_COLUMNS:
            df[col] = df[col].astype("int64")
        elif col in NULLABLE_INT_COLUMNS:
            df[col] = pd.array([None if _missing(v) else int(v) for v in df[col]], dtype="Int64")
        elif col in FLOAT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64").fillna(spec[col])
        elif col in OBJECT_COLUMNS:
            df[col] = pd.Series([None if _missing(v) else v for v in df[col]], index=df.index, dtype=object)
        elif col == "not_applicable":
            df[col] = df[col].fillna(False).astype(bool)
        else:
            df[col] = df[col].fillna(spec[col]).astype(object)
    return df.reset_index(drop=True)


@dataclass(frozen=True)
class OrgInfo:
    """The organisation as the engine sees it."""

    id: int
    name: str
    slug: str = ""
    stage: str = "startup-large"  # startup-small | startup-large | enterprise
    ml_focus: str = "product"  # research | product | both
    target_level: int = 3


@dataclass(frozen=True)
class ScoringInputs:
    """Everything one scoring reads. Frames are never modified in place by the engine.

    teams:            id, name, parent_id, kind, pillar, lead_id
    people:           id, name, team_id, role_slug, role_name, family, fte, manager_id
    responsibilities: id, slug, name, pillar, stage   (the catalog: every lifecycle responsibility)
    assignments:      person_id, responsibility_id, level (owner | contributor | backup)
    systems:          id, name, team_id, stage (idea | prototype | mvp | production | retired)
    system_owners:    system_id, person_id   (people who know how the system was built)
    system_deployers: system_id, person_id   (people who can release and operate it)
    openings:         id, role_slug, role_name, family, team_id, opened_on, status, months_to_hire
    questions:        id, code, text, section, dimension, kind, weight, choices, depends_on_id, depends_on_values
    answers:          question_id, value, not_applicable
    """

    org: OrgInfo
    teams: pd.DataFrame = field(default_factory=lambda: make_frame("teams"))
    people: pd.DataFrame = field(default_factory=lambda: make_frame("people"))
    responsibilities: pd.DataFrame = field(default_factory=lambda: make_frame("responsibilities"))
    assignments: pd.DataFrame = field(default_factory=lambda: make_frame("assignments"))
    systems: pd.DataFrame = field(default_factory=lambda: make_frame("systems"))
    system_owners: pd.DataFrame = field(default_factory=lambda: make_frame("system_owners"))
    system_deployers: pd.DataFrame = field(default_factory=lambda: make_frame("system_deployers"))
    openings: pd.DataFrame = field(default_factory=lambda: make_frame("openings"))
    questions: pd.DataFrame = field(default_factory=lambda: make_frame("questions"))
    answers: pd.DataFrame = field(default_factory=lambda: make_frame("answers"))
    as_of: date = field(default_factory=date.today)
    has_assessment: bool = False
    scope_team_id: int | None = None
    dimensions: tuple[str, ...] = ()
    dimension_labels: dict[str, str] = field(default_factory=dict)

    FRAMES = (
        "teams",
        "people",
        "responsibilities",
        "assignments",
        "systems",
        "system_owners",
        "system_deployers",
        "openings",
        "questions",
        "answers",
    )

    @classmethod
    def build(cls, *, org: OrgInfo, **parts) -> ScoringInputs:
        """Inputs from lists of dicts (or frames); missing columns get their defaults.

        `has_assessment` defaults to True when questions are given.
        """
        frames = {name: make_frame(name, parts.pop(name, None)) for name in cls.FRAMES}
        parts.setdefault("has_assessment", bool(len(frames["questions"])))
        return cls(org=org, **frames, **parts)

    def replace(self, **changes) -> ScoringInputs:
        """A copy with some parts replaced; frames given as lists of dicts are typed like `build` does."""
        for name in self.FRAMES:
            if name in changes and not isinstance(changes[name], pd.DataFrame):
                changes[name] = make_frame(name, changes[name])
        return dataclasses.replace(self, **changes)

    def copy(self) -> ScoringInputs:
        """A deep copy, safe to modify (for what-if scenarios)."""
        return dataclasses.replace(self, **{name: getattr(self, name).copy() for name in self.FRAMES})

    def without_people(self, person_ids: Iterable[int]) -> ScoringInputs:
        """The same organisation after `person_ids` left: their assignments and system links go with them,
        and teams they led or people they managed have no lead or manager any more."""
        gone = {int(p) for p in person_ids}
        if not gone:
            return self
        people = self.people[~self.people["id"].isin(gone)].copy()
        people.loc[people["manager_id"].isin(gone).fillna(False), "manager_id"] = pd.NA
        teams = self.teams.copy()
        teams.loc[teams["lead_id"].isin(gone).fillna(False), "lead_id"] = pd.NA
        return dataclasses.replace(
            self,
            people=people.reset_index(drop=True),
            teams=teams,
            assignments=self.assignments[~self.assignments["person_id"].isin(gone)].reset_index(drop=True),
            system_owners=self.system_owners[~self.system_owners["person_id"].isin(gone)].reset_index(drop=True),
            system_deployers=self.system_deployers[~self.system_deployers["person_id"].isin(gone)].reset_index(
                drop=True
            ),
        )

    def scoped_to_team(self, team_id: int) -> ScoringInputs:
        """Only `team_id` and the teams below it: their people, systems and openings.

        People outside the scope do not count as owners, deployers or backups: from the team's point
        of view, depending on them is a risk.
        """
        ids = team_subtree(self.teams, team_id)
        people = self.people[self.people["team_id"].isin(ids)].reset_index(drop=True)
        pids = set(people["id"])
        systems = self.systems[self.systems["team_id"].isin(ids)].reset_index(drop=True)
        sids = set(systems["id"])
        teams = self.teams[self.teams["id"].isin(ids)].copy()
        teams.loc[teams["id"] == team_id, "parent_id"] = pd.NA

        def links(df):
            return df[df["system_id"].isin(sids) & df["person_id"].isin(pids)].reset_index(drop=True)

        people = people.copy()
        people.loc[~people["manager_id"].isin(pids).fillna(False), "manager_id"] = pd.NA
        return dataclasses.replace(
            self,
            teams=teams.reset_index(drop=True),
            people=people,
            systems=systems,
            assignments=self.assignments[self.assignments["person_id"].isin(pids)].reset_index(drop=True),
            system_owners=links(self.system_owners),
            system_deployers=links(self.system_deployers),
            openings=self.openings[self.openings["team_id"].isin(ids)].reset_index(drop=True),
            scope_team_id=team_id,
        )


def team_subtree(teams: pd.DataFrame, team_id: int) -> set[int]:
    """`team_id` with every team below it (cycles in bad data are ignored), by vocabulary's one walk."""
    edges = (
        (int(tid), None if parent is None or pd.isna(parent) else int(parent))
        for tid, parent in zip(teams["id"].tolist(), teams["parent_id"].tolist(), strict=True)
    )
    return subtree(edges, [int(team_id)])
