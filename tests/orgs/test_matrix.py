"""The responsibility matrix: who may change which cell, what a saved or refused cell answers, totals, scale."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orgs.models import Assignment
from orgs.selectors import OWNED_PER_FTE_LIMIT
from roles.models import Responsibility
from tests.orgs.factories import AssignmentFactory, PersonFactory, TeamFactory, responsibility

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def teams(org):
    mine = TeamFactory(organization=org, name="Credit Risk")
    sub = TeamFactory(organization=org, name="Credit Risk Ops", parent=mine)
    theirs = TeamFactory(organization=org, name="Payments")
    return mine, sub, theirs


def save_cell(client, org, person, resp, level, team=""):
    return client.post(
        url("matrix_cell", org),
        {"person": person.pk, "responsibility": resp.pk, "level": level, "team": team},
        HTTP_HX_REQUEST="true",
    )


def test_a_lead_sets_a_cell_of_their_team_and_sees_it_saved(client, org, make_member, teams):
    mine, _, _ = teams
    person = PersonFactory(team=mine)
    client.force_login(make_member(org, "lead", teams=[mine]))
    resp = responsibility("model-monitoring")

    response = save_cell(client, org, person, resp, "owner", team=mine.pk)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="saved-state is-saved" role="status">Saved<' in html
    assert '<option value="owner" selected>' in html
    assert f'<span id="owners-{resp.pk}" hx-swap-oob="true"' in html and ">1</span>" in html
    assert Assignment.objects.get(person=person, responsibility=resp).level == "owner"


def test_a_saved_cell_updates_the_headers_count_of_responsibilities_without_an_owner(client, org, make_member, teams):
    mine, _, _ = teams
    person = PersonFactory(team=mine)
    client.force_login(make_member(org, "admin"))
    resp = responsibility("model-monitoring")
    total = Responsibility.objects.count()

    html = save_cell(client, org, person, resp, "owner", team=mine.pk).content.decode()
    assert f'<span id="unowned-count" hx-swap-oob="true">{total - 1}</span>' in html
    html = save_cell(client, org, person, resp, "backup", team=mine.pk).content.decode()
    assert f'<span id="unowned-count" hx-swap-oob="true">{total}</span>' in html


def test_changing_and_clearing_a_cell(client, org, make_member, teams):
    mine, _, _ = teams
    person = PersonFactory(team=mine)
    resp = responsibility("ci-cd")
    AssignmentFactory(person=person, responsibility=resp, level="backup")
    client.force_login(make_member(org, "admin"))
    assert save_cell(client, org, person, resp, "contributor").status_code == 200
    assert Assignment.objects.get(person=person, responsibility=resp).level == "contributor"
    response = save_cell(client, org, person, resp, "")
    assert response.status_code == 200 and "no owner" in response.content.decode()
    assert not Assignment.objects.filter(person=person).exists()


def test_a_lead_edits_sub_teams_too(client, org, make_member, teams):
    mine, sub, _ = teams
    person = PersonFactory(team=sub)
    client.force_login(make_member(org, "lead", teams=[mine]))
    assert save_cell(client, org, person, responsibility("hiring"), "owner").status_code == 200


@pytest.mark.parametrize("role", ["lead", "executive", "viewer"])
def test_a_cell_outside_ones_teams_is_refused_with_a_message_and_the_choice_kept(client, org, make_member, teams, role):
    mine, _, theirs = teams
    person = PersonFactory(team=theirs)
    client.force_login(make_member(org, role, teams=[mine] if role == "lead" else ()))

    response = save_cell(client, org, person, responsibility("hiring"), "owner")

    html = response.content.decode()
    assert response.status_code == 403
    assert "Not saved: You can only change the teams you lead." in html
    assert '<option value="owner" selected>' in html
    assert not Assignment.objects.exists()


def test_a_bad_level_is_explained(client, org, make_member, teams):
    person = PersonFactory(team=teams[0])
    client.force_login(make_member(org, "admin"))
    response = save_cell(client, org, person, responsibility("hiring"), "boss")
    assert response.status_code == 400
    assert "Not saved: Choose owner, contributor, backup or none." in response.content.decode()
    assert not Assignment.objects.exists()


def test_another_orgs_person_is_not_found(client, org, other_org, make_member):
    theirs = PersonFactory(team=TeamFactory(organization=other_org))
    client.force_login(make_member(org, "admin"))
    response = save_cell(client, org, theirs, responsibility("hiring"), "owner")
    assert response.status_code == 404 and not Assignment.objects.exists()


def test_a_non_member_cannot_save(client, org, other_org, make_member, teams):
    person = PersonFactory(team=teams[0])
    client.force_login(make_member(other_org, "admin"))
    assert save_cell(client, org, person, responsibility("hiring"), "owner").status_code == 404
    client.logout()
    assert save_cell(client, org, person, responsibility("hiring"), "owner").status_code == 302


def test_page_is_read_only_for_viewers_and_editable_per_team_for_leads(client, org, make_member, teams):
    mine, _, theirs = teams
    PersonFactory(team=mine, name="Mine Person")
    PersonFactory(team=theirs, name="Their Person")
    client.force_login(make_member(org, "viewer"))
    html = client.get(url("org_matrix", org)).content.decode()
    assert "Mine Person" in html and "Their Person" in html and '<select name="level"' not in html

    client.force_login(make_member(org, "lead", teams=[mine]))
    html = client.get(url("org_matrix", org)).content.decode()
    columns = Responsibility.objects.count()
    assert html.count('<select name="level"') == columns  # one editable row: the lead's own person


def test_totals_flag_unowned_responsibilities_and_overloaded_people(client, org, make_member, teams):
    mine, _, _ = teams
    busy = PersonFactory(team=mine, name="Busy Bee", fte=Decimal("0.5"))
    calm = PersonFactory(team=mine, name="Calm Cat")
    slugs = list(Responsibility.objects.values_list("slug", flat=True)[:3])  # 3 owned > 5 x 0.5
    for slug in slugs:
        AssignmentFactory(person=busy, responsibility=responsibility(slug), level="owner")
    AssignmentFactory(person=calm, responsibility=responsibility(slugs[0]), level="backup")
    client.force_login(make_member(org, "viewer"))

    html = client.get(url("team_matrix", org, team_id=mine.pk)).content.decode()

    total = Responsibility.objects.count()
    assert html.count('class="badge text-bg-danger" title=') == total - 3
    assert f'id="owned-{busy.pk}" class="badge text-bg-warning"' in html and "3 too many" in html
    assert f'id="owned-{calm.pk}" class="badge text-bg-light border">0<' in html
    assert f"more than {OWNED_PER_FTE_LIMIT} responsibilities per full-time equivalent" in " ".join(html.split())


def test_team_filter_and_pagination(client, org, make_member, teams):
    mine, _, theirs = teams
    for i in range(45):
        PersonFactory(team=mine, name=f"Mine {i:02d}")
    PersonFactory(team=theirs, name="Only Theirs")
    client.force_login(make_member(org, "viewer"))
    page1 = client.get(url("org_matrix", org), {"team": mine.pk}).content.decode()
    assert "Mine 00" in page1 and "Only Theirs" not in page1 and "Page 1 of 2" in page1
    page2 = client.get(url("org_matrix", org), {"team": mine.pk, "page": 2}).content.decode()
    assert "Mine 44" in page2 and "Mine 00" not in page2
    filtered = client.get(url("org_matrix", org), {"team": theirs.pk}).content.decode()
    assert "Only Theirs" in filtered and "Mine 00" not in filtered


def test_the_matrix_page_makes_a_bounded_number_of_queries(
    client, org, make_member, teams, django_assert_max_num_queries
):
    mine, _, theirs = teams
    people = [PersonFactory(team=mine if i % 2 else theirs) for i in range(80)]
    for p in people:
        AssignmentFactory(person=p, responsibility=responsibility("experimentation"), level="contributor")
    client.force_login(make_member(org, "lead", teams=[mine]))
    with django_assert_max_num_queries(17):
        assert client.get(url("org_matrix", org)).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(url("team_matrix", org, team_id=mine.pk)).status_code == 200


def test_another_orgs_team_matrix_is_not_found(client, org, other_org, make_member):
    theirs = TeamFactory(organization=other_org)
    client.force_login(make_member(org, "admin"))
    assert client.get(url("team_matrix", org, team_id=theirs.pk)).status_code == 404
