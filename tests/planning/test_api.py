"""The planning API: same rules as the pages, JSON errors, other organisations never visible."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from orgs.models import Person, Team
from planning.models import HeadcountTarget, MaturityTarget, Scenario, ScenarioChange
from teamplanner.tokens import token_issue
from tests.orgs.factories import PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_member(make_member):
    """as_member(org, role, teams=()) -> an API client with the token of a new member with that role."""

    def make(org, member_role, teams=()):
        key = token_issue(user=make_member(org, member_role, teams=teams))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


def base(org):
    return f"/api/v1/orgs/{org.slug}"


def test_scenario_lifecycle(demo, priya, as_member, django_capture_on_commit_callbacks):
    lead = as_member(demo, "lead")
    created = lead.post(f"{base(demo)}/scenarios/", {"name": "Priya leaves"}, format="json")
    assert created.status_code == 201, created.json()
    sid = created.json()["id"]
    change = lead.post(f"{base(demo)}/scenarios/{sid}/changes/", {"kind": "leave", "person": priya.pk}, format="json")
    assert change.status_code == 201 and change.json()["label"] == "Priya Raman leaves now"
    join = lead.post(
        f"{base(demo)}/scenarios/{sid}/changes/",
        {"kind": "join", "team": priya.team_id, "role": "mlops-engineer", "month": "2027-05-17", "fte": "0.5"},
        format="json",
    )
    assert join.status_code == 201 and join.json()["month"] == "2027-05-01"
    detail = lead.get(f"{base(demo)}/scenarios/{sid}/").json()
    assert [c["kind"] for c in detail["changes"]] == ["leave", "join"] and detail["changes"][0]["stale"] is None

    with django_capture_on_commit_callbacks(execute=True):
        assert lead.post(f"{base(demo)}/scenarios/{sid}/score/").status_code == 202
    comparison = lead.get(f"{base(demo)}/scenarios/{sid}/comparison/").json()
    assert comparison["ready"] and comparison["scoring_status"] == "done"
    tf = next(r for r in comparison["headline"] if r["label"] == "Truck factor")
    assert tf["scenario"] < tf["today"] and tf["verdict"] == "worse"

    renamed = lead.patch(f"{base(demo)}/scenarios/{sid}/", {"description": "resigns"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Priya leaves"
    copy = lead.post(f"{base(demo)}/scenarios/{sid}/copy/")
    assert copy.status_code == 201 and copy.json()["name"] == "Priya leaves (copy)"
    removed = lead.post(f"{base(demo)}/scenarios/{sid}/remove-change/", {"change": join.json()["id"]}, format="json")
    assert removed.status_code == 204 and ScenarioChange.objects.filter(scenario_id=sid).count() == 1
    assert lead.delete(f"{base(demo)}/scenarios/{copy.json()['id']}/").status_code == 204


def test_bad_input_is_a_json_error_and_nothing_is_saved(demo, priya, as_member, other_org):
    admin = as_member(demo, "admin")
    sid = admin.post(f"{base(demo)}/scenarios/", {"name": "Plan"}, format="json").json()["id"]
    url = f"{base(demo)}/scenarios/{sid}/changes/"
    missing = admin.post(url, {"kind": "join", "team": priya.team_id}, format="json")
    assert missing.status_code == 400 and missing.json() == {
        "message": "Choose the role of the new person.",
        "errors": {"role": ["This field is required."]},
    }
    stranger = PersonFactory(team=TeamFactory(organization=other_org))
    foreign = admin.post(url, {"kind": "leave", "person": stranger.pk}, format="json")
    assert foreign.status_code == 400 and "person" in foreign.json()["errors"]
    assert admin.post(url, {"kind": "fly"}, format="json").status_code == 400
    dup = admin.post(f"{base(demo)}/scenarios/", {"name": "plan"}, format="json")
    assert dup.status_code == 400 and "exists already" in dup.json()["message"]
    assert not ScenarioChange.objects.filter(scenario_id=sid).exists()


def test_roles(demo, priya, as_member):
    viewer, lead, admin = as_member(demo, "viewer"), as_member(demo, "lead"), as_member(demo, "admin")
    assert viewer.post(f"{base(demo)}/scenarios/", {"name": "X"}, format="json").status_code == 403
    sid = lead.post(f"{base(demo)}/scenarios/", {"name": "Mine"}, format="json").json()["id"]
    other_lead = as_member(demo, "lead")
    blocked = other_lead.post(
        f"{base(demo)}/scenarios/{sid}/changes/", {"kind": "leave", "person": priya.pk}, format="json"
    )
    assert blocked.status_code == 403
    assert viewer.get(f"{base(demo)}/scenarios/{sid}/").status_code == 200
    lead.post(f"{base(demo)}/scenarios/{sid}/changes/", {"kind": "leave", "person": priya.pk}, format="json")
    assert lead.post(f"{base(demo)}/scenarios/{sid}/apply/").status_code == 403
    assert Person.objects.filter(pk=priya.pk).exists()
    applied = admin.post(f"{base(demo)}/scenarios/{sid}/apply/")
    assert applied.status_code == 200 and applied.json()["log"][0]["change"] == "Priya Raman leaves now"
    assert not Person.objects.filter(pk=priya.pk).exists()
    assert admin.post(f"{base(demo)}/scenarios/{sid}/apply/").status_code == 409


def test_another_orgs_scenarios_and_people_are_404(demo, priya, other_org, as_member):
    theirs = Scenario.objects.create(organization=other_org, name="Theirs")
    admin = as_member(demo, "admin")
    assert admin.get(f"{base(demo)}/scenarios/{theirs.pk}/").status_code == 404
    assert admin.get(f"{base(other_org)}/scenarios/").status_code == 404
    assert admin.get(f"{base(demo)}/forecast/", {"scenario": theirs.pk}).status_code == 404
    stranger = PersonFactory(team=TeamFactory(organization=other_org))
    assert admin.get(f"{base(demo)}/what-if/{stranger.pk}/").status_code == 404
    assert [s["name"] for s in admin.get(f"{base(demo)}/scenarios/").json()["results"]] == []


def test_what_if_and_forecast(demo, priya, as_member):
    viewer = as_member(demo, "viewer")
    report = viewer.get(f"{base(demo)}/what-if/{priya.pk}/").json()
    assert report["person"]["name"] == "Priya Raman" and report["impact"]["production_systems_orphaned"] > 0
    by = (timezone.localdate() + timedelta(days=200)).isoformat()
    forecast = viewer.get(f"{base(demo)}/forecast/", {"by": by})
    body = forecast.json()
    assert forecast.status_code == 200 and body["draws"] == 10000 and body["by"] == by
    assert len(body["months"]) == 25 and set(body["capacity"]) >= {"builder", "productioniser"}
    assert len(body["openings"]) == 4 and {h["role"] for h in body["hire_times"]} == {
        "ml-engineer",
        "mlops-engineer",
        "data-engineer",
    }
    past = viewer.get(f"{base(demo)}/forecast/", {"by": "2001-01-01"})
    assert past.status_code == 400 and past.json()["errors"] == {"by": ["Must be after today."]}


def test_targets(demo, as_member):
    credit = Team.objects.get(organization=demo, name="Credit Risk Models")
    platform = Team.objects.get(organization=demo, name="ML Platform")
    lead = as_member(demo, "lead", teams=[credit])
    made = lead.post(
        f"{base(demo)}/headcount-targets/", {"team": credit.pk, "role": "ml-engineer", "headcount": 4}, format="json"
    )
    assert made.status_code == 201 and made.json()["role"] == "ml-engineer"
    again = lead.post(
        f"{base(demo)}/headcount-targets/", {"team": credit.pk, "role": "ml-engineer", "headcount": 5}, format="json"
    )
    assert again.status_code == 201 and HeadcountTarget.objects.get(team=credit).headcount == 5
    assert (
        lead.post(
            f"{base(demo)}/headcount-targets/",
            {"team": platform.pk, "role": "ml-engineer", "headcount": 1},
            format="json",
        ).status_code
        == 403
    )
    assert (
        lead.post(
            f"{base(demo)}/maturity-targets/", {"dimension": "mlops_level", "level": 4}, format="json"
        ).status_code
        == 403
    )
    admin = as_member(demo, "admin")
    m = admin.post(f"{base(demo)}/maturity-targets/", {"dimension": "mlops_level", "level": 4}, format="json")
    assert m.status_code == 201 and MaturityTarget.objects.get(pk=m.json()["id"]).team is None
    assert (
        admin.post(f"{base(demo)}/maturity-targets/", {"dimension": "context", "level": 4}, format="json").status_code
        == 400
    )
    assert lead.delete(f"{base(demo)}/headcount-targets/{made.json()['id']}/").status_code == 204
    assert admin.get(f"{base(demo)}/headcount-targets/").json()["results"] == []
