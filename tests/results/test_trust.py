"""Results people can trust: one finding per problem, a stated order, explained numbers."""

import pytest
from django.urls import reverse

from tests.orgs.factories import PersonFactory, TeamFactory
from tests.scoring.factories import evidence, scored_run

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"results:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def viewer_client(client, org, make_member):
    client.force_login(make_member(org, "viewer"))
    return client


def test_a_universal_expert_seen_by_the_team_and_the_org_run_is_one_finding(viewer_client, org):
    team = TeamFactory(organization=org, name="Credit Risk Models")
    priya = PersonFactory(organization=org, team=team, name="Priya Raman")
    ev = evidence(people=[{"id": priya.pk, "name": priya.name}], teams=[{"id": team.pk, "name": team.name}])

    def expert(items):
        title = f"Priya Raman is a universal expert: leaving would orphan {items} items"
        return {"kind": "universal_expert", "severity": "critical", "title": title, "evidence": ev, "team": team}

    scored_run(org, findings=[expert(9)])
    scored_run(org, team=team, findings=[expert(7)])
    html = viewer_client.get(url("team", org, team_id=team.pk)).content.decode()
    assert html.count("Priya Raman is a universal expert") == 1
    assert "orphan 7 items" in html  # the team's own scoring wins


def test_the_dashboard_lists_findings_most_severe_first_and_says_so(viewer_client, org):
    team = TeamFactory(organization=org)
    findings = [
        {"kind": "uncovered_responsibility", "severity": "medium", "title": f"Medium {i}", "team": team}
        for i in range(3)
    ]
    findings.append({"kind": "truck_factor", "severity": "high", "title": "High at rank four", "team": team})
    scored_run(org, findings=findings)
    html = viewer_client.get(url("dashboard", org)).content.decode()
    assert "most severe first" in html
    assert html.index("High at rank four") < html.index("Medium 0")
    page = viewer_client.get(url("findings", org)).content.decode()
    assert page.index("High at rank four") < page.index("Medium 0") and "most severe first" in page
    by_rank = viewer_client.get(url("findings", org) + "?order=rank").content.decode()
    assert by_rank.index("Medium 0") < by_rank.index("High at rank four") and "by rank alone" in by_rank


def test_numbers_are_explained_and_link_to_the_scoring_document(viewer_client, org):
    scored_run(org, findings=[{"kind": "truck_factor", "severity": "high", "title": "Truck factor 1"}])
    html = viewer_client.get(url("dashboard", org)).content.decode()
    doc_url = url("scoring_doc", org)
    assert f'href="{doc_url}#ranked-actions"' in html and f'href="{doc_url}#truck-factor"' in html
    assert "How much work the fix takes" in html
    doc = viewer_client.get(doc_url)
    assert doc.status_code == 200
    body = doc.content.decode()
    assert '<h2 id="ranked-actions">Ranked actions</h2>' in body and '<h2 id="truck-factor">' in body
    assert "<table>" in body


def test_the_scoring_document_is_for_members_only(client, org, other_org, make_member):
    client.force_login(make_member(other_org, "admin"))
    assert client.get(url("scoring_doc", org)).status_code == 404


def test_pages_name_their_run_and_data_time_and_say_when_the_data_moved_on(client, org, make_member, after_commit_now):
    from datetime import timedelta

    from django.utils import timezone

    from orgs.models import Organization

    team = TeamFactory(organization=org)
    run = scored_run(org, at=timezone.now() - timedelta(hours=1))
    Organization.objects.filter(pk=org.pk).update(data_changed_at=run.inputs_at - timedelta(minutes=1))
    client.force_login(make_member(org, "viewer"))
    for name, kwargs in (("dashboard", {}), ("findings", {}), ("team", {"team_id": team.pk})):
        html = client.get(url(name, org, **kwargs)).content.decode()
        assert f"Shows scoring run #{run.pk}" in html and "from the data as it stood at" in html
        assert 'id="stale-banner"' not in html
    Organization.objects.filter(pk=org.pk).update(data_changed_at=timezone.now())
    html = client.get(url("dashboard", org)).content.decode()
    assert 'id="stale-banner"' in html and "Rescore now" not in html and "An admin can have it scored again" in html
    assert client.post(url("rescore", org)).status_code == 403

    client.force_login(make_member(org, "admin"))
    assert "Rescore now" in client.get(url("dashboard", org)).content.decode()
    response = client.post(url("rescore", org))
    assert response.status_code == 302 and response["Location"] == url("dashboard", org)
    assert org.scoring_runs.count() == 2
    html = client.get(url("dashboard", org)).content.decode()
    assert 'id="stale-banner"' not in html  # the rescore ran in-process (no broker) on the current data


def test_a_team_filter_says_which_headline_cards_stay_organisation_wide(viewer_client, org):
    team = TeamFactory(organization=org)
    scored_run(org)
    assert "organisation-wide</span>" not in viewer_client.get(url("dashboard", org)).content.decode()
    html = viewer_client.get(url("dashboard", org) + f"?team={team.pk}").content.decode()
    assert html.count("organisation-wide</span>") == 3
