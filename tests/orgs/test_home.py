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


def test_people_search_on_the_home_page_and_in_the_api_alike(client, org, make_member):
    team = TeamFactory(organization=org, name="Forecasting")
    PersonFactory(team=team, name="Ada Lovelace", email="ada@example.com")
    PersonFactory(team=TeamFactory(organization=org, name="Payments"), name="Bo Berg", email="bo@example.com")
    client.force_login(make_member(org, "viewer"))
    html = client.get(reverse("orgs:org_home", kwargs={"org_slug": org.slug}), {"q": "forecast"}).content.decode()
    assert "Ada Lovelace" in html and "Bo Berg" not in html and "matching “forecast”" in html
    api = client.get(f"/api/v1/orgs/{org.slug}/people/", {"q": "BO@"})
    names = [p["name"] for p in api.json()["results"]]
    assert names == ["Bo Berg"]


def test_a_lead_sees_my_teams_on_the_home_page(client, org, make_member):
    mine = TeamFactory(organization=org, name="Credit Risk")
    TeamFactory(organization=org, name="Payments")
    client.force_login(make_member(org, "lead", teams=[mine]))
    html = client.get(reverse("orgs:org_home", kwargs={"org_slug": org.slug})).content.decode()
    section = html.split('id="my-teams"')[1].split("</div>")[0]
    assert "My teams" in section and "Credit Risk" in section and "Payments" not in section


def test_a_persons_manager_is_chosen_from_the_organisations_people(client, org, make_member):
    team = TeamFactory(organization=org, name="Forecasting")
    ada = PersonFactory(team=team, name="Ada Lovelace", email="ada@example.com")
    PersonFactory(team=team, name="Bo Berg", email="bo@example.com")
    client.force_login(make_member(org, "admin"))
    html = client.get(reverse("orgs:person_edit", kwargs={"org_slug": org.slug, "person_id": ada.pk})).content.decode()
    assert 'list="manager-options"' in html
    assert '<option value="bo@example.com">Bo Berg · Forecasting</option>' in html
    assert '<option value="ada@example.com">' not in html  # not one's own manager
