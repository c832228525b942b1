"""The permission matrix of the organisation-data endpoints: every role, the lead's own and other
teams, a member of another organisation and an anonymous client; another org's object is 404."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from orgs.models import Assignment, MLSystem, Opening, Person, PersonSkill, Team
from tests.orgs.factories import OpeningFactory, TeamFactory

ROLES = ["admin", "executive", "lead", "viewer", "outsider", "anonymous"]
SIDES = ["led", "other"]


def _team(d, side):
    return d.led_child if side == "led" else d.other


RESOURCES = {
    "teams": {
        "model": Team,
        "obj": lambda d, side: _team(d, side),
        "deletable": lambda d, side: TeamFactory(organization=d.org, parent=_team(d, side)),
        "create": lambda d, side: {"name": f"New team {side}", "parent": _team(d, side).pk, "kind": "platform"},
        "patch": {"description": "Now with a description"},
        "changed": lambda o: o.description == "Now with a description",
    },
    "people": {
        "model": Person,
        "obj": lambda d, side: d.people[side],
        "create": lambda d, side: {
            "name": "New Person",
            "email": f"New-{side}@Example.com",
            "team": _team(d, side).pk,
            "role": "data-scientist",
            "fte": "0.5",
        },
        "patch": {"location": "Berlin"},
        "changed": lambda o: o.location == "Berlin",
    },
    "person-skills": {
        "model": PersonSkill,
        "obj": lambda d, side: d.skills[side],
        "create": lambda d, side: {"person": d.people[side].pk, "skill": "communication", "level": 3},
        "patch": {"level": 4},
        "changed": lambda o: o.level == 4,
    },
    "assignments": {
        "model": Assignment,
        "obj": lambda d, side: d.assignments[side],
        "create": lambda d, side: {"person": d.people[side].pk, "responsibility": "data-pipelines", "level": "backup"},
        "patch": {"level": "contributor"},
        "changed": lambda o: o.level == "contributor",
    },
    "systems": {
        "model": MLSystem,
        "obj": lambda d, side: d.systems[side],
        "create": lambda d, side: {
            "name": f"Churn model {side}",
            "team": _team(d, side).pk,
            "stage": "mvp",
            "owners": [d.people[side].pk],
        },
        "patch": {"stage": "retired"},
        "changed": lambda o: o.stage == "retired",
    },
    "openings": {
        "model": Opening,
        "obj": lambda d, side: d.openings[side],
        "create": lambda d, side: {"role": "mlops-engineer", "team": _team(d, side).pk, "opened_on": "2025-02-03"},
        "patch": {"status": "cancelled"},
        "changed": lambda o: o.status == "cancelled",
    },
}


def read_status(role):
    return {"outsider": 404, "anonymous": 401}.get(role, 200)


def write_status(role, side, ok):
    if role == "admin":
        return ok
    if role == "lead":
        return ok if side == "led" else 403
    return {"outsider": 404, "anonymous": 401}.get(role, 403)


def url(org, resource, pk=None):
    base = f"/api/v1/orgs/{org.slug}/{resource}/"
    return f"{base}{pk}/" if pk else base


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(api_client, members, org_data, other_org_data, resource, role):
    """One role on one resource: list, retrieve, then create, update and delete in a team the lead
    leads and in one they do not; an id of another organisation is 404 whatever the method."""
    client = api_client(members[role])
    spec = RESOURCES[resource]
    model = spec["model"]

    response = client.get(url(org_data.org, resource))
    assert response.status_code == read_status(role), response.json()
    if response.status_code == 200:
        ids = {row["id"] for row in response.json()["results"]}
        assert ids == set(model.objects.for_org(org_data.org).values_list("pk", flat=True))
    obj = spec["obj"](org_data, "other")
    response = client.get(url(org_data.org, resource, obj.pk))
    assert response.status_code == read_status(role)
    if response.status_code == 200:
        assert response.json()["id"] == obj.pk
    else:
        assert set(response.json()) == {"message", "errors"}

    for side in SIDES:
        before = model.objects.count()
        response = client.post(url(org_data.org, resource), spec["create"](org_data, side), format="json")
        expected = write_status(role, side, 201)
        assert response.status_code == expected, f"create in {side} team: {response.json()}"
        assert model.objects.count() == before + (1 if expected == 201 else 0)
        if expected == 201:
            assert model.objects.for_org(org_data.org).filter(pk=response.json()["id"]).exists()

        obj = spec["obj"](org_data, side)
        response = client.patch(url(org_data.org, resource, obj.pk), spec["patch"], format="json")
        expected = write_status(role, side, 200)
        assert response.status_code == expected, f"update in {side} team: {response.json()}"
        obj.refresh_from_db()
        assert spec["changed"](obj) == (expected == 200)

        obj = spec.get("deletable", spec["obj"])(org_data, side)
        response = client.delete(url(org_data.org, resource, obj.pk))
        expected = write_status(role, side, 204)
        assert response.status_code == expected, f"delete in {side} team"
        assert model.objects.filter(pk=obj.pk).exists() == (expected != 204)

    if role in ("outsider", "anonymous"):
        return
    foreign = spec["obj"](other_org_data, "led")
    target = url(org_data.org, resource, foreign.pk)
    assert client.get(target).status_code == 404
    assert client.patch(target, spec["patch"], format="json").status_code == 404
    assert client.put(target, spec["create"](org_data, "led"), format="json").status_code == 404
    assert client.delete(target).status_code == 404
    foreign.refresh_from_db()
    assert not spec["changed"](foreign)


@pytest.mark.parametrize("resource", RESOURCES)
def test_member_of_one_org_cannot_reach_another_org(api_client, members, org_data, other_org_data, resource):
    """The admin of org A gets 404 for org B's list, objects and writes; B's data is unchanged."""
    spec = RESOURCES[resource]
    client = api_client(members["admin"])
    foreign = spec["obj"](other_org_data, "led")
    before = spec["model"].objects.count()
    assert client.get(url(other_org_data.org, resource)).status_code == 404
    assert client.get(url(other_org_data.org, resource, foreign.pk)).status_code == 404
    assert client.patch(url(other_org_data.org, resource, foreign.pk), spec["patch"], format="json").status_code == 404
    assert client.delete(url(other_org_data.org, resource, foreign.pk)).status_code == 404
    response = client.post(url(other_org_data.org, resource), spec["create"](other_org_data, "led"), format="json")
    assert response.status_code == 404
    assert spec["model"].objects.count() == before


@pytest.mark.parametrize(
    ("resource", "field", "value"),
    [
        ("people", "team", lambda d: d.led_child.pk),
        ("systems", "team", lambda d: d.led_child.pk),
        ("openings", "team", lambda d: d.led_child.pk),
        ("person-skills", "person", lambda d: d.people["led"].pk),
        ("assignments", "person", lambda d: d.people["led"].pk),
    ],
)
def test_referring_to_another_orgs_object_is_a_field_error(
    api_client, members, org_data, other_org_data, resource, field, value
):
    """Ids of another organisation are answered like ids that do not exist."""
    spec = RESOURCES[resource]
    payload = spec["create"](org_data, "led") | {field: value(other_org_data)}
    response = api_client(members["admin"]).post(url(org_data.org, resource), payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["message"] and field in body["errors"]
    assert "does not exist" in body["errors"][field][0]


def test_lead_cannot_move_a_person_out_of_their_teams(api_client, members, org_data):
    person = org_data.people["led"]
    client = api_client(members["lead"])
    response = client.patch(url(org_data.org, "people", person.pk), {"team": org_data.other.pk}, format="json")
    assert response.status_code == 403
    assert "teams you lead" in response.json()["message"]
    person.refresh_from_db()
    assert person.team == org_data.led_child
    # ...but moves them between the teams they lead.
    response = client.patch(url(org_data.org, "people", person.pk), {"team": org_data.led.pk}, format="json")
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.team == org_data.led


def test_lead_cannot_create_a_top_level_team_or_move_theirs(api_client, members, org_data):
    client = api_client(members["lead"])
    # As in the browser's form: a lead's new team needs a parent (a field error), one of the teams they lead.
    top = client.post(url(org_data.org, "teams"), {"name": "Root"}, format="json")
    assert top.status_code == 400 and "parent" in top.json()["errors"]
    assert not Team.objects.filter(organization=org_data.org, name="Root").exists()
    target = url(org_data.org, "teams", org_data.led_child.pk)
    response = client.patch(target, {"parent": org_data.other.pk}, format="json")
    assert response.status_code == 403
    # The team they were given stays where the admins put it.
    moved = client.patch(url(org_data.org, "teams", org_data.led.pk), {"parent": org_data.led_child.pk}, format="json")
    assert moved.status_code == 403 and "Only an organisation admin can move" in moved.json()["message"]
    # Editing the top team they lead without moving it is fine.
    response = client.put(
        url(org_data.org, "teams", org_data.led.pk),
        {"name": "Credit models", "parent": None, "kind": "central_ml", "description": "Scorecards"},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_organisations_list_shows_only_own_and_only_admins_change_settings(api_client, members, org, other_org):
    for role in ["admin", "executive", "lead", "viewer"]:
        client = api_client(members[role])
        body = client.get("/api/v1/orgs/").json()
        assert [o["slug"] for o in body["results"]] == [org.slug]
        assert body["results"][0]["my_role"] == role
        response = client.patch(f"/api/v1/orgs/{org.slug}/", {"industry": "Banking"}, format="json")
        assert response.status_code == (200 if role == "admin" else 403)
        assert client.get(f"/api/v1/orgs/{other_org.slug}/").status_code == 404
        assert client.patch(f"/api/v1/orgs/{other_org.slug}/", {"industry": "X"}, format="json").status_code == 404
    org.refresh_from_db()
    other_org.refresh_from_db()
    assert org.industry == "Banking"
    assert other_org.industry == ""
    assert api_client().get("/api/v1/orgs/").status_code == 401


# --- the browser and the API agree on teams and openings --------------------------------------------------

AGREE_ROLES = ["admin", "executive", "lead_of_team", "lead_of_other", "viewer"]


@pytest.fixture
def team_world(org, make_member):
    """top > given (a lead's team, with the sub-teams below and sibling, and an opening) and given_empty (the
    lead's second team, empty); top > other (another lead's team)."""
    top = TeamFactory(organization=org, name="Data & AI")
    given = TeamFactory(organization=org, name="Credit Risk", parent=top)
    world = {
        "top": top,
        "given": given,
        "given_empty": TeamFactory(organization=org, name="Fraud", parent=top),
        "below": TeamFactory(organization=org, name="Credit Models", parent=given),
        "sibling": TeamFactory(organization=org, name="Credit Data", parent=given),
        "other": TeamFactory(organization=org, name="Payments", parent=top),
    }
    world["opening"] = OpeningFactory(team=given, opened_on=datetime.date(2025, 1, 6))
    world["users"] = {
        "admin": make_member(org, "admin"),
        "executive": make_member(org, "executive"),
        "lead_of_team": make_member(org, "lead", teams=[given, world["given_empty"]]),
        "lead_of_other": make_member(org, "lead", teams=[world["other"]]),
        "viewer": make_member(org, "viewer"),
    }
    return world


def _page(org, name, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org_slug": org.slug, **kwargs})


def _team_form(team, **overrides):
    data = {"name": team.name, "parent": team.parent_id or "", "kind": team.kind, "pillar": team.pillar}
    return {**data, "lead_email": "", "description": team.description, **overrides}


def _opening_form(opening, **overrides):
    data = {"team": opening.team_id, "role": opening.role_id, "opened_on": opening.opened_on.isoformat()}
    return {**data, "status": opening.status, "filled_on": "", **overrides}


def _team_state(org):
    return sorted(Team.objects.for_org(org).values_list("name", "parent_id", "description"))


def _opening_state(org):
    return sorted(Opening.objects.for_org(org).values_list("team_id", "status", "filled_on"))


# (action, browser request, API request): each request is (method, url, body) built from the org and the world.
AGREE_ACTIONS = {
    "team create": (
        lambda o, w: (
            "post",
            _page(o, "team_new") + f"?parent={w['given'].pk}",
            _team_form(w["given"], name="New", parent=w["given"].pk),
        ),
        lambda o, w: ("post", url(o, "teams"), {"name": "New", "parent": w["given"].pk, "kind": "platform"}),
    ),
    "team update": (
        lambda o, w: ("post", _page(o, "team_edit", team_id=w["given"].pk), _team_form(w["given"], description="D")),
        lambda o, w: ("patch", url(o, "teams", w["given"].pk), {"description": "D"}),
    ),
    "team move": (
        lambda o, w: (
            "post",
            _page(o, "team_edit", team_id=w["below"].pk),
            _team_form(w["below"], parent=w["sibling"].pk),
        ),
        lambda o, w: ("patch", url(o, "teams", w["below"].pk), {"parent": w["sibling"].pk}),
    ),
    "team delete (a sub-team)": (
        lambda o, w: ("post", _page(o, "team_delete", team_id=w["below"].pk), {}),
        lambda o, w: ("delete", url(o, "teams", w["below"].pk), None),
    ),
    "team delete (the team a lead was given)": (
        lambda o, w: ("post", _page(o, "team_delete", team_id=w["given_empty"].pk), {}),
        lambda o, w: ("delete", url(o, "teams", w["given_empty"].pk), None),
    ),
    "opening add": (
        lambda o, w: ("post", _page(o, "opening_new", team_id=w["given"].pk), _opening_form(w["opening"])),
        lambda o, w: (
            "post",
            url(o, "openings"),
            {"team": w["given"].pk, "role": "mlops-engineer", "opened_on": "2025-01-06"},
        ),
    ),
    "opening fill": (
        lambda o, w: (
            "post",
            _page(o, "opening_edit", opening_id=w["opening"].pk),
            _opening_form(w["opening"], status="filled", filled_on="2025-03-03"),
        ),
        lambda o, w: ("patch", url(o, "openings", w["opening"].pk), {"status": "filled", "filled_on": "2025-03-03"}),
    ),
    "opening cancel": (
        lambda o, w: (
            "post",
            _page(o, "opening_edit", opening_id=w["opening"].pk),
            _opening_form(w["opening"], status="cancelled"),
        ),
        lambda o, w: ("patch", url(o, "openings", w["opening"].pk), {"status": "cancelled"}),
    ),
    "opening remove": (
        lambda o, w: ("post", _page(o, "opening_delete", opening_id=w["opening"].pk), {}),
        lambda o, w: ("delete", url(o, "openings", w["opening"].pk), None),
    ),
}

# Who may do what: admins everything; the lead of the team all but removing the team they were given;
# executives, viewers and the lead of another team nothing.
AGREE_ALLOWED = {
    "admin": set(AGREE_ACTIONS),
    "lead_of_team": set(AGREE_ACTIONS) - {"team delete (the team a lead was given)"},
}


def _decision(status_code: int) -> str:
    return "allowed" if status_code in (200, 201, 204, 302) else ("forbidden" if status_code == 403 else "refused")


@pytest.mark.parametrize("action", AGREE_ACTIONS)
@pytest.mark.parametrize("role", AGREE_ROLES)
def test_the_browser_and_the_api_agree_on_teams_and_openings(client, api_client, org, team_world, role, action):
    """The same action by the same member through the page and the endpoint: the same decision (allowed or
    403) and the same data afterwards."""
    user = team_world["users"][role]
    browser_request, api_request = AGREE_ACTIONS[action]
    client.force_login(user)
    outcomes = []
    for door, send, make in (("browser", client, browser_request), ("api", api_client(user), api_request)):
        with transaction.atomic():
            method, target, body = make(org, team_world)
            response = getattr(send, method)(target, body, **({"format": "json"} if door == "api" else {}))
            outcomes.append((_decision(response.status_code), _team_state(org), _opening_state(org)))
            transaction.set_rollback(True)
    (browser_decision, *browser_data), (api_decision, *api_data) = outcomes
    expected = "allowed" if action in AGREE_ALLOWED.get(role, ()) else "forbidden"
    assert (browser_decision, api_decision) == (expected, expected)
    assert browser_data == api_data
    if expected != "allowed":
        assert browser_data == [_team_state(org), _opening_state(org)]


def test_a_lead_cannot_remove_the_team_they_were_given_through_the_api(api_client, members, org_data):
    response = api_client(members["lead"]).delete(url(org_data.org, "teams", org_data.led.pk))
    assert response.status_code == 403
    assert response.json()["message"] == "Only an organisation admin can remove the team you lead."
    assert Team.objects.filter(pk=org_data.led.pk).exists()
