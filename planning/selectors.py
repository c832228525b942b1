"""Reads of the planning app, each with a fixed number of queries whatever the size of the organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS, Dimension
from orgs.choices import OpeningStatus
from orgs.models import Opening, Organization, Person, Team
from roles.models import RoleTemplate
from scoring.choices import RunStatus
from scoring.engine import OrgInfo, ScoringInputs
from scoring.models import DimensionScore, Finding, ScoringRun

from .choices import ChangeKind
from .engine.comparison import compare_runs
from .engine.forecast import MONTH_DAYS, Forecast, HireTime, hire_time
from .engine.forecast_inputs import TargetRow, add_months, forecast_org
from .engine.roadmap import Action, HiringNeed, build_roadmap
from .engine.scenarios import ChangeSpec, RoleRef, apply_changes
from .models import HeadcountTarget, MaturityTarget, RoleSetting, Scenario, ScenarioApplication, ScenarioChange
from .services.apply import stale_reason

DIMENSION_LABELS = {d.value: str(d.label) for d in Dimension}


# --- scenarios -------------------------------------------------------------------------------------------


def scenario_list(*, org: Organization) -> QuerySet[Scenario]:
    return (
        Scenario.objects.for_org(org)
        .select_related("created_by", "applied_by", "scored_run")
        .annotate(change_count=Count("changes"))
        .order_by("-updated_at", "-pk")
    )


def scenario_changes(*, scenario: Scenario) -> list[ScenarioChange]:
    """The changes in order, each with `.stale` (why it cannot apply as written, or None)."""
    changes = list(
        scenario.changes.select_related(
            "person", "to_person", "team", "to_team", "role", "responsibility", "opening__role", "opening__team"
        )
        .prefetch_related(Prefetch("people", queryset=Person.objects.only("pk", "name", "team_id")))
        .order_by("position", "pk")
    )
    for c in changes:
        c.stale = stale_reason(c)
    return changes


def _role_ref(role: RoleTemplate | None) -> RoleRef | None:
    if role is None:
        return None
    return RoleRef(role.slug, role.name, role.family, float(role.months_to_hire))


def scenario_specs(*, scenario: Scenario) -> list[ChangeSpec]:
    """The scenario's changes as plain values for `planning.engine.scenarios.apply_changes` (two queries)."""
    specs = []
    for c in (
        scenario.changes.select_related("role")
        .prefetch_related(Prefetch("people", queryset=Person.objects.only("pk")))
        .order_by("position", "pk")
    ):
        specs.append(
            ChangeSpec(
                id=c.pk,
                kind=c.kind,
                label=c.label,
                person_id=c.person_id,
                to_person_id=c.to_person_id,
                team_id=c.team_id,
                to_team_id=c.to_team_id,
                opening_id=c.opening_id,
                responsibility_id=c.responsibility_id,
                role=_role_ref(c.role),
                level=c.level,
                month=c.month,
                name=c.name,
                fte=float(c.fte) if c.fte is not None else None,
                person_ids=tuple(p.pk for p in c.people.all()),
            )
        )
    return specs


def scenario_applications(*, org: Organization) -> QuerySet[ScenarioApplication]:
    return ScenarioApplication.objects.for_org(org).select_related("applied_by", "scenario").order_by("-applied_at")


# --- comparison ------------------------------------------------------------------------------------------


def run_view(run: ScoringRun) -> dict:
    """A stored run as the plain dict `planning.engine.comparison.compare_runs` reads (two queries)."""
    dims = [
        {
            "dimension": d.dimension,
            "label": DIMENSION_LABELS.get(d.dimension, d.dimension),
            "level": d.level,
            "score": d.score,
        }
        for d in DimensionScore.objects.filter(run=run).order_by("dimension")
    ]
    order = {d.value: i for i, d in enumerate(SCORED_DIMENSIONS)}
    dims.sort(key=lambda d: order.get(d["dimension"], 99))
    findings = list(
        Finding.objects.filter(run=run)
        .order_by("rank", "pk")
        .values("kind", "severity", "title", "detail", "team_id", "evidence", "rank", "recommendation")
    )
    return {
        "id": run.pk,
        "scoring_version": run.scoring_version,
        "overall_level": run.overall_level,
        "overall_score": run.overall_score,
        "truck_factor": run.truck_factor,
        "archetype": run.archetype,
        "current_structure": run.current_structure,
        "recommended_structure": run.recommended_structure,
        "summary": run.summary or {},
        "dimensions": dims,
        "findings": findings,
        "finished_at": run.finished_at,
        "inputs_at": run.inputs_at,
    }


