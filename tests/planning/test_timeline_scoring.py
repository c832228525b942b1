"""A dated scenario scored along its timeline: stored with its run, shown on the comparison page and in the API."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from orgs.models import Assignment
from planning import services
from planning.engine import timeline as timeline_engine
from planning.engine.forecast_inputs import add_months
from planning.selectors import scenario_specs
from scoring.models import ScoringRun
from scoring.selectors import load_inputs
from teamplanner.tokens import token_issue
from tests.orgs.factories import MLSystemFactory, responsibility, role

pytestmark = pytest.mark.django_db


def month(n: int):
    return add_months(timezone.localdate().replace(day=1), n)


@pytest.fixture
def dated(small_org, access_for, django_capture_on_commit_callbacks):
    """small_org plus Ranking (owned by Sam, deployed by Ola): four production systems. Priya alone owns and
    deploys Credit's deployment side and Fraud; Ola alone runs Search and deploys Ranking.

    The scenario: Ola leaves in 3 months, an ML engineer joins Platform in 6 months. Worked out by hand:

    - today: no single departure orphans more than two of four (not more than half): truck factor 2
      (Priya, then Ola); nothing orphaned; builders Sam and Kim, 2 FTE, per productionisers Priya and Ola,
      2 FTE: 1.0;
    - in 3 months Search and Ranking have nobody to run them (2 orphaned), so losing Priya alone stops
      all four: truck factor 1; 2 builder FTE per 1 productioniser FTE: 2.0;
    - in 6 months (the end) the hire makes it 2 / 2 = 1.0 again; the new engineer runs no system yet.
    """
    o = small_org
    MLSystemFactory(team=o["platform"], name="Ranking", owners=[o["sam"]], deployers=[o["ola"]])
    admin = access_for(o["org"], "admin")
    scenario = services.scenario_create(access=admin, name="Ola leaves, a hire lands")
    add = services.scenario_change_add
    add(access=admin, scenario=scenario, kind="join", team=o["platform"], role=role("ml-engineer"), month=month(6))
    add(access=admin, scenario=scenario, kind="leave", person=o["ola"], month=month(3))
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_score_request(access=admin, scenario=scenario)
    scenario.refresh_from_db()
    return {**o, "scenario": scenario, "admin": admin}


def test_the_scenario_is_scored_today_at_each_dated_step_and_at_the_end(dated):
    scenario = dated["scenario"]
    tl = scenario.timeline
    assert tl["run"] == scenario.scored_run_id
    steps = tl["steps"]
    assert [s["key"] for s in steps] == ["today", month(3).strftime("%Y-%m"), month(6).strftime("%Y-%m")]
    assert [s["months_from_now"] for s in steps] == [0, 3, 6]
    assert [s["truck_factor"] for s in steps] == [2, 1, 1]
    assert [s["orphaned_system_names"] for s in steps] == [[], ["Ranking", "Search"], ["Ranking", "Search"]]
    assert [s["builders_per_productioniser"] for s in steps] == [1.0, 2.0, 1.0]
    assert [s["end"] for s in steps] == [False, False, True]
    assert tl["baseline"] is None
    # the scenario's run scores the end of the timeline; today's run the real data (the first step)
    assert ScoringRun.objects.get(pk=scenario.scored_run_id).truck_factor == steps[-1]["truck_factor"] == 1
    assert ScoringRun.objects.get(pk=scenario.baseline_run_id).truck_factor == steps[0]["truck_factor"] == 2


def test_the_api_comparison_gives_the_timeline_and_documents_it(dated, make_member):
    org, scenario = dated["org"], dated["scenario"]
    key = token_issue(user=make_member(org, "viewer"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = api.get(f"/api/v1/orgs/{org.slug}/scenarios/{scenario.pk}/comparison/").json()
    tl = body["timeline"]
    assert tl["scoring_run"] == body["scenario_run"] == scenario.scored_run_id
    assert tl["as_of"] == timezone.localdate().isoformat()
    assert [s["label"] for s in tl["steps"]][0] == "Today"
    assert [s["changes"] for s in tl["steps"]] == [
        [],
        [scenario.changes.get(kind="leave").label],
        [scenario.changes.get(kind="join").label],
    ]
    figures = {f["key"]: f for f in tl["figures"]}
    assert figures["truck_factor"]["values"] == [2, 1, 1]
    assert json.dumps(figures["truck_factor"]["values"]) == "[2, 1, 1]"  # counts stay integers
    assert (figures["orphaned_systems"]["start"], figures["orphaned_systems"]["end"]) == (0, 2)
    assert figures["orphaned_systems"]["verdict"] == "worse"
    assert "maturity_level" not in figures

    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    comparison = schema["components"]["schemas"]["Comparison"]["properties"]
    assert "timeline" in comparison
    step = schema["components"]["schemas"]["TimelineStep"]["properties"]
    assert {"truck_factor", "orphaned_systems", "builders_per_productioniser", "maturity_level", "month"} <= set(step)
    assert step["truck_factor"]["type"] == "integer"


def test_the_comparison_page_shows_the_timeline_table_and_chart_without_scoring_again(
    dated, client, make_member, monkeypatch
):
    org, scenario = dated["org"], dated["scenario"]

    def no_scoring(*args, **kwargs):
        raise AssertionError("the page must read the stored timeline, not score again")

    monkeypatch.setattr(timeline_engine, "score_org", no_scoring)
    client.force_login(make_member(org, "viewer"))
    body = client.get(reverse("planning:compare", kwargs={"org_slug": org.slug, "pk": scenario.pk})).content.decode()
    table = body[body.index('id="timeline-table"') :].split("</table>")[0]
    rows = {
        key: table[table.index(f'data-step="{key}"') :].split("</tr>")[0]
        for key in ("today", month(3).strftime("%Y-%m"))
    }
    cells = lambda row: [c.split("<")[0] for c in row.split('<td class="text-end">')[1:]]  # noqa: E731
    assert cells(rows["today"]) == ["2", "0", "1"]
    assert cells(rows[month(3).strftime("%Y-%m")]) == ["1", "2", "2"]
    assert "Orphaned: Ranking, Search" in table
    assert 'id="fig-timeline"' in body and "Key figures along the scenario" in body
    assert "count as done" not in body


def test_a_comparison_scored_before_timelines_were_kept_asks_for_a_new_scoring(dated, client, make_member):
    org, scenario = dated["org"], dated["scenario"]
    type(scenario).objects.filter(pk=scenario.pk).update(timeline={})
    client.force_login(make_member(org, "viewer"))
    body = client.get(reverse("planning:compare", kwargs={"org_slug": org.slug, "pk": scenario.pk})).content.decode()
    assert 'id="timeline-missing"' in body and 'id="timeline-table"' not in body


def test_applying_follows_the_same_time_order_as_the_scoring(small_org, access_for):
    """Priya leaves in 3 months (first in the scenario); handing her deployment duty to Ola, undated, comes
    second but happens today, before she leaves: the scoring and applying both carry it out."""
    o = small_org
    admin = access_for(o["org"], "admin")
    scenario = services.scenario_create(access=admin, name="Handover")
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=o["priya"], month=month(3))
    services.scenario_change_add(
        access=admin,
        scenario=scenario,
        kind="reassign",
        responsibility=responsibility("model-deployment"),
        person=o["priya"],
        to_person=o["ola"],
        level="owner",
    )
    timeline, _ = timeline_engine.scenario_timeline(load_inputs(org=o["org"]).inputs, scenario_specs(scenario=scenario))
    assert [s["notes"] for s in timeline["steps"]] == [[], []]
    application = services.scenario_apply(access=admin, scenario=scenario)
    assert [row["change"] for row in application.log] == [c.label for c in scenario.changes.order_by("-position")]
    holders = Assignment.objects.filter(responsibility=responsibility("model-deployment"))
    assert sorted(holders.values_list("person__name", "level")) == [("Ola Berg", "owner")]
