"""From an organisation's people and openings (frames, as scenarios produce them) to the forecast's inputs. Pure.

* Capacity today: the FTE of every person, by role family; headcount by team and role.
* Openings: those still open; one open for some months is conditioned on not being filled yet,
  one that opens later (a scenario's planned opening) starts its clock then.
* Joins and leaves a scenario dates in the future are not counted today: they change capacity and
  headcount from their month on.
* A team's headcount target counts the people of that team and of every team below it (with
  `team_parents`); an organisation-wide target counts everyone.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from vocabulary.teams import ancestors as teams_above

from .forecast import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    HORIZON,
    Forecast,
    HeadcountGoal,
    OpeningInput,
    StaffChange,
    run_forecast,
)
from .hire_times import MONTH_DAYS, HireTime
from .scenarios import TimedEvent


@dataclass(frozen=True)
class TargetRow:
    key: str
    team_id: int | None
    role: str
    headcount: int


def months_between(start: date, end: date) -> float:
    """Calendar months from `start` to `end` (1 Nov to 1 Jan is 2.0), with the days left as a fraction."""
    return (end.year - start.year) * 12 + end.month - start.month + (end.day - start.day) / MONTH_DAYS


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day when it is shorter)."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def forecast_org(
    *,
    people: pd.DataFrame,
    openings: pd.DataFrame,
    team_names: Mapping[int, str],
    role_family: Mapping[str, str],
    hire_times: Mapping[str, HireTime],
    targets: Sequence[TargetRow] = (),
    events: Iterable[TimedEvent] = (),
    as_of: date,
    by_date: date,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    horizon: int = HORIZON,
    team_parents: Mapping[int, int | None] | None = None,
) -> Forecast:
    """Run the forecast for the people and openings frames of `ScoringInputs` (real or a scenario's).

    `team_parents` (team id -> parent id) rolls team targets up the hierarchy; without it a team's
    target counts that team's own people only.
    """
    ancestors = team_ancestors(team_parents or {})
    base = people[["id", "team_id", "role_slug", "family", "fte"]]
    changes: list[StaffChange] = []
    later_joiners: set[int] = set()
    returning: list[dict] = []
    for e in events:
        month = months_between(as_of, e.month)
        if month <= 0:
            continue
        changes.append(StaffChange(month, e.role_slug, e.family, e.team_id, e.fte * e.delta, e.delta))
        if e.delta > 0:
            later_joiners.add(e.person_id)
        else:
            returning.append(
                {"id": e.person_id, "team_id": e.team_id, "role_slug": e.role_slug, "family": e.family, "fte": e.fte}
            )
    base = base[~base["id"].isin(later_joiners)]
    if returning:
        base = pd.concat([base, pd.DataFrame(returning)], ignore_index=True)
    baseline = {k: float(v) for k, v in base.groupby("family")["fte"].sum().items()}
    current: dict[tuple[int | None, str], int] = {}
    for (team_id, role), n in base.groupby(["team_id", "role_slug"]).size().items():
        for team in (int(team_id), *ancestors.get(int(team_id), ()), None):
            current[(team, role)] = current.get((team, role), 0) + int(n)

    open_rows = openings[openings["status"] == "open"]
    inputs = [
        OpeningInput(
            key=f"o{int(o.id)}",
            role=o.role_slug,
            family=role_family.get(o.role_slug, "other"),
            team_id=int(o.team_id),
            months_open=months_between(o.opened_on, as_of),
            label=f"{o.role_name} in {team_names.get(int(o.team_id), '')}",
        )
        for o in open_rows.itertuples()
    ]
    goals = [HeadcountGoal(t.key, t.team_id, t.role, t.headcount) for t in targets]
    return run_forecast(
        openings=inputs,
        hire_times=hire_times,
        baseline=baseline,
        current=current,
        goals=goals,
        changes=changes,
        by_month=months_between(as_of, by_date),
        horizon=horizon,
        draws=draws,
        seed=seed,
        ancestors=ancestors,
    )


def team_ancestors(parents: Mapping[int, int | None]) -> dict[int, tuple[int, ...]]:
    """For every team, the teams above it, nearest first (a cycle in broken data stops the walk)."""
    return {team: tuple(teams_above(parents, team)) for team in parents}