@dataclass
class Comparison:
    scenario: Scenario
    ready: bool
    result: dict | None = None
    today: dict | None = None
    scenario_run: dict | None = None
    stale: bool = False


def scenario_comparison(*, scenario: Scenario) -> Comparison:
    """The scenario's last scoring against today's, or `ready=False` while there is none."""
    runs = {
        r.pk: r
        for r in ScoringRun.objects.filter(
            pk__in=[p for p in (scenario.scored_run_id, scenario.baseline_run_id) if p], status=RunStatus.DONE
        )
    }
    scored, baseline = runs.get(scenario.scored_run_id), runs.get(scenario.baseline_run_id)
    if scored is None or baseline is None:
        return Comparison(scenario=scenario, ready=False)
    today, theirs = run_view(baseline), run_view(scored)
    org = scenario.organization
    stale = scenario.updated_at > scored.inputs_at or org.data_changed_at > baseline.inputs_at
    return Comparison(
        scenario=scenario,
        ready=True,
        result=compare_runs(today, theirs),
        today=today,
        scenario_run=theirs,
        stale=stale,
    )


# --- what if X leaves? -----------------------------------------------------------------------------------

INPUTS_CACHE_SECONDS = 600


def org_data_inputs(*, org: Organization) -> ScoringInputs:
    """The org's data (no questionnaire) as scoring inputs, cached until the data changes.

    The key holds `data_changed_at`, so any edit (noted by the org signals) makes a fresh load.
    """
    from scoring.loader import load_inputs

    key = f"planning:inputs:{org.pk}:{org.data_changed_at.timestamp()}"
    inputs = cache.get(key)
    if inputs is None:
        inputs = load_inputs(org=org).inputs
        cache.set(key, inputs, INPUTS_CACHE_SECONDS)
    return inputs


def what_if_leaves(*, org: Organization, person: Person) -> dict:
    """`planning.engine.whatif.departure_report` for one person of `org`."""
    from .engine.whatif import departure_report

    try:
        return departure_report(org_data_inputs(org=org), person.pk)
    except KeyError:
        # The person is newer than the cached data (an edit raced this request): load the data afresh.
        org.refresh_from_db(fields=["data_changed_at"])
        return departure_report(org_data_inputs(org=org), person.pk)


# --- hire times and the forecast -------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleEstimate:
    """A role as planning sees it for one organisation: catalog values with the org's own overrides."""

    id: int
    slug: str
    name: str
    family: str
    months_to_hire: float
    hire_time_spread: float
    annual_cost: float
    catalog_months: float
    catalog_spread: float
    catalog_cost: float
    overridden: bool


def role_estimates(*, org: Organization) -> dict[str, RoleEstimate]:
    """Every catalog role by slug, with the org's overrides applied (two queries)."""
    own = {s.role_id: s for s in RoleSetting.objects.for_org(org)}
    out = {}
    for r in RoleTemplate.objects.order_by("name"):
        s = own.get(r.pk)
        months = float(s.months_to_hire) if s and s.months_to_hire is not None else float(r.months_to_hire)
        spread = float(s.hire_time_spread) if s and s.hire_time_spread is not None else float(r.hire_time_spread)
        cost = float(s.annual_cost) if s and s.annual_cost is not None else float(r.annual_cost)
        out[r.slug] = RoleEstimate(
            r.pk,
            r.slug,
            r.name,
            r.family,
            months,
            spread,
            cost,
            float(r.months_to_hire),
            float(r.hire_time_spread),
            float(r.annual_cost),
            s is not None,
        )
    return out


def filled_durations(*, org: Organization) -> dict[str, list[float]]:
    """Months from opened to filled of the org's filled openings, by role slug (one query)."""
    out: dict[str, list[float]] = defaultdict(list)
    rows = Opening.objects.for_org(org).filter(status=OpeningStatus.FILLED, filled_on__isnull=False)
    for slug, opened, filled in rows.values_list("role__slug", "opened_on", "filled_on"):
        out[slug].append((filled - opened).days / MONTH_DAYS)
    return dict(out)


