"""Targets against today (the gaps) and the roadmap that closes them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS
from orgs.choices import OpeningStatus
from orgs.models import Opening, Organization, Person, Team
from scoring.choices import RunStatus
from scoring.models import DimensionScore, Finding, ScoringRun

from ..engine.forecast_inputs import team_ancestors
from ..engine.roadmap import Action, HiringNeed, build_roadmap
from ..models import MaturityTarget
from .comparison import DIMENSION_LABELS
from .forecast import headcount_targets, org_hire_times, role_estimates


def latest_org_run(*, org: Organization) -> ScoringRun | None:
    """The latest done organisation-wide run of the real data (no team, no scenario)."""
    return (
        ScoringRun.objects.for_org(org)
        .filter(status=RunStatus.DONE, team__isnull=True, scenario__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def _latest_team_levels(org: Organization) -> dict[int, dict[str, int | None]]:
    runs = (
        ScoringRun.objects.for_org(org)
        .filter(status=RunStatus.DONE, team__isnull=False, scenario__isnull=True)
        .order_by("team_id", "-created_at", "-pk")
        .values_list("pk", "team_id")
    )
    latest: dict[int, int] = {}
    for pk, team_id in runs:
        latest.setdefault(team_id, pk)
    levels: dict[int, dict[str, int | None]] = defaultdict(dict)
    by_run = {pk: team_id for team_id, pk in latest.items()}
    for run_id, dim, level in DimensionScore.objects.filter(run_id__in=by_run).values_list(
        "run_id", "dimension", "level"
    ):
        levels[by_run[run_id]][dim] = level
    return levels


def target_gaps(*, org: Organization) -> dict:
    """Headcount and maturity targets against today, for the targets page and the dashboard.

    Out: {"headcount": [{target, team, role, target_headcount, current, open, gap, due_on}],
          "maturity": [{target (or None for the org default), team, dimension, label, target_level, level, gap}]}
    A headcount gap is what is missing after today's people and the openings already open; a team's
    target counts its sub-teams too, as in the forecast.
    """
    ancestors = team_ancestors(dict(Team.objects.for_org(org).values_list("pk", "parent_id")))
    people = defaultdict(int)
    for team_id, role_id in Person.objects.for_org(org).values_list("team_id", "role_id"):
        for team in (team_id, *ancestors.get(team_id, ()), None):
            people[(team, role_id)] += 1
    open_ = defaultdict(int)
    for team_id, role_id in (
        Opening.objects.for_org(org).filter(status=OpeningStatus.OPEN).values_list("team_id", "role_id")
    ):
        for team in (team_id, *ancestors.get(team_id, ()), None):
            open_[(team, role_id)] += 1
    headcount = []
    for t in headcount_targets(org=org):
        key = (t.team_id, t.role_id)
        current, opening = people.get(key, 0), open_.get(key, 0)
        headcount.append(
            {
                "target": t,
                "team": t.team,
                "role": t.role,
                "target_headcount": t.headcount,
                "current": current,
                "open": opening,
                "gap": max(t.headcount - current - opening, 0),
                "surplus": max(current - t.headcount, 0),
                "due_on": t.due_on,
            }
        )

    targets = list(MaturityTarget.objects.for_org(org).select_related("team"))
    org_run = latest_org_run(org=org)
    org_levels = dict(DimensionScore.objects.filter(run=org_run).values_list("dimension", "level")) if org_run else {}
    team_levels = _latest_team_levels(org) if any(t.team_id for t in targets) else {}
    explicit = {t.dimension: t for t in targets if t.team_id is None}
    maturity = []
    for d in SCORED_DIMENSIONS:
        t = explicit.get(d.value)
        goal = t.level if t else org.target_level
        level = org_levels.get(d.value)
        maturity.append(
            {
                "target": t,
                "team": None,
                "dimension": d.value,
                "label": str(d.label),
                "target_level": goal,
                "level": level,
                "gap": max(goal - level, 0) if level is not None else None,
            }
        )
    for t in sorted((t for t in targets if t.team_id), key=lambda t: (t.team.name, t.dimension)):
        level = team_levels.get(t.team_id, {}).get(t.dimension)
        maturity.append(
            {
                "target": t,
                "team": t.team,
                "dimension": t.dimension,
                "label": DIMENSION_LABELS.get(t.dimension, t.dimension),
                "target_level": t.level,
                "level": level,
                "gap": max(t.level - level, 0) if level is not None else None,
            }
        )
    return {"headcount": headcount, "maturity": maturity, "org_run": org_run}


def org_roadmap(*, org: Organization, effort_per_quarter: int, quarters: int = 8, as_of: date | None = None) -> dict:
    """Ranked actions of the latest org-wide scoring and the hires the headcount targets need, by quarter."""
    as_of = as_of or timezone.localdate()
    run = latest_org_run(org=org)
    findings = (
        list(
            Finding.objects.filter(run=run)
            .select_related("team")
            .order_by("rank", "pk")
            .only("rank", "kind", "title", "severity", "impact", "effort", "team__name", "recommendation")
        )
        if run
        else []
    )
    actions = [
        Action(
            f.rank,
            f.kind,
            f.title,
            f.severity,
            f.impact,
            max(f.effort, 1),
            f.team.name if f.team else "",
            f.recommendation,
        )
        for f in findings
    ]
    roles = role_estimates(org=org)
    times = org_hire_times(org=org, roles=roles)
    gaps = target_gaps(org=org)
    # An organisation-wide target counts the positions the team targets of the same role plan already.
    planned_by_teams = defaultdict(int)
    for g in gaps["headcount"]:
        if g["team"] is not None:
            planned_by_teams[g["role"].pk] += g["gap"]
    needs = []
    for g in gaps["headcount"]:
        role = roles.get(g["role"].slug)
        extra = planned_by_teams[g["role"].pk] if g["team"] is None else 0
        needs.append(
            HiringNeed(
                team_id=g["team"].pk if g["team"] else None,
                team=g["team"].name if g["team"] else "",
                role=g["role"].slug,
                role_name=g["role"].name,
                target=g["target_headcount"],
                current=g["current"],
                open_positions=g["open"] + extra,
                due_on=g["due_on"],
                months_to_hire=round(times[g["role"].slug].median_months, 1),
                annual_cost=role.annual_cost if role else float(g["role"].annual_cost),
            )
        )
    open_cost = 0.0
    for slug in Opening.objects.for_org(org).filter(status=OpeningStatus.OPEN).values_list("role__slug", flat=True):
        open_cost += roles[slug].annual_cost if slug in roles else 0.0
    roadmap = build_roadmap(
        actions=actions,
        needs=needs,
        open_cost=open_cost,
        as_of=as_of,
        effort_per_quarter=effort_per_quarter,
        quarters=quarters,
    )
    roadmap.update({"run": run, "gaps": gaps, "as_of": as_of})
    return roadmap
