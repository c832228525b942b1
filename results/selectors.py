"""Reads of stored scoring results for the dashboard and team pages.

Everything here reads rows the scoring engine wrote (`ScoringRun`, `DimensionScore`, `Finding`); nothing
re-scores. Each function makes a fixed number of queries, whatever the size of the organisation:
runs are fetched as plain values and the latest one per team is chosen in Python, then their
dimension scores come in one query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS, Dimension
from orgs.models import Organization, Team
from scoring.choices import RunStatus
from scoring.models import DimensionScore, Finding, ScoringRun
from vocabulary.severity import severity_rank
from vocabulary.teams import ancestors, subtree

from .summary import clean_summary

DIMENSIONS = [(d.value, d.label) for d in SCORED_DIMENSIONS]
TREND_POINTS = 60  # the trend shows at most this many assessments; older ones stay in the exports


@dataclass(frozen=True)
class ResultFilters:
    """What the URL asks for: a team subtree and/or results as they stood on a date."""

    team_id: int | None = None
    as_of: date | None = None

    def query(self) -> dict[str, str]:
        out = {}
        if self.team_id:
            out["team"] = str(self.team_id)
        if self.as_of:
            out["as_of"] = self.as_of.isoformat()
        return out


@dataclass(frozen=True)
class TeamNode:
    id: int
    name: str
    parent_id: int | None
    depth: int


@dataclass
class TeamTree:
    """The org's teams in depth-first order, with the ids below each team."""

    nodes: list[TeamNode]
    by_id: dict[int, TeamNode]
    children: dict[int | None, list[int]]

    def subtree_ids(self, team_id: int) -> set[int]:
        """The team and every team below it."""
        return subtree(((child, parent) for parent, kids in self.children.items() for child in kids), [team_id])

    def path(self, team_id: int) -> list[TeamNode]:
        """The team and its ancestors, top first."""
        if team_id not in self.by_id:
            return []
        above = ancestors({n.id: n.parent_id for n in self.nodes}, team_id)
        return [self.by_id[pk] for pk in reversed([team_id, *above]) if pk in self.by_id]


@dataclass(frozen=True)
class RunPoint:
    """One stored run, without its (large) summary."""

    id: int
    at: datetime
    status: str
    team_id: int | None
    assessment_id: int | None
    assessment_title: str
    overall_level: int | None
    overall_score: float | None
    truck_factor: int | None
    error: str


@dataclass
class DimensionRow:
    dimension: str
    label: str
    level: int | None
    score: float | None
    answered: int
    total: int


@dataclass
class TeamLevels:
    team_id: int
    team: str
    run_id: int
    at: datetime
    levels: dict[str, int | None]
    scores: dict[str, float | None]

    @property
    def mean_level(self) -> float | None:
        known = [v for v in self.levels.values() if v is not None]
        return sum(known) / len(known) if known else None


@dataclass
class TrendPoint:
    run_id: int
    at: datetime
    label: str
    overall_level: int | None
    overall_score: float | None
    truck_factor: int | None
    levels: dict[str, int | None] = field(default_factory=dict)


