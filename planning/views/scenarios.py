"""Scenario pages: list, create, edit, copy, delete, changes (htmx), scoring, comparison, apply."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import charts
from orgs.decorators import org_view
from teamplanner.exceptions import ApplicationError

from .. import selectors, services
from ..choices import ChangeKind, ScenarioScoringStatus
from ..forms import (
    ChangeForm,
    ScenarioForm,
)
from .helpers import ADMIN, chart, show_error, url_scenario

# --- overview and scenarios ------------------------------------------------------------------------------


@require_GET
@org_view()
def index(request):
    access = request.org_access
    return render(
        request,
        "planning/index.html",
        {
            "scenarios": selectors.scenario_list(org=access.org),
            "applications": selectors.scenario_applications(org=access.org)[:20],
            "form": ScenarioForm(),
            "can_create": services.can_create_scenarios(access),
            "tab": "scenarios",
        },
    )


@require_POST
@org_view()
def scenario_create(request):
    access = request.org_access
    form = ScenarioForm(request.POST)
    if form.is_valid():
        try:
            scenario = services.scenario_create(access=access, **form.cleaned_data)
        except ApplicationError as exc:
            for field, errors in exc.extra.items():
                for e in errors:
                    form.add_error(field if field in form.fields else None, e)
            form.add_error(None, exc.message)
        else:
            messages.success(request, f'Scenario "{scenario.name}" created. Add the changes it makes.')
            return redirect("planning:scenario", org_slug=access.org.slug, pk=scenario.pk)
    return render(
        request,
        "planning/index.html",
        {
            "scenarios": selectors.scenario_list(org=access.org),
            "applications": selectors.scenario_applications(org=access.org)[:20],
            "form": form,
            "can_create": services.can_create_scenarios(access),
            "tab": "scenarios",
        },
        status=400,
    )


def _detail_context(request, scenario, form=None, change_form=None):
    access = request.org_access
    changes = selectors.scenario_changes(scenario=scenario)
    return {
        "scenario": scenario,
        "changes": changes,
        "stale": [c for c in changes if c.stale],
        "kinds": ChangeKind.choices,
        "can_edit": services.can_edit_scenario(access, scenario),
        "can_create": services.can_create_scenarios(access),
        "can_apply": access.is_admin and not scenario.is_applied,
        "form": form or ScenarioForm(initial={"name": scenario.name, "description": scenario.description}),
        "change_form": change_form,
        "tab": "scenarios",
    }


@require_GET
@org_view()
def scenario_detail(request, pk):
    scenario = url_scenario(request, pk)
    return render(request, "planning/scenario_detail.html", _detail_context(request, scenario))


@require_POST
@org_view()
def scenario_edit(request, pk):
    scenario = url_scenario(request, pk)
    form = ScenarioForm(request.POST)
    if form.is_valid():
        try:
            services.scenario_update(access=request.org_access, scenario=scenario, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Saved.")
            return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=scenario.pk)
    scenario.refresh_from_db()
    return render(request, "planning/scenario_detail.html", _detail_context(request, scenario, form=form), status=400)


@require_POST
@org_view()
def scenario_copy(request, pk):
    scenario = url_scenario(request, pk)
    try:
        copy = services.scenario_copy(access=request.org_access, scenario=scenario)
    except ApplicationError as exc:
        show_error(request, exc)
        return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=scenario.pk)
    messages.success(request, f'Copied to "{copy.name}".')
    return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=copy.pk)


@require_http_methods(["GET", "POST"])
@org_view()
def scenario_delete(request, pk):
    scenario = url_scenario(request, pk)
    if request.method == "POST":
        try:
            services.scenario_delete(access=request.org_access, scenario=scenario)
        except ApplicationError as exc:
            show_error(request, exc)
            return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=scenario.pk)
        messages.success(request, f'Scenario "{scenario.name}" deleted.')
        return redirect("planning:index", org_slug=request.org_access.org.slug)
    return render(request, "planning/scenario_delete.html", {"scenario": scenario, "tab": "scenarios"})


def _change_form(request, scenario, kind: str, *, data=None, initial=None) -> ChangeForm:
    """The form of one kind of change; it asks itself again (htmx) when a team is picked."""
    org = request.org_access.org
    refresh_url = reverse("planning:change_form", kwargs={"org_slug": org.slug, "pk": scenario.pk})
    return ChangeForm(data, initial=initial, org=org, kind=kind, refresh_url=refresh_url)


def _change_form_response(request, scenario, form, *, status=200):
    return render(
        request,
        "planning/partials/change_form.html",
        {"scenario": scenario, "change_form": form, "kind_label": ChangeKind(form.kind).label},
        status=status,
    )


@require_GET
@org_view()
def change_form(request, pk):
    """The form for one kind of change (htmx); re-rendered when a team is picked to list its people."""
    scenario = url_scenario(request, pk)
    kind = request.GET.get("kind", "")
    if kind not in ChangeKind.values:
        raise Http404("No such kind of change.")
    # Re-rendered for a picked team: keep what was entered, but it is not a submission yet.
    initial = request.GET.dict() if request.GET.get("refresh") else None
    form = _change_form(request, scenario, kind, initial=initial)
    if not request.htmx:
        return render(request, "planning/scenario_detail.html", _detail_context(request, scenario, change_form=form))
    return _change_form_response(request, scenario, form)


@require_POST
@org_view()
def change_add(request, pk):
    scenario = url_scenario(request, pk)
    kind = request.POST.get("kind", "")
    if kind not in ChangeKind.values:
        raise ApplicationError("Choose what kind of change to add.")
    form = _change_form(request, scenario, kind, data=request.POST)
    if form.is_valid():
        try:
            change = services.scenario_change_add(
                access=request.org_access, scenario=scenario, kind=kind, **form.change_data()
            )
        except ApplicationError as exc:
            for field, errors in exc.extra.items():
                if field in form.fields:
                    for e in errors:
                        form.add_error(field, e)
            form.add_error(None, exc.message)
        else:
            if request.htmx:
                response = render(
                    request,
                    "planning/partials/changes.html",
                    {**_detail_context(request, scenario), "added": change},
                )
                response["HX-Retarget"] = "#changes"
                response["HX-Reswap"] = "outerHTML"
                return response
            messages.success(request, f"Added: {change.label}.")
            return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=scenario.pk)
    if request.htmx:
        return _change_form_response(request, scenario, form)
    return render(
        request, "planning/scenario_detail.html", _detail_context(request, scenario, change_form=form), status=400
    )


@require_POST
@org_view()
def change_remove(request, pk):
    scenario = url_scenario(request, pk)
    try:
        services.scenario_change_remove(
            access=request.org_access, scenario=scenario, change_id=request.POST.get("change")
        )
    except ApplicationError as exc:
        if exc.status_code == 404:
            raise Http404(exc.message)
        show_error(request, exc)
    if request.htmx:
        return render(request, "planning/partials/changes.html", _detail_context(request, scenario))
    return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=scenario.pk)


@require_POST
@org_view()
def scenario_score(request, pk):
    scenario = url_scenario(request, pk)
    try:
        services.scenario_score_request(access=request.org_access, scenario=scenario)
    except ApplicationError as exc:
        show_error(request, exc)
        return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=scenario.pk)
    return redirect("planning:compare", org_slug=request.org_access.org.slug, pk=scenario.pk)


WITHOUT_SCENARIO = "Today, without the scenario"


def _num(value) -> str:
    return "—" if value is None else f"{value:g}"


def _timeline_context(timeline: dict | None) -> dict | None:
    """The stored timeline as a chart (with its data table) and the rows of the page's table."""
    if not timeline:
        return None
    steps, figures = timeline["steps"], timeline["figures"]
    labels = [s["label"] + (" · end" if s["end"] and len(steps) > 1 else "") for s in steps]
    columns = [f["label"] for f in figures]
    rows = [
        {
            "label": label,
            "step": s,
            "values": [_num(s.get(f["key"])) for f in figures],
        }
        for label, s in zip(labels, steps, strict=True)
    ]
    baseline = timeline.get("baseline")
    real = [_num(baseline.get(f["key"])) for f in figures] if baseline else []
    # Changes that take effect today: the real data is the chart's first point.
    series = [{**f, "values": [baseline.get(f["key"]), *f["values"]]} for f in figures] if baseline else figures
    return {
        "chart": chart(
            "timeline",
            "Key figures along the scenario",
            charts.scenario_timeline_chart([WITHOUT_SCENARIO, *labels] if baseline else labels, series),
            ["When", *columns],
            ([(WITHOUT_SCENARIO, *real)] if real else []) + [(r["label"], *r["values"]) for r in rows],
        ),
        "columns": columns,
        "rows": rows,
        "baseline": real,
        "without_label": WITHOUT_SCENARIO,
        "maturity_varies": timeline.get("maturity_varies"),
        "maturity_level": steps[0].get("maturity_level"),
    }


