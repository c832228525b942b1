"""Everything the organisation dashboard shows, from stored results."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from orgs.models import Organization
from scoring.choices import RunStatus
from scoring.models import Finding, ScoringRun

from ..summary import clean_summary
from .runs import (
    TREND_POINTS,
    DimensionRow,
    RunPoint,
    TeamLevels,
    TrendPoint,
    dimension_rows,
    one_per_assessment,
    rows_of,
    run_findings,
    run_index,
    severity_sorted,
    trend_of,
    unique_findings,
    until,
)
from .tree import ResultFilters, ResultScope, TeamTree, result_scope


@dataclass
class DashboardData(ResultScope):
    run: ScoringRun | None  # the org-wide run the page shows
    dimensions: list[DimensionRow]
    team_dimensions: list[DimensionRow]  # the subtree root's own latest run, when it has one
    findings: list[Finding]
    findings_total: int
    team_levels: list[TeamLevels]
    trend: list[TrendPoint]
    team_trend: list[TrendPoint]
    history: list[RunPoint]  # done org-wide runs, newest first (the date filter's choices)
    notice: RunPoint | None  # a newer run that is still scoring or failed

    @cached_property
    def summary(self) -> dict:
        """The org run's summary in the shape of the results contract (empty sections without a run)."""
        return clean_summary(self.run.summary if self.run else None)

    @property
    def has_results(self) -> bool:
        return self.run is not None or bool(self.team_levels)


def _team_levels(
    tree: TeamTree, latest_per_team: dict[int, RunPoint], dims: dict[int, list[DimensionRow]]
) -> list[TeamLevels]:
    """The levels of each team's latest run, in the tree's order."""
    team_levels = []
    for team_id, p in latest_per_team.items():
        node = tree.by_id.get(team_id)
        if node is None:
            continue
        rows = dims.get(p.id, [])
        team_levels.append(
            TeamLevels(
                team_id=team_id,
                team=node.name,
                run_id=p.id,
                at=p.at,
                levels={d.dimension: d.level for d in rows},
                scores={d.dimension: d.score for d in rows},
            )
        )
    order = {n.id: i for i, n in enumerate(tree.nodes)}
    team_levels.sort(key=lambda t: order.get(t.team_id, 0))
    return team_levels


def dashboard_data(*, org: Organization, filters: ResultFilters, findings_limit: int | None = 10) -> DashboardData:
    """Everything the org dashboard shows, from stored results, in a fixed number of queries."""
    scope = result_scope(org=org, filters=filters, team_id=filters.team_id)
    team, subtree = scope.team, scope.subtree
    runs = run_index(org=org)
    history_all = runs.org_runs
    visible = until(history_all, filters.as_of)
    done = [p for p in visible if p.status == RunStatus.DONE]
    latest = done[0] if done else None
    notice = None
    if filters.as_of is None and visible and visible[0].status != RunStatus.DONE:
        notice = visible[0]

    team_points = [p for p in until(runs.team_runs, filters.as_of) if subtree is None or p.team_id in subtree]
    latest_per_team: dict[int, RunPoint] = {}
    for p in team_points:
        latest_per_team.setdefault(p.team_id, p)
    trend_points = one_per_assessment(done, TREND_POINTS)
    root_team_points = one_per_assessment([p for p in team_points if team and p.team_id == team.id], TREND_POINTS)

    run_ids = {p.id for p in trend_points} | {p.id for p in latest_per_team.values()}
    run_ids |= {p.id for p in root_team_points}
    if latest:
        run_ids.add(latest.id)
    dims = dimension_rows(run_ids=sorted(run_ids))

    run = ScoringRun.objects.select_related("assessment").get(pk=latest.id) if latest else None
    # Most severe first, then by the scoring's rank: the order the pages state.
    findings = severity_sorted(unique_findings(run_findings(run_ids=[run.pk], team_ids=subtree))) if run else []

    root_latest = latest_per_team.get(team.id) if team else None
    return DashboardData(
        **scope.parts(),
        run=run,
        dimensions=rows_of(dims, latest),
        team_dimensions=rows_of(dims, root_latest),
        findings=findings[:findings_limit] if findings_limit else findings,
        findings_total=len(findings),
        team_levels=_team_levels(scope.tree, latest_per_team, dims),
        trend=trend_of(trend_points, dims),
        team_trend=trend_of(root_team_points, dims),
        history=[p for p in history_all if p.status == RunStatus.DONE],
        notice=notice,
    )
