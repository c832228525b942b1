"""Targets, the organisation's role estimates and the roadmap."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

import charts
from orgs.decorators import org_view
from orgs.models import Team
from teamplanner.exceptions import ApplicationError

from .. import selectors, services
from ..engine.hire_times import MIN_OBSERVED, PRIOR_WEIGHT
from ..engine.roadmap import DEFAULT_EFFORT_PER_QUARTER
from ..forms import (
    HeadcountTargetForm,
    MaturityTargetForm,
    RoadmapForm,
    RoleSettingForm,
)
from ..models import HeadcountTarget
from .helpers import chart, show_error

# --- targets ---------------------------------------------------------------------------------------------


def _editable_teams(access):
    teams = Team.objects.for_org(access.org).order_by("name")
    if access.is_admin:
        return teams
    return teams.filter(pk__in=access.led_team_ids())


@require_http_methods(["GET", "POST"])
@org_view()
def targets(request):
    access = request.org_access
    teams = _editable_teams(access)
    headcount_form = HeadcountTargetForm(teams=teams, prefix="hc")
    maturity_form = MaturityTargetForm(teams=teams, prefix="mt")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "headcount":
                headcount_form = HeadcountTargetForm(request.POST, teams=teams, prefix="hc")
                if headcount_form.is_valid():
                    target = services.headcount_target_set(access=access, **headcount_form.cleaned_data)
                    messages.success(request, f"Target saved: {target}.")
                    return redirect("planning:targets", org_slug=access.org.slug)
            elif action == "maturity":
                maturity_form = MaturityTargetForm(request.POST, teams=teams, prefix="mt")
                if maturity_form.is_valid():
                    services.maturity_target_set(access=access, **maturity_form.cleaned_data)
                    messages.success(request, "Maturity target saved.")
                    return redirect("planning:targets", org_slug=access.org.slug)
            elif action in ("delete_headcount", "delete_maturity"):
                services.target_delete(
                    access=access, kind=action.removeprefix("delete_"), target_id=request.POST.get("target")
                )
                messages.success(request, "Target removed.")
                return redirect("planning:targets", org_slug=access.org.slug)
            else:
                raise ApplicationError("Unknown action.")
        except ApplicationError as exc:
            if exc.status_code == 404:
                raise Http404(exc.message)
            show_error(request, exc)
        status = 400
    gaps = selectors.target_gaps(org=access.org)
    editable = {t.pk for t in teams} if not access.is_admin else None
    for row in gaps["headcount"] + gaps["maturity"]:
        team = row["team"]
        row["can_edit"] = access.is_admin if team is None else (editable is None or team.pk in editable)
    return render(
        request,
        "planning/targets.html",
        {
            "gaps": gaps,
            "headcount_form": headcount_form,
            "maturity_form": maturity_form,
            "can_set": access.is_admin or bool(access.is_lead and teams.exists()),
            "tab": "targets",
        },
        status=status,
    )


# --- role estimates --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_view()
def roles(request):
    access = request.org_access
    status = 200
    if request.method == "POST":
        if not access.is_admin:
            raise Http404("Not found.")
        form = RoleSettingForm(request.POST)
        if form.is_valid():
            try:
                services.role_setting_set(access=access, **form.cleaned_data)
            except ApplicationError as exc:
                show_error(request, exc)
                status = 400
            else:
                messages.success(request, f"Saved the estimates for {form.cleaned_data['role'].name}.")
                return redirect("planning:roles", org_slug=access.org.slug)
        else:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
            status = 400
    estimates = selectors.role_estimates(org=access.org)
    times = selectors.org_hire_times(org=access.org, roles=estimates)
    rows = [{"role": r, "time": times[r.slug]} for r in estimates.values()]
    return render(
        request,
        "planning/roles.html",
        {
            "rows": rows,
            "is_admin": access.is_admin,
            "min_observed": MIN_OBSERVED,
            "prior_weight": int(PRIOR_WEIGHT),
            "tab": "roles",
        },
        status=status,
    )


# --- roadmap ---------------------------------------------------------------------------------------------


@require_GET
@org_view()
def roadmap(request):
    access = request.org_access
    form = RoadmapForm(request.GET or None)
    effort = DEFAULT_EFFORT_PER_QUARTER
    if form.is_bound and form.is_valid() and form.cleaned_data.get("effort"):
        effort = form.cleaned_data["effort"]
    data = selectors.org_roadmap(org=access.org, effort_per_quarter=effort)
    phases = list(data["phases"])
    cost_chart = chart(
        "cost",
        "Cost of the planned hires",
        charts.roadmap_cost_chart(phases),
        ["Quarter", "Positions opened", "Yearly cost opened", "Yearly run rate"],
        [(p.label, sum(h["positions"] for h in p.hires), f"{p.hire_cost:,.0f}", f"{p.run_rate:,.0f}") for p in phases],
        empty=""
        if data["totals"]["positions"] or data["totals"]["open_cost"]
        else "No planned hires: set headcount targets to see what they cost.",
    )
    return render(
        request,
        "planning/roadmap.html",
        {
            "data": data,
            "form": form,
            "effort": effort,
            "charts": [cost_chart],
            "tab": "roadmap",
            "headcount_targets": HeadcountTarget.objects.for_org(access.org).exists(),
        },
    )
