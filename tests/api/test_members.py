"""/api/v1/orgs/{slug}/members/: only the organisation's admins list, add, change and remove members;
its other members get 403, members of other organisations 404, anonymous clients 401."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from orgs.models import Invitation, Membership
from tests.orgs.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
ROLES = ["admin", "executive", "lead", "viewer", "outsider", "anonymous"]
STRONG = "Plum-harbour-42"


def url(org, pk=None):
    base = f"/api/v1/orgs/{org.slug}/members/"
    return f"{base}{pk}/" if pk else base


def expected(role, ok):
    return {"admin": ok, "outsider": 404, "anonymous": 401}.get(role, 403)


def membership(user, org) -> Membership:
    return Membership.objects.get(user=user, organization=org)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(api_client, members, org, org_data, other_org, role):
    client = api_client(members[role])
    viewer = membership(members["viewer"], org)

    response = client.get(url(org))
    assert response.status_code == expected(role, 200), response.json()
    if response.status_code == 200:
        rows = response.json()["results"]
        assert {row["id"] for row in rows} == set(
            Membership.objects.filter(organization=org).values_list("pk", flat=True)
        )
        assert all("password" not in row for row in rows)
    else:
        assert set(response.json()) == {"message", "errors"}
    assert client.get(url(org, viewer.pk)).status_code == expected(role, 200)

    newcomer = UserFactory()
    response = client.post(url(org), {"user": newcomer.username, "role": "viewer"}, format="json")
    assert response.status_code == expected(role, 202)
    assert Invitation.objects.filter(user=newcomer, organization=org).exists() == (role == "admin")
    assert not Membership.objects.filter(user=newcomer, organization=org).exists()  # only when they accept

    response = client.patch(url(org, viewer.pk), {"role": "executive"}, format="json")
    assert response.status_code == expected(role, 200)
    viewer.refresh_from_db()
    assert (viewer.role == "executive") == (role == "admin")

    response = client.put(url(org, viewer.pk), {"role": "viewer", "teams": []}, format="json")
    assert response.status_code == expected(role, 200)

    response = client.delete(url(org, viewer.pk))
    assert response.status_code == expected(role, 204)
    assert Membership.objects.filter(pk=viewer.pk).exists() == (role != "admin")


def test_an_admin_gets_404_for_another_orgs_members(api_client, members, org, other_org):
    client = api_client(members["admin"])
    theirs = membership(members["outsider"], other_org)
    for target in (url(org, theirs.pk), url(other_org, theirs.pk)):
        assert client.get(target).status_code == 404
        assert client.patch(target, {"role": "viewer"}, format="json").status_code == 404
        assert client.put(target, {"role": "viewer"}, format="json").status_code == 404
        assert client.delete(target).status_code == 404
    assert client.get(url(other_org)).status_code == 404
    assert client.post(url(other_org), {"user": members["viewer"].username}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == "admin"


def test_an_admin_reads_members_with_their_details(api_client, members, org, org_data):
    lead = membership(members["lead"], org)
    body = api_client(members["admin"]).get(url(org, lead.pk)).json()
    user = members["lead"]
    assert body["username"] == user.username and body["email"] == user.email
    assert body["role"] == "lead" and body["teams"] == [org_data.led.pk]
    assert set(body) == {
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "teams",
        "last_login",
        "created_at",
    }


def test_an_existing_account_is_invited_and_nothing_about_it_is_shown(api_client, members, org, org_data, client):
    cleo = UserFactory(username="cleo", email="Cleo@Example.org")
    admin = api_client(members["admin"])
    answers = [
        admin.post(url(org), {"user": name, "role": "lead", "teams": [org_data.led.pk]}, format="json")
        for name in ("CLEO@example.org", "nobody@example.org", members["viewer"].username)
    ]
    assert {(r.status_code, r.content) for r in answers} == {(202, answers[0].content)}  # one answer for all
    assert "cleo" not in answers[0].content.decode().lower()
    assert not Membership.objects.filter(user=cleo, organization=org).exists()

    invitation = Invitation.objects.get(user=cleo, organization=org)
    client.force_login(cleo)
    client.post("/accounts/invitations/", {"invitation": invitation.pk, "action": "accept"})
    assert list(membership(cleo, org).teams.all()) == [org_data.led]


def test_members_of_other_organisations_show_no_last_log_in(api_client, members, org, other_org):
    shared = members["viewer"]
    MembershipFactory(user=shared, organization=other_org, role="viewer")
    User.objects.filter(pk=shared.pk).update(last_login=timezone.now())
    rows = {row["username"]: row for row in api_client(members["admin"]).get(url(org)).json()["results"]}
    assert rows[shared.username]["last_login"] is None


def test_create_a_new_account_that_can_log_in(api_client, members, org):
    data = {
        "username": "dora",
        "email": "dora@example.org",
        "first_name": "Dora",
        "last_name": "Data",
        "password": STRONG,
        "role": "executive",
    }
    response = api_client(members["admin"]).post(url(org), data, format="json")
    assert response.status_code == 201, response.json()
    assert STRONG not in response.content.decode() and "password" not in response.json()
    assert response.json()["role"] == "executive" and response.json()["first_name"] == "Dora"
    assert APIClient().login(username="dora", password=STRONG)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "eve", "email": "eve@example.org", "password": "12345678"}, "password"),
        ({"username": "eve", "email": "eve@example.org", "password": "eve@example.org"}, "password"),
        ({"username": "eve", "email": "eve@example.org"}, "password"),
        ({"username": "eve", "password": STRONG}, "email"),
        ({"username": "bad name!", "email": "eve@example.org", "password": STRONG}, "username"),
        ({"username": "EXISTING", "email": "eve@example.org", "password": STRONG}, "username"),
        ({"username": "eve", "email": "existing@EXAMPLE.org", "password": STRONG}, "email"),
        ({"user": "existing", "username": "eve"}, "username"),
        ({"user": " "}, "user"),
        ({"user": "existing", "role": "owner"}, "role"),
        ({"user": "existing", "role": "lead", "teams": [2**70]}, "teams"),
        ({}, "username"),
    ],
)
def test_create_refuses_bad_input_with_field_errors(api_client, members, org, data, field):
    UserFactory(username="existing", email="existing@example.org")
    before = (User.objects.count(), Membership.objects.count())
    response = api_client(members["admin"]).post(url(org), data, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    assert (User.objects.count(), Membership.objects.count()) == before


def test_create_refuses_teams_of_another_org(api_client, members, org, other_org):
    theirs = TeamFactory(organization=other_org)
    newcomer = UserFactory()
    response = api_client(members["admin"]).post(
        url(org), {"user": newcomer.username, "role": "lead", "teams": [theirs.pk]}, format="json"
    )
    assert response.status_code == 400 and "does not exist" in response.json()["errors"]["teams"][0]
    assert not Membership.objects.filter(user=newcomer).exists()


def test_inviting_a_member_changes_nothing(api_client, members, org):
    response = api_client(members["admin"]).post(url(org), {"user": members["viewer"].username}, format="json")
    assert response.status_code == 202
    assert not Invitation.objects.exists() and membership(members["viewer"], org).role == "viewer"


def test_update_role_and_teams(api_client, members, org, org_data):
    client = api_client(members["admin"])
    viewer = membership(members["viewer"], org)
    response = client.patch(
        url(org, viewer.pk), {"role": "lead", "teams": [org_data.led.pk, org_data.other.pk]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert sorted(response.json()["teams"]) == sorted([org_data.led.pk, org_data.other.pk])
    # teams alone keep the role; another role leads no teams
    assert client.patch(url(org, viewer.pk), {"teams": [org_data.other.pk]}, format="json").json()["teams"] == [
        org_data.other.pk
    ]
    response = client.patch(url(org, viewer.pk), {"role": "viewer"}, format="json")
    assert response.json()["role"] == "viewer" and response.json()["teams"] == []
    viewer.refresh_from_db()
    assert viewer.role == "viewer" and not viewer.teams.exists()


def test_update_refuses_teams_of_another_org(api_client, members, org, other_org_data):
    lead = membership(members["lead"], org)
    response = api_client(members["admin"]).patch(url(org, lead.pk), {"teams": [other_org_data.led.pk]}, format="json")
    assert response.status_code == 400 and "teams" in response.json()["errors"]
    assert lead.teams.count() == 1


def test_the_last_admin_keeps_the_role_and_stays(api_client, members, org):
    client = api_client(members["admin"])
    own = membership(members["admin"], org)
    response = client.patch(url(org, own.pk), {"role": "viewer"}, format="json")
    assert response.status_code == 409 and "last admin" in response.json()["message"]
    response = client.delete(url(org, own.pk))
    assert response.status_code == 409 and "last admin" in response.json()["message"]
    own.refresh_from_db()
    assert own.role == "admin"

    # with a second admin, one of them may step down
    second = membership(members["executive"], org)
    assert client.patch(url(org, second.pk), {"role": "admin"}, format="json").status_code == 200
    assert client.patch(url(org, own.pk), {"role": "viewer"}, format="json").status_code == 200
    assert client.get(url(org)).status_code == 403  # no longer an admin
    second_client = api_client(members["executive"])
    assert second_client.delete(url(org, second.pk)).status_code == 409


def test_filter_by_role_and_ordering(api_client, members, org):
    MembershipFactory(organization=org, role="viewer", user=UserFactory(username="aaron", first_name="Zed"))
    client = api_client(members["admin"])
    rows = client.get(url(org), {"role": "viewer"}).json()["results"]
    assert {row["role"] for row in rows} == {"viewer"} and len(rows) == 2
    names = [row["username"] for row in client.get(url(org), {"ordering": "username"}).json()["results"]]
    assert names == sorted(names)
    default = [row["username"] for row in client.get(url(org)).json()["results"]]
    assert default[-1] == "aaron"  # sorted by name: "Zed" comes last
    assert client.get(url(org), {"role": "owner"}).status_code == 400


SMALL, LARGE = 2, 20


def test_list_makes_a_fixed_number_of_queries(api_client, members, org, org_data, django_assert_max_num_queries):
    teams = [TeamFactory(organization=org) for _ in range(3)]
    for i in range(24):
        m = MembershipFactory(organization=org, role="lead" if i % 2 else "viewer")
        if i % 2:
            m.teams.set(teams)
    client = api_client(members["admin"])

    def count(page_size):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(org), {"page_size": page_size})
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    small, small_rows = count(SMALL)
    large, large_rows = count(LARGE)
    assert (small_rows, large_rows) == (SMALL, LARGE)
    assert small == large
    with django_assert_max_num_queries(5):  # token, membership, count, page, led teams
        client.get(url(org), {"page_size": LARGE})