def org_hire_times(*, org: Organization, roles: dict[str, RoleEstimate] | None = None) -> dict[str, HireTime]:
    """The calibrated time-to-hire distribution of every role for `org`."""
    roles = roles if roles is not None else role_estimates(org=org)
    observed = filled_durations(org=org)
    return {
        slug: hire_time(
            role=slug,
            prior_median=r.months_to_hire,
            prior_sigma=r.hire_time_spread,
            observed_months=observed.get(slug, ()),
        )
        for slug, r in roles.items()
    }


def org_frames(*, org: Organization, as_of: date) -> ScoringInputs:
    """Teams, people and openings only (three queries): what the forecast and targets need."""
    teams = pd.DataFrame.from_records(
        list(Team.objects.for_org(org).values_list("id", "name", "parent_id", "kind", "pillar", "lead_id")),
        columns=["id", "name", "parent_id", "kind", "pillar", "lead_id"],
    )
    people = pd.DataFrame.from_records(
        list(
            Person.objects.for_org(org).values_list(
                "id", "name", "team_id", "role__slug", "role__name", "role__family", "fte", "manager_id"
            )
        ),
        columns=["id", "name", "team_id", "role_slug", "role_name", "family", "fte", "manager_id"],
    )
    people["fte"] = people["fte"].astype(float)
    openings = pd.DataFrame.from_records(
        list(
            Opening.objects.for_org(org).values_list(
                "id", "role__slug", "role__name", "team_id", "opened_on", "status", "role__months_to_hire"
            )
        ),
        columns=["id", "role_slug", "role_name", "team_id", "opened_on", "status", "months_to_hire"],
    )
    openings["months_to_hire"] = openings["months_to_hire"].astype(float)
    return ScoringInputs.build(
        org=OrgInfo(id=org.pk, name=org.name, slug=org.slug), teams=teams, people=people, openings=openings, as_of=as_of
    )


def headcount_targets(*, org: Organization) -> list[HeadcountTarget]:
    return list(
        HeadcountTarget.objects.for_org(org).select_related("team", "role").order_by("team__name", "role__name")
    )


@dataclass
class ForecastView:
    forecast: Forecast
    as_of: date
    by_date: date
    months: list[date]
    roles: dict[str, RoleEstimate]
    hire_times: dict[str, HireTime]
    targets: list[HeadcountTarget]
    team_names: dict[int, str]
    notes: list[str]
    scenario: Scenario | None


def org_forecast(
    *,
    org: Organization,
    scenario: Scenario | None = None,
    by_date: date | None = None,
    as_of: date | None = None,
    draws: int = 10_000,
    seed: int | None = None,
) -> ForecastView:
    """The hiring and capacity forecast of `org` today, or as `scenario` changes it."""
    from .engine.forecast import DEFAULT_SEED

    as_of = as_of or timezone.localdate()
    by_date = by_date or add_months(as_of, 12)
    inputs = org_frames(org=org, as_of=as_of)
    events, notes = [], []
    if scenario is not None:
        outcome = apply_changes(inputs, scenario_specs(scenario=scenario), as_of=as_of)
        inputs, events, notes = outcome.inputs, outcome.events, outcome.notes
    roles = role_estimates(org=org)
    times = org_hire_times(org=org, roles=roles)
    targets = headcount_targets(org=org)
    team_names = dict(zip(inputs.teams["id"].tolist(), inputs.teams["name"].tolist(), strict=True))
    team_parents = {
        int(t): (None if pd.isna(p) else int(p))
        for t, p in zip(inputs.teams["id"].tolist(), inputs.teams["parent_id"].tolist(), strict=True)
    }
    forecast = forecast_org(
        people=inputs.people,
        openings=inputs.openings,
        team_names=team_names,
        role_family={slug: r.family for slug, r in roles.items()},
        hire_times=times,
        targets=[TargetRow(f"t{t.pk}", t.team_id, t.role.slug, t.headcount) for t in targets],
        events=events,
        as_of=as_of,
        by_date=by_date,
        draws=draws,
        seed=DEFAULT_SEED if seed is None else seed,
        team_parents=team_parents,
    )
    months = [add_months(as_of, m) for m in range(forecast.horizon + 1)]
    return ForecastView(forecast, as_of, by_date, months, roles, times, targets, team_names, notes, scenario)


# --- targets and gaps ------------------------------------------------------------------------------------


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
    from .engine.forecast_inputs import team_ancestors

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


# --- roadmap ---------------------------------------------------------------------------------------------


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


def change_kinds() -> list[tuple[str, str]]:
    return list(ChangeKind.choices)