def _compare_context(request, scenario):
    comparison = selectors.scenario_comparison(scenario=scenario)
    context = {
        "scenario": scenario,
        "comparison": comparison,
        "changes": selectors.scenario_changes(scenario=scenario),
        "can_score": services.can_create_scenarios(request.org_access) and not scenario.is_applied,
        "waiting": scenario.scoring_status == ScenarioScoringStatus.QUEUED,
        "tab": "scenarios",
        "timeline": _timeline_context(comparison.timeline),
    }
    if comparison.ready:
        r = comparison.result
        dims = [d for d in r["dimensions"] if d["today"] is not None or d["scenario"] is not None]
        context["charts"] = [
            chart(
                "levels",
                "Maturity level per dimension",
                charts.comparison_levels_chart(dims),
                ["Dimension", "Today", "Scenario"],
                [(d["label"], d["today"] or "—", d["scenario"] or "—") for d in dims],
                empty="" if dims else "No maturity levels: the organisation has no scored assessment yet.",
            ),
            chart(
                "families",
                "Builders and productionisers (FTE)",
                charts.comparison_families_chart(r["deployment"]["today"], r["deployment"]["scenario"]),
                ["Family", "Today", "Scenario"],
                [
                    (
                        "Model builders",
                        r["deployment"]["today"].get("builder_fte"),
                        r["deployment"]["scenario"].get("builder_fte"),
                    ),
                    (
                        "Productionisers",
                        r["deployment"]["today"].get("productioniser_fte"),
                        r["deployment"]["scenario"].get("productioniser_fte"),
                    ),
                ],
            ),
        ]
    return context


