"""Lay a scenario's changes over the scoring inputs: pure, no ORM; the real data is never touched.

`apply_changes(inputs, changes)` returns new inputs (the organisation as the scenario describes it
once every change has happened), the dated joins and leaves the forecast needs, and a note for every
change that could not be applied because what it refers to is gone. Changes happen in time order:
undated ones (and ones dated this month or earlier) today, dated ones in their month; within the same
month, in the scenario's order. `planning.engine.timeline` scores the organisation at each of those
months.

New people, teams and openings get negative ids derived from the change id, so they never collide
with real rows and the same scenario always produces the same inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar

import pandas as pd

from scoring.engine import ScoringInputs

LEAVE, JOIN, MOVE, REASSIGN = "leave", "join", "move", "reassign"
MERGE_TEAMS, SPLIT_TEAM, ADD_OPENING, CANCEL_OPENING = "merge_teams", "split_team", "add_opening", "cancel_opening"


@dataclass(frozen=True)
class RoleRef:
    slug: str
    name: str
    family: str
    months_to_hire: float


@dataclass(frozen=True)
class ChangeSpec:
    """One scenario change as plain values (built from a `ScenarioChange` row by the service)."""

    id: int
    kind: str
    label: str = ""
    person_id: int | None = None
    to_person_id: int | None = None
    team_id: int | None = None
    to_team_id: int | None = None
    opening_id: int | None = None
    responsibility_id: int | None = None
    role: RoleRef | None = None
    level: str = ""
    month: date | None = None
    name: str = ""
    fte: float | None = None
    person_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class TimedEvent:
    """A join (+1) or leave (-1) that happens at a known month, for the capacity forecast."""

    month: date
    person_id: int
    team_id: int
    role_slug: str
    family: str
    fte: float
    delta: int


@dataclass
class ScenarioOutcome:
    inputs: ScoringInputs
    events: list[TimedEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: int = 0


def new_person_id(change_id: int) -> int:
    return -int(change_id)


def new_team_id(change_id: int) -> int:
    return -int(change_id)


def new_opening_id(change_id: int) -> int:
    return -int(change_id)


class _Frames:
    """Mutable copies of the frames a scenario may change."""

    def __init__(self, inputs: ScoringInputs):
        self.teams = inputs.teams.copy()
        self.people = inputs.people.copy()
        self.assignments = inputs.assignments.copy()
        self.systems = inputs.systems.copy()
        self.owners = inputs.system_owners.copy()
        self.deployers = inputs.system_deployers.copy()
        self.openings = inputs.openings.copy()

    def has_person(self, pid) -> bool:
        return pid is not None and bool((self.people["id"] == pid).any())

    def has_team(self, tid) -> bool:
        return tid is not None and bool((self.teams["id"] == tid).any())

    def person(self, pid) -> pd.Series:
        return self.people.loc[self.people["id"] == pid].iloc[0]

    def team(self, tid) -> pd.Series:
        return self.teams.loc[self.teams["id"] == tid].iloc[0]

    def lead_of(self, tid):
        lead = self.team(tid)["lead_id"]
        return None if lead is pd.NA else int(lead)

    def set_lead(self, tid, pid) -> None:
        self.teams.loc[self.teams["id"] == tid, "lead_id"] = pd.NA if pid is None else int(pid)

    def remove_people(self, gone: set[int]) -> None:
        self.people = self.people[~self.people["id"].isin(gone)]
        self.people.loc[self.people["manager_id"].isin(gone).fillna(False), "manager_id"] = pd.NA
        self.teams.loc[self.teams["lead_id"].isin(gone).fillna(False), "lead_id"] = pd.NA
        self.assignments = self.assignments[~self.assignments["person_id"].isin(gone)]
        self.owners = self.owners[~self.owners["person_id"].isin(gone)]
        self.deployers = self.deployers[~self.deployers["person_id"].isin(gone)]

    def result(self, inputs: ScoringInputs) -> ScoringInputs:
        return inputs.replace(
            teams=self.teams.reset_index(drop=True),
            people=self.people.reset_index(drop=True),
            assignments=self.assignments.reset_index(drop=True),
            systems=self.systems.reset_index(drop=True),
            system_owners=self.owners.reset_index(drop=True),
            system_deployers=self.deployers.reset_index(drop=True),
            openings=self.openings.reset_index(drop=True),
        )


def _leave(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    if not fr.has_person(c.person_id):
        return "the person is no longer in the organisation"
    p = fr.person(c.person_id)
    fr.remove_people({int(c.person_id)})
    if c.month and c.month > as_of:
        out.events.append(
            TimedEvent(c.month, int(p["id"]), int(p["team_id"]), p["role_slug"], p["family"], float(p["fte"]), -1)
        )
    return None


def _join(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    if not fr.has_team(c.team_id):
        return "the team no longer exists"
    if c.role is None:
        return "the role no longer exists"
    pid = new_person_id(c.id)
    fte = float(c.fte or 1.0)
    manager = fr.lead_of(c.team_id)
    row = {
        "id": pid,
        "name": c.name or f"New {c.role.name}",
        "team_id": int(c.team_id),
        "role_slug": c.role.slug,
        "role_name": c.role.name,
        "family": c.role.family,
        "fte": fte,
        "manager_id": pd.NA if manager is None else manager,
    }
    fr.people = pd.concat([fr.people[fr.people["id"] != pid], pd.DataFrame([row])], ignore_index=True)
    fr.people["manager_id"] = fr.people["manager_id"].astype("Int64")
    if c.month and c.month > as_of:
        out.events.append(TimedEvent(c.month, pid, int(c.team_id), c.role.slug, c.role.family, fte, +1))
    return None


def _move(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    if not fr.has_person(c.person_id):
        return "the person is no longer in the organisation"
    if not fr.has_team(c.to_team_id):
        return "the team no longer exists"
    old_team = int(fr.person(c.person_id)["team_id"])
    fr.people.loc[fr.people["id"] == c.person_id, "team_id"] = int(c.to_team_id)
    if old_team != c.to_team_id and fr.has_team(old_team) and fr.lead_of(old_team) == c.person_id:
        fr.set_lead(old_team, None)  # a lead who moves away no longer leads the old team
    return None


def _reassign(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    if c.responsibility_id is None:
        return "the responsibility no longer exists"
    if c.person_id is not None and not fr.has_person(c.person_id):
        return "the person it is taken from is no longer in the organisation"
    if not fr.has_person(c.to_person_id):
        return "the person it is given to is no longer in the organisation"
    a = fr.assignments
    same_resp = a["responsibility_id"] == c.responsibility_id
    drop = same_resp & a["person_id"].isin([p for p in (c.person_id, c.to_person_id) if p is not None])
    a = a[~drop]
    row = {"person_id": int(c.to_person_id), "responsibility_id": int(c.responsibility_id), "level": c.level or "owner"}
    fr.assignments = pd.concat([a, pd.DataFrame([row]).astype(a.dtypes.to_dict())], ignore_index=True)
    return None


def _merge(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    if not fr.has_team(c.team_id) or not fr.has_team(c.to_team_id):
        return "one of the teams no longer exists"
    src, dst = int(c.team_id), int(c.to_team_id)
    if src == dst:
        return "a team cannot merge into itself"
    src_row = fr.team(src)
    fr.people.loc[fr.people["team_id"] == src, "team_id"] = dst
    fr.systems.loc[fr.systems["team_id"] == src, "team_id"] = dst
    fr.openings.loc[fr.openings["team_id"] == src, "team_id"] = dst
    # Sub-teams of the merged team (the receiving team too, if it was one) move up to its parent.
    children = fr.teams["parent_id"].eq(src).fillna(False)
    fr.teams.loc[children, "parent_id"] = src_row["parent_id"]
    if fr.lead_of(dst) is None and src_row["lead_id"] is not pd.NA:
        fr.set_lead(dst, int(src_row["lead_id"]))
    fr.teams = fr.teams[fr.teams["id"] != src]
    return None


def _split(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    if not fr.has_team(c.team_id):
        return "the team no longer exists"
    src = fr.team(c.team_id)
    tid = new_team_id(c.id)
    row = {
        "id": tid,
        "name": c.name or f"{src['name']} (split)",
        "parent_id": src["parent_id"],
        "kind": src["kind"],
        "pillar": src["pillar"],
        "lead_id": pd.NA,
    }
    fr.teams = pd.concat([fr.teams, pd.DataFrame([row])], ignore_index=True)
    fr.teams["parent_id"] = fr.teams["parent_id"].astype("Int64")
    fr.teams["lead_id"] = fr.teams["lead_id"].astype("Int64")
    moving = [int(p) for p in c.person_ids if fr.has_person(p)]
    fr.people.loc[fr.people["id"].isin(moving) & (fr.people["team_id"] == c.team_id), "team_id"] = tid
    lead = src["lead_id"]
    if lead is not pd.NA and int(lead) in moving:
        fr.set_lead(int(c.team_id), None)
        fr.set_lead(tid, int(lead))
    return None


def _add_opening(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    if not fr.has_team(c.team_id):
        return "the team no longer exists"
    if c.role is None:
        return "the role no longer exists"
    row = {
        "id": new_opening_id(c.id),
        "role_slug": c.role.slug,
        "role_name": c.role.name,
        "team_id": int(c.team_id),
        "opened_on": c.month or as_of,
        "status": "open",
        "months_to_hire": float(c.role.months_to_hire),
    }
    new = pd.DataFrame([row])
    fr.openings = pd.concat([fr.openings, new], ignore_index=True).astype(fr.openings.dtypes.to_dict())
    return None


def _cancel_opening(fr: _Frames, c: ChangeSpec, as_of: date, out: ScenarioOutcome) -> str | None:
    hit = fr.openings["id"] == c.opening_id
    if c.opening_id is None or not hit.any():
        return "the opening no longer exists"
    if (fr.openings.loc[hit, "status"] != "open").all():
        return "the opening is no longer open"
    fr.openings.loc[hit, "status"] = "cancelled"
    return None


APPLY = {
    LEAVE: _leave,
    JOIN: _join,
    MOVE: _move,
    REASSIGN: _reassign,
    MERGE_TEAMS: _merge,
    SPLIT_TEAM: _split,
    ADD_OPENING: _add_opening,
    CANCEL_OPENING: _cancel_opening,
}


class Dated(Protocol):
    month: date | None


D = TypeVar("D", bound=Dated)


def effective_month(change: Dated, as_of: date) -> date | None:
    """The month a change takes effect, or None when it takes effect today (undated, or dated not after `as_of`)."""
    return change.month if change.month and change.month > as_of else None


def in_time_order(changes: Sequence[D], as_of: date) -> list[D]:
    """Today's changes first, then month by month; the scenario's order within the same month.

    Scoring, the forecast and applying a scenario to the real data all take changes in this order.
    """
    return sorted(changes, key=lambda c: effective_month(c, as_of) or date.min)


def apply_changes(
    inputs: ScoringInputs, changes: Sequence[ChangeSpec], *, as_of: date | None = None
) -> ScenarioOutcome:
    """The inputs as the scenario describes them; `inputs` itself is not modified.

    Changes are applied in time order (`in_time_order`). One whose person, team, role, responsibility
    or opening is gone is skipped with a note; the others still apply.
    """
    as_of = as_of or inputs.as_of
    fr = _Frames(inputs)
    out = ScenarioOutcome(inputs=inputs)
    for c in in_time_order(changes, as_of):
        handler = APPLY.get(c.kind)
        problem = handler(fr, c, as_of, out) if handler else f"unknown kind of change '{c.kind}'"
        if problem:
            out.notes.append(f"{c.label or c.kind}: not applied, {problem}.")
        else:
            out.applied += 1
    out.inputs = fr.result(inputs)
    return out
