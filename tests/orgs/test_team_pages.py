"""Team and person pages, and the forms leads use for their team's people and ML systems."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from orgs.models import MLSystem, Person, PersonSkill
from tests.orgs.factories import (
    AssignmentFactory,
    MLSystemFactory,
    OpeningFactory,
    PersonFactory,
    PersonSkillFactory,
    TeamFactory,
    responsibility,
    role,
    skill,
)

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def world(org):
    top = TeamFactory(organization=org, name="Data & AI")
    mine = TeamFactory(organization=org, name="Credit Risk", parent=top)
    theirs = TeamFactory(organization=org, name="Payments", parent=top)
    boss = PersonFactory(team=top, name="Grace Boss", email="boss@example.com")
    ada = PersonFactory(team=mine, name="Ada Builder", email="ada@example.com", manager=boss)
    bob = PersonFactory(team=theirs, name="Bob Other", email="bob@example.com")
    mine.lead = ada
    mine.save()
    system = MLSystemFactory(team=mine, name="Credit scoring", owners=[ada], deployers=[boss])
    return {"top": top, "mine": mine, "theirs": theirs, "boss": boss, "ada": ada, "bob": bob, "system": system}


def person_data(**overrides):
    data = {
        "name": "Cy New",
        "email": "cy@example.com",
        "team": "",
        "role": role("data-scientist").pk,
        "manager_email": "",
        "fte": "0.8",
        "start_date": "2024-02-01",
        "location": "Lisbon",
        "skill_ml-expertise": "3",
    }
    return {**data, **overrides}


def test_team_page_shows_tree_members_and_systems(client, org, make_member, world):
    OpeningFactory(team=world["mine"], role=role("mlops-engineer"))
    client.force_login(make_member(org, "viewer"))
    html = client.get(url("team_detail", org, team_id=world["mine"].pk)).content.decode()
    assert url("team_detail", org, team_id=world["top"].pk) in html  # breadcrumb to the parent
    assert "Ada Builder" in html and "Grace Boss" in html and "Credit scoring" in html
    assert "MLOps Engineer" in html and "Read only" in html and "Add a person" not in html
    top = client.get(url("team_detail", org, team_id=world["top"].pk)).content.decode()
    assert url("team_detail", org, team_id=world["mine"].pk) in top and "Payments" in top


def test_person_page_shows_skills_assignments_and_systems(client, org, make_member, world):
    ada = world["ada"]
    PersonSkillFactory(person=ada, skill=skill("ml-expertise"), level=4)
    AssignmentFactory(person=ada, responsibility=responsibility("model-monitoring"), level="owner")
    client.force_login(make_member(org, "executive"))
    html = client.get(url("person_detail", org, person_id=ada.pk)).content.decode()
    assert "ML expertise" in html and "4 / 4" in html
    assert "Monitoring and drift detection" in html and "Owner" in html
    assert "Credit scoring" in html and "Grace Boss" in html
    assert url("person_edit", org, person_id=ada.pk) not in html


def test_pages_make_a_bounded_number_of_queries(client, org, make_member, world, django_assert_max_num_queries):
    for i in range(30):
        p = PersonFactory(team=world["mine"], manager=world["ada"])
        PersonSkillFactory(person=p)
        MLSystemFactory(team=world["mine"], owners=[p, world["ada"]], deployers=[p])
        AssignmentFactory(person=world["ada"] if i == 0 else p, responsibility=responsibility("hiring"))
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    with django_assert_max_num_queries(20):
        assert client.get(url("team_detail", org, team_id=world["mine"].pk)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url("person_detail", org, person_id=world["ada"].pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("org_home", org)).status_code == 200


def test_a_lead_adds_a_person_to_their_team(client, org, make_member, world):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    data = person_data(team=world["mine"].pk, manager_email="ADA@example.com")
    response = client.post(url("person_new", org, team_id=world["mine"].pk), data)
    cy = Person.objects.get(organization=org, email="cy@example.com")
    assert response.status_code == 302 and response.url == url("person_detail", org, person_id=cy.pk)
    assert cy.team == world["mine"] and cy.manager == world["ada"] and cy.fte == Decimal("0.80")
    assert cy.start_date == date(2024, 2, 1) and cy.location == "Lisbon"
    assert PersonSkill.objects.get(person=cy).level == 3


def test_a_lead_edits_their_person_and_skills(client, org, make_member, world):
    ada = world["ada"]
    ada.start_date = date(2021, 5, 6)
    ada.save()
    PersonSkillFactory(person=ada, skill=skill("communication"), level=1)
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    form = client.get(url("person_edit", org, person_id=ada.pk)).content.decode()
    assert 'value="ada@example.com"' in form and 'value="boss@example.com"' in form
    assert 'type="date" name="start_date" value="2021-05-06"' in form  # ISO, as date inputs need
    data = person_data(
        name="Ada Renamed", email="ada@example.com", team=world["mine"].pk, **{"skill_communication": ""}
    )
    response = client.post(url("person_edit", org, person_id=ada.pk), data)
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.name == "Ada Renamed" and ada.manager is None and ada.role.slug == "data-scientist"
    assert {(s.skill.slug, s.level) for s in ada.skills.all()} == {("ml-expertise", 3)}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fte": "1.5"}, "Ensure this value is less than or equal to 1."),
        ({"fte": "0"}, "Ensure this value is greater than or equal to 0.01."),
        ({"email": "bob@example.com"}, "Someone in this organisation already has this email."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"manager_email": "nobody@example.com"}, "Nobody in this organisation has this email."),
        ({"manager_email": "ada@example.com"}, "A person cannot be their own manager."),
        ({"name": ""}, "This field is required."),
        ({"start_date": "2024-13-45"}, "Enter a valid date."),
    ],
)
def test_person_form_explains_bad_input_and_saves_nothing(client, org, make_member, world, overrides, message):
    ada = world["ada"]
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    data = {**person_data(email="ada@example.com", team=world["mine"].pk), **overrides}
    response = client.post(url("person_edit", org, person_id=ada.pk), data)
    assert response.status_code == 200 and message in response.content.decode()
    ada.refresh_from_db()
    assert ada.name == "Ada Builder" and ada.fte == Decimal("1.00")


def test_manager_cycle_is_explained(client, org, make_member, world):
    boss = world["boss"]
    client.force_login(make_member(org, "admin"))
    data = person_data(name=boss.name, email=boss.email, team=world["top"].pk, manager_email="ada@example.com")
    response = client.post(url("person_edit", org, person_id=boss.pk), data)
    assert response.status_code == 200 and "This manager would create a reporting cycle." in response.content.decode()
    boss.refresh_from_db()
    assert boss.manager is None


def test_a_lead_cannot_move_someone_to_a_team_they_do_not_lead(client, org, make_member, world):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    data = person_data(email="ada@example.com", team=world["theirs"].pk)
    response = client.post(url("person_edit", org, person_id=world["ada"].pk), data)
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    world["ada"].refresh_from_db()
    assert world["ada"].team == world["mine"]


def test_a_lead_adds_and_edits_an_ml_system(client, org, make_member, world):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    data = {
        "name": "Collections",
        "team": world["mine"].pk,
        "stage": "production",
        "domain": "lending",
        "owners": "ada@example.com; boss@example.com",
        "deployers": "ada@example.com",
    }
    response = client.post(url("system_new", org, team_id=world["mine"].pk), data)
    assert response.status_code == 302
    system = MLSystem.objects.get(organization=org, name="Collections")
    assert {p.email for p in system.owners.all()} == {"ada@example.com", "boss@example.com"}
    response = client.post(url("system_edit", org, system_id=system.pk), {**data, "stage": "retired", "owners": ""})
    system.refresh_from_db()
    assert response.status_code == 302 and system.stage == "retired" and system.owners.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"owners": "ada@example.com; ghost@example.com"},
            "Nobody in this organisation has the email ghost@example.com.",
        ),
        ({"deployers": "not-an-email"}, "Not an email address: not-an-email."),
        ({"name": "credit SCORING"}, "This organisation already has an ML system with this name."),
        ({"stage": "beta"}, "Select a valid choice."),
    ],
)
def test_system_form_explains_bad_input(client, org, make_member, world, overrides, message):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    data = {"name": "Collections", "team": world["mine"].pk, "stage": "idea", **overrides}
    response = client.post(url("system_new", org, team_id=world["mine"].pk), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert MLSystem.objects.filter(organization=org).count() == 1


def test_other_orgs_people_cannot_be_owners(client, org, other_org, make_member, world):
    PersonFactory(team=TeamFactory(organization=other_org), email="outsider@example.com")
    client.force_login(make_member(org, "admin"))
    data = {"name": "X", "team": world["mine"].pk, "stage": "idea", "owners": "outsider@example.com"}
    response = client.post(url("system_new", org, team_id=world["mine"].pk), data)
    assert "Nobody in this organisation has the email outsider@example.com." in response.content.decode()


def test_delete_person_and_system(client, org, make_member, world):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    response = client.post(url("system_delete", org, system_id=world["system"].pk))
    assert response.status_code == 302 and not MLSystem.objects.filter(pk=world["system"].pk).exists()
    response = client.post(url("person_delete", org, person_id=world["ada"].pk))
    assert response.status_code == 302 and not Person.objects.filter(pk=world["ada"].pk).exists()
    assert client.post(url("person_delete", org, person_id=world["bob"].pk)).status_code == 403
    assert Person.objects.filter(pk=world["bob"].pk).exists()


# --- one permission matrix over every page and action of this area ----------------------------------

READ_PAGES = [
    ("org_home", {}),
    ("org_matrix", {}),
    ("team_detail", {"team_id": "mine"}),
    ("team_matrix", {"team_id": "mine"}),
    ("person_detail", {"person_id": "ada"}),
]
EDIT_PAGES = [
    ("person_new", {"team_id": "mine"}),
    ("person_edit", {"person_id": "ada"}),
    ("system_new", {"team_id": "mine"}),
    ("system_edit", {"system_id": "system"}),
]
EDIT_OTHER_TEAM = [
    ("person_new", {"team_id": "theirs"}),
    ("person_edit", {"person_id": "bob"}),
    ("system_new", {"team_id": "theirs"}),
]
ADMIN_PAGES = [("import_upload", {})]


def _resolve(org, world, name, kwargs):
    return url(name, org, **{k: world[v].pk for k, v in kwargs.items()})


EXPECTED = {
    # role: (read pages, edit own team, edit another team, admin pages)
    "admin": (200, 200, 200, 200),
    "lead": (200, 200, 403, 404),
    "executive": (200, 403, 403, 404),
    "viewer": (200, 403, 403, 404),
}


@pytest.mark.parametrize("role_name", list(EXPECTED))
def test_permission_matrix(client, org, make_member, world, role_name):
    read, edit_own, edit_other, admin = EXPECTED[role_name]
    client.force_login(make_member(org, role_name, teams=[world["mine"]] if role_name == "lead" else ()))
    for pages, status in (
        (READ_PAGES, read),
        (EDIT_PAGES, edit_own),
        (EDIT_OTHER_TEAM, edit_other),
        (ADMIN_PAGES, admin),
    ):
        for name, kwargs in pages:
            got = client.get(_resolve(org, world, name, kwargs)).status_code
            assert got == status, f"{role_name} GET {name}: {got} != {status}"


@pytest.mark.parametrize("name,kwargs", READ_PAGES[2:] + EDIT_PAGES + ADMIN_PAGES)
def test_members_of_another_org_get_404(client, other_org, org, make_member, world, name, kwargs):
    client.force_login(make_member(other_org, "admin"))
    assert client.get(_resolve(org, world, name, kwargs)).status_code == 404


def test_other_orgs_objects_are_404_under_ones_own_org(client, org, other_org, make_member):
    team = TeamFactory(organization=other_org)
    person = PersonFactory(team=team)
    system = MLSystemFactory(team=team)
    client.force_login(make_member(org, "admin"))
    for name, kwargs in [
        ("team_detail", {"team_id": team.pk}),
        ("person_detail", {"person_id": person.pk}),
        ("person_edit", {"person_id": person.pk}),
        ("system_edit", {"system_id": system.pk}),
    ]:
        assert client.get(url(name, org, **kwargs)).status_code == 404
    assert client.post(url("person_delete", org, person_id=person.pk)).status_code == 404
    assert client.post(url("system_delete", org, system_id=system.pk)).status_code == 404
    assert Person.objects.filter(pk=person.pk).exists() and MLSystem.objects.filter(pk=system.pk).exists()


def test_anonymous_users_are_sent_to_log_in(client, org, world):
    response = client.get(url("team_detail", org, team_id=world["mine"].pk))
    assert response.status_code == 302 and "/accounts/login/" in response.url
