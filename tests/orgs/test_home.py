import pytest
from django.urls import reverse

from tests.orgs.factories import PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_login_page_answers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_org_home_lists_teams_and_people(client, org, make_member):
    team = TeamFactory(organization=org, name="Forecasting")
    PersonFactory(team=team, name="Ada Lovelace")
    client.force_login(make_member(org, "viewer"))
    response = client.get(reverse("orgs:org_home", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    assert b"Forecasting" in response.content and b"Ada Lovelace" in response.content


def test_home_redirects_to_only_org(client, org, make_member):
    client.force_login(make_member(org, "lead"))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("orgs:org_home", kwargs={"org_slug": org.slug})


def test_user_with_two_orgs_can_switch(client, org, other_org, make_member):
    user = make_member(org, "viewer")
    from tests.orgs.factories import MembershipFactory

    MembershipFactory(user=user, organization=other_org, role="executive")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert org.name.encode() in response.content and other_org.name.encode() in response.content
    page = client.get(reverse("orgs:org_home", kwargs={"org_slug": other_org.slug}))
    assert page.status_code == 200 and b'id="org-switcher"' in page.content
    # the last organisation visited becomes the start page
    assert client.get(reverse("home")).url == reverse("orgs:org_home", kwargs={"org_slug": other_org.slug})
