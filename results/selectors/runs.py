"""Stored runs, their dimension scores and findings, read in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS, Dimension
from orgs.models import Organization
from planning.engine.comparison import finding_key
from scoring.choices import RunStatus
from scoring.models import DimensionScore, Finding, ScoringRun
from vocabulary.severity import severity_rank

DIMENSIONS = [(d.value, d.label) for d in SCORED_DIMENSIONS]
TREND_POINTS = 60  # the trend shows at most this many assessments; older ones stay in the exports


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


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


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


def until(points: list[RunPoint], as_of: date | None) -> list[RunPoint]:
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


def trend_of(points: list[RunPoint], dims: dict[int, list[DimensionRow]]) -> list[TrendPoint]:
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


def one_per_assessment(points: list[RunPoint], limit: int) -> list[RunPoint]:
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


def subject_key(finding: Finding) -> tuple:
    """What a finding is about (the person of a universal expert, the team of a system risk...): the same
    matching the scenario comparison uses, so one problem is one finding on every page."""
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    key = finding_key({"kind": finding.kind, "title": finding.title, "team_id": finding.team_id, "evidence": evidence})
    # A subject the evidence does not name (no ids) cannot be matched: the title tells the finding apart.
    return key if len(key) < 2 or key[1] not in ((), None) else (finding.kind, finding.title)


def unique_findings(findings: list[Finding]) -> list[Finding]:
    """`findings` with one per subject: the first of each wins (callers put the preferred source first)."""
    seen, out = set(), []
    for f in findings:
        keys = {subject_key(f), (f.kind, f.title)}  # the same subject, or the very same words
        if not keys & seen:
            seen |= keys
            out.append(f)
    return out


def run_findings(*, run_ids: list[int], team_ids: set[int] | None = None) -> list[Finding]:
    """Findings of the runs in rank order, limited to those touching `team_ids` when given (one query)."""
    if not run_ids:
        return []
    findings = list(Finding.objects.filter(run_id__in=run_ids).select_related("team").order_by("rank", "pk"))
    if team_ids is not None:
        findings = [f for f in findings if _touches(f, team_ids)]
    return findings


def rows_of(dims: dict[int, list[DimensionRow]], point: RunPoint | None) -> list[DimensionRow]:
    """The dimension rows of `point`'s run (none without a run)."""
    return dims.get(point.id, []) if point else []


def stale_run(*, org: Organization, run: ScoringRun | None, as_of: date | None) -> bool:
    """Whether the organisation's data changed after the data time of `run` (only for today's view)."""
    return bool(run and as_of is None and run.inputs_at and org.data_changed_at > run.inputs_at)
