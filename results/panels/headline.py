"""The headline cards of the dashboard and its open roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from ..selectors import DashboardData
from .base import Table, subtree_names


@dataclass
class Headline:
    overall_level: int | None
    overall_score: float | None
    target_level: int
    truck_factor: int | None
    truck_removed: list[str]
    production_systems: int | None
    orphaned_after: int | None
    open_roles: int
    months_to_fill_median: float | None
    months_to_fill_max: float | None
    weighted_open_months: float
    uncovered: list[str] = field(default_factory=list)
    unanswered: int = 0

    @property
    def gap(self) -> int | None:
        return None if self.overall_level is None else self.target_level - self.overall_level


def headline(data: DashboardData) -> Headline:
    """The four headline cards, limited to the team filter where the stored rows allow it."""
    s = data.summary
    run = data.run
    names = subtree_names(data.tree, data.subtree)
    open_roles = [o for o in s["talent"]["open_roles"] if names is None or o["team"] in names]
    months = [o["months_to_hire"] for o in open_roles if o["months_to_hire"] is not None]
    weighted = s["talent"]["weighted_open_months"]
    truck = s["truck_factor"]
    maturity = s["maturity"]
    return Headline(
        overall_level=run.overall_level if run else None,
        overall_score=run.overall_score if run else None,
        target_level=data.org.target_level,
        truck_factor=run.truck_factor if run and run.truck_factor is not None else truck["value"],
        truck_removed=[p["name"] for p in truck["removed"]],
        production_systems=truck["production_systems"],
        orphaned_after=truck["orphaned_after"],
        open_roles=len(open_roles),
        months_to_fill_median=round(median(months), 1) if months else None,
        months_to_fill_max=round(max(months), 1) if months else None,
        weighted_open_months=round(sum(months), 1) if names is not None else round(float(weighted), 1),
        uncovered=[c["name"] for c in s["coverage"] if not c["owners"]],
        unanswered=len(maturity["unanswered"]),
    )


def open_roles_table(data: DashboardData) -> Table:
    names = subtree_names(data.tree, data.subtree)
    rows = [
        [o["role"], o["team"], o["months_to_hire"]]
        for o in data.summary["talent"]["open_roles"]
        if names is None or o["team"] in names
    ]
    return Table(["Role", "Team", "Expected months to fill"], rows, "Open roles")