@require_GET
@org_view()
def scenario_compare(request, pk):
    scenario = url_scenario(request, pk)
    context = _compare_context(request, scenario)
    if request.htmx and request.GET.get("poll"):
        return render(request, "planning/partials/compare_body.html", context)
    return render(request, "planning/compare.html", context)


@require_http_methods(["GET", "POST"])
@org_view(roles=ADMIN, refusal=services.ONLY_ADMINS_APPLY)
def scenario_apply(request, pk):
    scenario = url_scenario(request, pk)
    if request.method == "POST":
        try:
            application = services.scenario_apply(access=request.org_access, scenario=scenario)
        except ApplicationError as exc:
            problems = exc.extra.get("changes", [])
            return render(
                request,
                "planning/scenario_apply.html",
                {
                    "scenario": scenario,
                    "changes": selectors.scenario_changes(scenario=scenario),
                    "error": exc.message,
                    "problems": problems,
                    "tab": "scenarios",
                },
                status=exc.status_code if exc.status_code != 403 else 400,
            )
        messages.success(
            request, f'"{scenario.name}" was applied to the real data: {len(application.log)} changes carried out.'
        )
        return redirect("planning:scenario", org_slug=request.org_access.org.slug, pk=scenario.pk)
    return render(
        request,
        "planning/scenario_apply.html",
        {"scenario": scenario, "changes": selectors.scenario_changes(scenario=scenario), "tab": "scenarios"},
    )
