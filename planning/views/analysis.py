""" "What if X leaves?" and the hiring and capacity forecast."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

import charts
from orgs.decorators import org_view
from orgs.models import Person, Team
from orgs.tenancy import get_scoped_object
from vocabulary.families import FAMILIES, FAMILY_LABELS

from .. import selectors
from ..engine.hire_times import MIN_OBSERVED, MONTH_DAYS, PRIOR_WEIGHT
from ..forms import (
    ForecastForm,
)
from .helpers import chart, pct

# --- what if X leaves? -----------------------------------------------------------------------------------


@require_GET
@org_view()
def what_if(request):
    """Pick a person (team by team) to see what their departure would do."""
    org = request.org_access.org
    teams = list(Team.objects.for_org(org).order_by("name").only("pk", "name"))
    try:
        team_id = int(request.GET.get("team") or 0)
    except ValueError:
        team_id = 0
    team = next((t for t in teams if t.pk == team_id), None)
    people = list(Person.objects.for_org(org).filter(team=team).select_related("role").order_by("name")) if team else []
    return render(
        request,
        "planning/what_if.html",
        {"teams": teams, "team": team, "people": people, "tab": "what_if"},
    )


@require_GET
@org_view()
def what_if_person(request, person_id):
    org = request.org_access.org
    person = get_scoped_object(
        Person.objects.select_related("team", "role"), request.user, pk=person_id, organization=org
    )
    report = selectors.what_if_leaves(org=org, person=person)
    context = {"person": person, "report": report, "tab": "what_if"}
    if request.htmx:
        return render(request, "planning/partials/what_if_result.html", context)
    return render(request, "planning/what_if_person.html", context)


# --- forecast --------------------------------------------------------------------------------------------


def _capacity_chart(view) -> dict:
    f = view.forecast
    families = [fam for fam in FAMILIES if fam in f.capacity]
    rows = [
        (
            m.isoformat(),
            *(
                f"{f.capacity[fam]['p50'][i]:g} ({f.capacity[fam]['p10'][i]:g}-{f.capacity[fam]['p90'][i]:g})"
                for fam in families
            ),
        )
        for i, m in enumerate(view.months)
    ]
    return chart(
        "capacity",
        "Capacity by role family",
        charts.capacity_chart(view.months, f.capacity, families=families),
        ["Month", *(FAMILY_LABELS[fam] + " median (10-90%)" for fam in families)],
        rows,
        empty="" if families else "Nobody is in the organisation yet, and nothing is open.",
    )


def _openings_chart(openings: list[dict], today) -> dict:
    def month_date(months: float):
        return today + timedelta(days=round(months * MONTH_DAYS))

    rows = [
        (
            o["label"],
            f"{o['months_open']:.1f}",
            month_date(o["p10"]).isoformat(),
            month_date(o["p50"]).isoformat(),
            month_date(o["p90"]).isoformat(),
            pct(o["within_horizon"]),
        )
        for o in openings
    ]
    return chart(
        "openings",
        "When each opening is filled",
        charts.openings_chart(openings, as_of=today, month_dates=month_date),
        ["Opening", "Open for (months)", "10%", "Median", "90%", "Filled within 24 months"],
        rows,
        empty="" if openings else "No open positions.",
        note=f"The chart shows the {min(len(openings), 40)} soonest; the table has all {len(openings)}."
        if len(openings) > 40
        else "",
    )


def _targets_chart(view) -> dict:
    team_rows = [
        {
            "name": view.team_names.get(team_id, "Whole organisation") if team_id else "Whole organisation",
            "probability": p,
        }
        for team_id, p in view.forecast.teams.items()
    ]
    return chart(
        "targets",
        "Chance of reaching the headcount targets",
        charts.team_probability_chart(team_rows, by_date=view.by_date),
        ["Team", "Probability"],
        [(r["name"], pct(r["probability"])) for r in sorted(team_rows, key=lambda r: r["name"])],
        empty="" if team_rows else "No headcount targets yet: set them on the Targets page.",
    )


def _goal_rows(view) -> list[dict]:
    targets = {f"t{t.pk}": t for t in view.targets}
    rows = []
    for g in view.forecast.goals:
        t = targets.get(g["key"])
        rows.append(
            {
                **g,
                "target_obj": t,
                "team_name": t.team.name if t and t.team else "Whole organisation",
                "role_name": t.role.name if t else g["role"],
            }
        )
    return rows


def _hire_rows(view) -> list[dict]:
    roles_used = sorted({o["role"] for o in view.forecast.openings})
    return [
        {
            "role": view.roles[slug],
            "time": view.hire_times[slug],
            "p10": view.hire_times[slug].quantile(0.1),
            "p90": view.hire_times[slug].quantile(0.9),
        }
        for slug in roles_used
        if slug in view.roles
    ]


@require_GET
@org_view()
def forecast(request):
    org = request.org_access.org
    today = timezone.localdate()
    form = ForecastForm(request.GET or None, org=org, today=today)
    scenario, by = None, None
    if form.is_bound and form.is_valid():
        scenario, by = form.cleaned_data.get("scenario"), form.cleaned_data.get("by")
    view = selectors.org_forecast(org=org, scenario=scenario, by_date=by, as_of=today)
    openings = sorted(view.forecast.openings, key=lambda r: r["p50"])
    context = {
        "form": form,
        "view": view,
        "forecast": view.forecast,
        "openings": openings,
        "goals": _goal_rows(view),
        "hire_rows": _hire_rows(view),
        "min_observed": MIN_OBSERVED,
        "prior_weight": int(PRIOR_WEIGHT),
        "tab": "forecast",
        "charts": [_capacity_chart(view), _openings_chart(openings, today), _targets_chart(view)],
    }
    return render(request, "planning/forecast.html", context)
