"""The roadmap: ranked actions and the hires the targets need, grouped into quarters, with their cost. Pure.

Rules (the roadmap page says the same):
* Actions are taken in the order of their rank (1 = first). Each quarter holds actions until their
  effort (1-5 each) reaches the effort budget per quarter; the next action starts the next quarter.
  An action larger than a whole budget gets a quarter of its own.
* Hires: for every headcount target, the positions still missing after today's people and the
  openings already open. Each position should open early enough for the median hire to start by
  the target's date: open by = due date - the role's median months to hire (today when that date
  has passed or the target has no date).
* Cost: the estimated yearly cost of each position (the organisation's own figure for the role, or
  the catalog's); the run rate adds the positions opened so far to the openings already open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .hire_times import MONTH_DAYS

DEFAULT_EFFORT_PER_QUARTER = 8
DEFAULT_QUARTERS = 8


@dataclass(frozen=True)
class Action:
    rank: int
    kind: str
    title: str
    severity: str
    impact: int
    effort: int
    team: str = ""
    recommendation: str = ""


@dataclass(frozen=True)
class HiringNeed:
    team_id: int | None
    team: str
    role: str
    role_name: str
    target: int
    current: int
    open_positions: int
    due_on: date | None
    months_to_hire: float
    annual_cost: float

    @property
    def missing(self) -> int:
        return max(self.target - self.current - self.open_positions, 0)


@dataclass
class Phase:
    label: str
    start: date
    end: date
    actions: list[Action] = field(default_factory=list)
    hires: list[dict] = field(default_factory=list)
    effort: int = 0
    hire_cost: float = 0.0
    run_rate: float = 0.0


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def next_quarter(d: date) -> date:
    m = d.month + 3
    return date(d.year + (m - 1) // 12, (m - 1) % 12 + 1, 1)


def _label(start: date) -> str:
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"


def build_roadmap(
    *,
    actions: Sequence[Action],
    needs: Sequence[HiringNeed],
    open_cost: float,
    as_of: date,
    effort_per_quarter: int = DEFAULT_EFFORT_PER_QUARTER,
    quarters: int = DEFAULT_QUARTERS,
) -> dict:
    """{"phases": [Phase], "later": Phase, "totals": {...}} for the roadmap page."""
    if effort_per_quarter < 1:
        raise ValueError("the effort budget per quarter must be at least 1")
    phases: list[Phase] = []
    start = quarter_start(as_of)
    for _ in range(quarters):
        end = next_quarter(start)
        phases.append(Phase(_label(start), start, end - timedelta(days=1)))
        start = end
    later = Phase("Later", start, start)

    i = 0
    for action in sorted(actions, key=lambda a: a.rank):
        while i < len(phases) and phases[i].actions and phases[i].effort + action.effort > effort_per_quarter:
            i += 1
        target = phases[i] if i < len(phases) else later
        target.actions.append(action)
        target.effort += action.effort

    positions = 0
    total_cost = 0.0
    for need in needs:
        if not need.missing:
            continue
        open_by = as_of
        if need.due_on:
            open_by = max(as_of, need.due_on - timedelta(days=round(need.months_to_hire * MONTH_DAYS)))
        phase = next((p for p in phases if p.start <= open_by <= p.end), later)
        cost = need.missing * need.annual_cost
        phase.hires.append(
            {
                "team": need.team or "Whole organisation",
                "role": need.role_name,
                "positions": need.missing,
                "open_by": open_by,
                "due_on": need.due_on,
                "months_to_hire": need.months_to_hire,
                "cost": cost,
            }
        )
        phase.hire_cost += cost
        positions += need.missing
        total_cost += cost
    run = open_cost
    for phase in [*phases, later]:
        run += phase.hire_cost
        phase.run_rate = run
    return {
        "phases": phases,
        "later": later,
        "totals": {
            "actions": len(actions),
            "positions": positions,
            "planned_cost": total_cost,
            "open_cost": open_cost,
            "run_rate": open_cost + total_cost,
        },
    }
