import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from orgs.models import Membership, MLSystem, Opening, Organization

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_believable_org_with_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    org = Organization.objects.get(slug="northwind")
    assert 50 <= org.people.count() <= 70
    assert org.teams.count() == 8
    assert MLSystem.objects.filter(organization=org).count() == 12
    assert Opening.objects.filter(organization=org, status="open").exists()
    roles = dict(Membership.objects.filter(organization=org).values_list("user__username", "role"))
    assert roles == {"demo-admin": "admin", "demo-exec": "executive", "demo-lead": "lead", "demo-viewer": "viewer"}
    for username in roles:
        assert username in out
        assert authenticate(username=username, password="teamplanner-demo") is not None
    # the planted universal expert owns or deploys several production systems
    expert = org.people.get(name="Priya Raman")
    assert expert.deployable_systems.filter(stage="production").count() >= 4
    # two submitted, scored assessments half a year apart, with the universal expert found
    from assessments.models import Assessment
    from scoring.models import Finding, ScoringRun

    assessments = list(Assessment.objects.filter(organization=org, team=None).order_by("submitted_at"))
    assert [a.status for a in assessments] == ["scored", "scored"]
    assert (assessments[1].submitted_at - assessments[0].submitted_at).days >= 150
    runs = ScoringRun.objects.filter(organization=org, status="done", assessment__team=None, scenario=None)
    assert runs.count() == 2 and all(r.overall_level for r in runs)
    # four teams rated themselves, differently, so the team heatmap has rows
    team_runs = ScoringRun.objects.filter(organization=org, status="done", team__isnull=False, scenario=None)
    assert team_runs.count() == 4 and len(set(team_runs.values_list("overall_level", flat=True))) > 1
    # and a scored what-if: the universal expert leaves, the truck factor falls
    from planning.models import Scenario

    scenario = Scenario.objects.get(organization=org)
    assert scenario.scoring_status == "done" and scenario.changes.count() == 4
    assert scenario.scored_run.truck_factor < scenario.baseline_run.truck_factor
    assert Finding.objects.filter(run__in=runs, kind="universal_expert", title__contains="Priya Raman").exists()
    assert runs.order_by("-created_at").first().truck_factor == 1
    # the demo lead leads a real team
    lead = Membership.objects.get(organization=org, user__username="demo-lead")
    assert list(lead.teams.values_list("name", flat=True)) == ["Credit Risk Models"]


def test_seed_demo_is_repeatable_and_if_missing_keeps_data(capsys):
    call_command("seed_demo", "--without-assessments")
    org = Organization.objects.get(slug="northwind")
    first = sorted(org.people.values_list("email", flat=True))
    call_command("seed_demo", "--without-assessments")
    org = Organization.objects.get(slug="northwind")
    assert sorted(org.people.values_list("email", flat=True)) == first
    org.people.filter(name="Priya Raman").update(location="Mars")
    call_command("seed_demo", "--if-missing")
    assert org.people.get(name="Priya Raman").location == "Mars"
    assert "already exists" in capsys.readouterr().out
