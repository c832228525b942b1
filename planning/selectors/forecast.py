"""Hire times of the organisation's roles and its hiring and capacity forecast."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.utils import timezone

from orgs.choices import OpeningStatus
from orgs.models import Opening, Organization
from roles.models import RoleTemplate

from ..engine.forecast import DEFAULT_SEED, Forecast
from ..engine.forecast_inputs import TargetRow, add_months, forecast_org
from ..engine.hire_times import MONTH_DAYS, HireTime, hire_time
from ..engine.scenarios import apply_changes
from ..models import HeadcountTarget, RoleSetting, Scenario
from .inputs import org_frames
from .scenarios import scenario_specs


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