@dataclass
class DashboardData:
    org: Organization
    filters: ResultFilters
    tree: TeamTree
    team: TeamNode | None  # the filtered subtree's root
    subtree: set[int] | None
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


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def team_tree(*, org: Organization) -> TeamTree:
    """All teams of `org` as a tree (one query)."""
    rows = list(Team.objects.for_org(org).order_by("name").values_list("pk", "name", "parent_id"))
    ids = {pk for pk, _, _ in rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    names = {}
    parents = {}
    for pk, name, parent_id in rows:
        parent = parent_id if parent_id in ids else None
        children[parent].append(pk)
        names[pk], parents[pk] = name, parent
    nodes: list[TeamNode] = []
    seen: set[int] = set()
    stack = [(pk, 0) for pk in reversed(children.get(None, []))]
    while stack:
        pk, depth = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        nodes.append(TeamNode(pk, names[pk], parents[pk], depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(pk, [])))
    # Teams caught in a parent cycle are not reachable from a root; list them at the top level.
    nodes += [TeamNode(pk, names[pk], None, 0) for pk, _, _ in rows if pk not in seen]
    return TeamTree(nodes=nodes, by_id={n.id: n for n in nodes}, children=dict(children))


@dataclass
class RunIndex:
    """Every run of an organisation without its summary: org-wide runs and team runs, newest first."""

    org_runs: list[RunPoint]  # team and scenario empty, any status
    team_runs: list[RunPoint]  # team set, scenario empty, done


def run_index(*, org: Organization) -> RunIndex:
    """The org's runs in four small queries, whatever their number or the size of their summaries.

    The scalar columns and the team, scenario and assessment links are read separately: in SQLite the
    link columns are stored after the (large) summary, and reading them row by row would walk every
    summary; joined from the other side they come straight from their indexes. PostgreSQL keeps large
    JSON out of line, so the split costs nothing there either.
    """
    runs = ScoringRun.objects.for_org(org).order_by()
    scalars = runs.values_list(
        "pk", "status", "finished_at", "created_at", "overall_level", "overall_score", "truck_factor", "error"
    )
    teams = dict(ScoringRun.objects.filter(team__organization=org).order_by().values_list("pk", "team_id"))
    scenario_runs = set(ScoringRun.objects.filter(scenario__organization=org).order_by().values_list("pk", flat=True))
    assessments = {
        pk: (assessment_id, title or "")
        for pk, assessment_id, title in ScoringRun.objects.filter(assessment__organization=org)
        .order_by()
        .values_list("pk", "assessment_id", "assessment__title")
    }
    org_runs, team_runs = [], []
    for pk, status, finished_at, created_at, level, score, truck, error in scalars:
        if pk in scenario_runs:
            continue
        assessment_id, title = assessments.get(pk, (None, ""))
        team_id = teams.get(pk)
        point = RunPoint(
            pk, finished_at or created_at, status, team_id, assessment_id, title, level, score, truck, error or ""
        )
        if team_id is None:
            org_runs.append(point)
        elif status == RunStatus.DONE:
            team_runs.append(point)
    key = lambda p: (p.at, p.id)  # noqa: E731
    org_runs.sort(key=key, reverse=True)
    team_runs.sort(key=key, reverse=True)
    return RunIndex(org_runs=org_runs, team_runs=team_runs)


def org_run_history(*, org: Organization) -> list[RunPoint]:
    """Every org-wide run (team and scenario empty) of `org`, newest first, without summaries."""
    return run_index(org=org).org_runs


def _until(points: list[RunPoint], as_of: date | None) -> list[RunPoint]:
    if as_of is None:
        return points
    end = _end_of(as_of)
    return [p for p in points if p.at < end]


def dimension_rows(*, run_ids: list[int]) -> dict[int, list[DimensionRow]]:
    """The scored dimensions of each run, in the order of `SCORED_DIMENSIONS` (one query)."""
    if not run_ids:
        return {}
    found: dict[int, dict[str, DimensionRow]] = defaultdict(dict)
    labels = dict(Dimension.choices)
    rows = DimensionScore.objects.filter(run_id__in=run_ids).order_by()
    for run_id, dim, level, score, answered, total in rows.values_list(
        "run_id", "dimension", "level", "score", "answered", "total"
    ):
        found[run_id][dim] = DimensionRow(dim, labels.get(dim, dim), level, score, answered, total)
    out = {}
    for run_id in run_ids:
        rows = found.get(run_id, {})
        out[run_id] = [rows.get(dim) or DimensionRow(dim, label, None, None, 0, 0) for dim, label in DIMENSIONS]
    return out


def _trend(points: list[RunPoint], dims: dict[int, list[DimensionRow]]) -> list[TrendPoint]:
    out = []
    for p in reversed(points):  # oldest first
        out.append(
            TrendPoint(
                run_id=p.id,
                at=p.at,
                label=p.assessment_title or f"Scoring of {p.at:%d %b %Y}",
                overall_level=p.overall_level,
                overall_score=p.overall_score,
                truck_factor=p.truck_factor,
                levels={d.dimension: d.level for d in dims.get(p.id, [])},
            )
        )
    return out


def _one_per_assessment(points: list[RunPoint], limit: int) -> list[RunPoint]:
    """The newest run of each assessment (re-scorings replace earlier ones), newest first, at most `limit`."""
    seen, out = set(), []
    for p in points:
        key = ("a", p.assessment_id) if p.assessment_id else ("d", p.at.date())
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
        if len(out) >= limit:
            break
    return out


def _touches(finding: Finding, team_ids: set[int]) -> bool:
    if finding.team_id in team_ids:
        return True
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    teams = evidence.get("teams")
    return isinstance(teams, list) and any(isinstance(t, dict) and t.get("id") in team_ids for t in teams)


def severity_sorted(findings: list[Finding]) -> list[Finding]:
    """Most urgent first; then by rank (unranked last) and age."""
    return sorted(findings, key=lambda f: (severity_rank(f.severity), f.rank or 10**6, f.pk))


def run_findings(*, run_ids: list[int], team_ids: set[int] | None = None) -> list[Finding]:
    """Findings of the runs in rank order, limited to those touching `team_ids` when given (one query)."""
    if not run_ids:
        return []
    findings = list(Finding.objects.filter(run_id__in=run_ids).select_related("team").order_by("rank", "pk"))
    if team_ids is not None:
        findings = [f for f in findings if _touches(f, team_ids)]
    return findings


def dashboard_data(*, org: Organization, filters: ResultFilters, findings_limit: int | None = 10) -> DashboardData:
    """Everything the org dashboard shows, from stored results, in a fixed number of queries."""
    tree = team_tree(org=org)
    team = tree.by_id.get(filters.team_id) if filters.team_id else None
    subtree = tree.subtree_ids(team.id) if team else None

    runs = run_index(org=org)
    history_all = runs.org_runs
    visible = _until(history_all, filters.as_of)
    done = [p for p in visible if p.status == RunStatus.DONE]
    latest = done[0] if done else None
    notice = None
    if filters.as_of is None and visible and visible[0].status != RunStatus.DONE:
        notice = visible[0]

    team_points = [p for p in _until(runs.team_runs, filters.as_of) if subtree is None or p.team_id in subtree]
    latest_per_team: dict[int, RunPoint] = {}
    for p in team_points:
        latest_per_team.setdefault(p.team_id, p)
    trend_points = _one_per_assessment(done, TREND_POINTS)
    root_team_points = _one_per_assessment([p for p in team_points if team and p.team_id == team.id], TREND_POINTS)

    run_ids = {p.id for p in trend_points} | {p.id for p in latest_per_team.values()}
    run_ids |= {p.id for p in root_team_points}
    if latest:
        run_ids.add(latest.id)
    dims = dimension_rows(run_ids=sorted(run_ids))

    run = ScoringRun.objects.select_related("assessment").get(pk=latest.id) if latest else None
    findings = run_findings(run_ids=[run.pk], team_ids=subtree) if run else []

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

    root_latest = latest_per_team.get(team.id) if team else None
    return DashboardData(
        org=org,
        filters=filters,
        tree=tree,
        team=team,
        subtree=subtree,
        run=run,
        dimensions=dims.get(latest.id, []) if latest else [],
        team_dimensions=dims.get(root_latest.id, []) if root_latest else [],
        findings=findings[:findings_limit] if findings_limit else findings,
        findings_total=len(findings),
        team_levels=team_levels,
        trend=_trend(trend_points, dims),
        team_trend=_trend(root_team_points, dims),
        history=[p for p in history_all if p.status == RunStatus.DONE],
        notice=notice,
    )


@dataclass
class TeamResults:
    org: Organization
    filters: ResultFilters
    tree: TeamTree
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
    tree = team_tree(org=org)
    team = tree.by_id.get(team_id)
    if team is None:
        return None
    subtree = tree.subtree_ids(team.id)
    runs = run_index(org=org)
    org_done = [p for p in _until(runs.org_runs, filters.as_of) if p.status == RunStatus.DONE]
    team_points = [p for p in _until(runs.team_runs, filters.as_of) if p.team_id == team.id]
    trend_points = _one_per_assessment(team_points, TREND_POINTS)
    latest = team_points[0] if team_points else None
    org_latest = org_done[0] if org_done else None

    run_ids = [p.id for p in trend_points] + ([org_latest.id] if org_latest else [])
    dims = dimension_rows(run_ids=run_ids)
    runs = {r.pk: r for r in ScoringRun.objects.filter(pk__in=[p.id for p in (latest, org_latest) if p])}
    run = runs.get(latest.id) if latest else None
    org_run = runs.get(org_latest.id) if org_latest else None

    own = run_findings(run_ids=[run.pk]) if run else []
    from_org = run_findings(run_ids=[org_run.pk], team_ids=subtree) if org_run else []
    # The team's own scoring restates many org-wide findings about it: keep the team's version.
    seen = {(f.kind, f.title) for f in own}
    from_org = [f for f in from_org if (f.kind, f.title) not in seen]
    return TeamResults(
        org=org,
        filters=filters,
        tree=tree,
        team=team,
        subtree=subtree,
        run=run,
        org_run=org_run,
        dimensions=dims.get(latest.id, []) if latest else [],
        org_dimensions=dims.get(org_latest.id, []) if org_latest else [],
        findings=severity_sorted(own + from_org),
        trend=_trend(trend_points, dims),
        history=[p for p in team_points if p.status == RunStatus.DONE],
    )
