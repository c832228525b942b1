"""A team's results: its levels, its findings and its trend."""

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
from .tree import ResultFilters, ResultScope, TeamNode, result_scope


@dataclass
class TeamResults(ResultScope):
    team: TeamNode
    subtree: set[int]
    run: ScoringRun | None  # the team's own latest run
    org_run: ScoringRun | None
    dimensions: list[DimensionRow]
    org_dimensions: list[DimensionRow]
    findings: list[Finding]  # severity first, then rank
    trend: list[TrendPoint]
    history: list[RunPoint]

    @property
    def has_results(self) -> bool:
        return self.run is not None or bool(self.findings)

    @cached_property
    def summary(self) -> dict:
        return clean_summary(self.run.summary if self.run else None)

    @cached_property
    def org_summary(self) -> dict:
        return clean_summary(self.org_run.summary if self.org_run else None)


def team_results(*, org: Organization, team_id: int, filters: ResultFilters) -> TeamResults | None:
    """A team's levels, findings (its own run's and the org run's about its subtree) and trend, or None."""
    scope = result_scope(org=org, filters=filters, team_id=team_id)
    team, subtree = scope.team, scope.subtree
    if team is None:
        return None
    runs = run_index(org=org)
    org_done = [p for p in until(runs.org_runs, filters.as_of) if p.status == RunStatus.DONE]
    team_points = [p for p in until(runs.team_runs, filters.as_of) if p.team_id == team.id]
    trend_points = one_per_assessment(team_points, TREND_POINTS)
    latest = team_points[0] if team_points else None
    org_latest = org_done[0] if org_done else None

    run_ids = [p.id for p in trend_points] + ([org_latest.id] if org_latest else [])
    dims = dimension_rows(run_ids=run_ids)
    runs = {r.pk: r for r in ScoringRun.objects.filter(pk__in=[p.id for p in (latest, org_latest) if p])}
    run = runs.get(latest.id) if latest else None
    org_run = runs.get(org_latest.id) if org_latest else None

    own = run_findings(run_ids=[run.pk]) if run else []
    from_org = run_findings(run_ids=[org_run.pk], team_ids=subtree) if org_run else []
    # The team's own scoring restates many org-wide findings about it, often with other counts ("orphans 7
    # items" in the team, 9 org-wide): one finding per subject, the team's version first.
    findings = unique_findings(own + from_org)
    return TeamResults(
        **scope.parts(),
        run=run,
        org_run=org_run,
        dimensions=rows_of(dims, latest),
        org_dimensions=rows_of(dims, org_latest),
        findings=severity_sorted(findings),
        trend=trend_of(trend_points, dims),
        history=[p for p in team_points if p.status == RunStatus.DONE],
    )
