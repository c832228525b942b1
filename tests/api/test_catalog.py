"""The shared catalog over the API: read by every signed-in user, changed only by site staff, with history."""

import pytest

from roles.models import Archetype, Responsibility, RoleTemplate, Skill
from tests.orgs.factories import PersonFactory

CATALOG = {
    "roles": {
        "model": RoleTemplate,
        "existing": "ml-engineer",
        "create": {
            "slug": "ml-platform-engineer",
            "name": "ML Platform Engineer",
            "category": "core_ml",
            "family": "productioniser",
            "target_skills": {"infrastructure": 4, "software-engineering": 3},
            "default_responsibilities": ["serving-infrastructure", "ci-cd"],
            "months_to_hire": "7.5",
        },
        "patch": {"months_to_hire": "8.0"},
        "changed": lambda o: str(o.months_to_hire) == "8.0",
    },
    "responsibilities": {
        "model": Responsibility,
        "existing": "data-pipelines",
        "create": {"slug": "feature-store", "name": "Feature store", "pillar": "data", "stage": "build"},
        "patch": {"description": "Owning the pipelines"},
        "changed": lambda o: o.description == "Owning the pipelines",
    },
    "skills": {
        "model": Skill,
        "existing": "communication",
        "create": {"slug": "statistics", "name": "Statistics"},
        "patch": {"description": "Explaining results"},
        "changed": lambda o: o.description == "Explaining results",
    },
    "archetypes": {
        "model": Archetype,
        "existing": None,
        "create": None,
        "patch": {"pains": "Slow hand-offs"},
        "changed": lambda o: o.pains == "Slow hand-offs",
    },
}
USERS = ["staff", "admin", "executive", "lead", "viewer", "outsider", "anonymous"]


@pytest.fixture
def catalog_users(members, staff_user):
    return {**members, "staff": staff_user}


def _existing(spec):
    return spec["model"].objects.get(slug=spec["existing"]) if spec["existing"] else spec["model"].objects.first()


@pytest.mark.parametrize("resource", CATALOG)
@pytest.mark.parametrize("who", USERS)
def test_catalog_permissions(api_client, catalog_users, resource, who):
    spec = CATALOG[resource]
    client = api_client(catalog_users[who])
    read = 401 if who == "anonymous" else 200
    write_ok = who == "staff"
    denied = 401 if who == "anonymous" else 403
    model = spec["model"]

    response = client.get(f"/api/v1/catalog/{resource}/")
    assert response.status_code == read
    if read == 200:
        assert response.json()["count"] == model.objects.count() > 0
    obj = _existing(spec)
    assert client.get(f"/api/v1/catalog/{resource}/{obj.slug}/").status_code == read

    if spec["create"]:
        before = model.objects.count()
        response = client.post(f"/api/v1/catalog/{resource}/", spec["create"], format="json")
        assert response.status_code == (201 if write_ok else denied), response.json()
        assert model.objects.count() == before + (1 if write_ok else 0)

    response = client.patch(f"/api/v1/catalog/{resource}/{obj.slug}/", spec["patch"], format="json")
    assert response.status_code == (200 if write_ok else denied)
    obj.refresh_from_db()
    assert spec["changed"](obj) == write_ok


def test_staff_change_is_kept_in_history_with_the_user(api_client, staff_user, catalog):
    role = RoleTemplate.objects.get(slug="data-scientist")
    response = api_client(staff_user).patch(
        "/api/v1/catalog/roles/data-scientist/", {"scarcity": "very_high"}, format="json"
    )
    assert response.status_code == 200
    latest = role.history.order_by("-history_date").first()
    assert latest.scarcity == "very_high"
    assert latest.history_user == staff_user


def test_role_create_round_trip_and_rules(api_client, staff_user, catalog):
    client = api_client(staff_user)
    response = client.post("/api/v1/catalog/roles/", CATALOG["roles"]["create"], format="json")
    assert response.status_code == 201
    body = client.get("/api/v1/catalog/roles/ml-platform-engineer/").json()
    assert body["target_skills"] == {"infrastructure": 4, "software-engineering": 3}
    assert sorted(body["default_responsibilities"]) == ["ci-cd", "serving-infrastructure"]

    bad = client.post(
        "/api/v1/catalog/roles/",
        {"slug": "x", "name": "X", "category": "core_ml", "target_skills": {"juggling": 2}},
        format="json",
    )
    assert bad.status_code == 400
    assert "juggling" in bad.json()["errors"]["target_skills"][0]
    too_high = client.post(
        "/api/v1/catalog/roles/",
        {"slug": "y", "name": "Y", "category": "core_ml", "target_skills": {"communication": 9}},
        format="json",
    )
    assert too_high.status_code == 400
    assert "target_skills" in too_high.json()["errors"]
    duplicate = client.post(
        "/api/v1/catalog/roles/", {"slug": "ml-engineer", "name": "Another", "category": "core_ml"}, format="json"
    )
    assert duplicate.status_code == 400
    assert "slug" in duplicate.json()["errors"]


def test_deleting_a_role_in_use_is_a_conflict(api_client, staff_user, org):
    PersonFactory(team__organization=org)  # an ML engineer
    client = api_client(staff_user)
    response = client.delete("/api/v1/catalog/roles/ml-engineer/")
    assert response.status_code == 409
    assert "people" in response.json()["message"]
    assert RoleTemplate.objects.filter(slug="ml-engineer").exists()
    assert client.delete("/api/v1/catalog/roles/executive/").status_code == 204
    assert not RoleTemplate.objects.filter(slug="executive").exists()


def test_catalog_filters_and_ordering(api_client, members):
    client = api_client(members["viewer"])
    body = client.get("/api/v1/catalog/roles/", {"family": "builder", "ordering": "slug"}).json()
    assert [r["slug"] for r in body["results"]] == ["applied-scientist", "data-scientist", "ml-researcher"]
    body = client.get("/api/v1/catalog/responsibilities/", {"pillar": "data"}).json()
    assert {r["pillar"] for r in body["results"]} == {"data"} and body["count"] == 4
    response = client.get("/api/v1/catalog/roles/", {"family": "wizard"})
    assert response.status_code == 400
    assert "family" in response.json()["errors"]
