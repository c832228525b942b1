import json

import pytest
from django.urls import reverse

from roles.models import RoleTemplate
from tests.orgs.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, catalog):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _form_data(role: RoleTemplate, **changes):
    data = {
        "slug": role.slug,
        "name": role.name,
        "category": role.category,
        "family": role.family,
        "purpose": role.purpose,
        "target_skills": json.dumps(role.target_skills),
        "default_responsibilities": [r.pk for r in role.default_responsibilities.all()],
        "months_to_hire": str(role.months_to_hire),
        "hire_time_spread": str(role.hire_time_spread),
        "scarcity": role.scarcity,
        "annual_cost": str(role.annual_cost),
    }
    data.update(changes)
    return data


def test_admin_edit_is_recorded_listed_and_revertible(staff_client):
    role = RoleTemplate.objects.get(slug="mlops-engineer")
    original_months = role.months_to_hire
    change_url = reverse("admin:roles_roletemplate_change", args=[role.pk])
    before_edit = role.history.latest()

    response = staff_client.post(change_url, _form_data(role, months_to_hire="9.5"))
    assert response.status_code == 302, response.content
    role.refresh_from_db()
    assert float(role.months_to_hire) == 9.5

    assert float(before_edit.months_to_hire) == float(original_months)
    delta = role.history.latest().diff_against(before_edit)
    assert [c.field for c in delta.changes] == ["months_to_hire"]
    versions_before_revert = role.history.count()

    history_page = staff_client.get(reverse("admin:roles_roletemplate_history", args=[role.pk]))
    assert history_page.status_code == 200
    assert b"9.5" in history_page.content

    # Revert: the simple-history admin shows the old version as a form; saving it restores it.
    revert_url = reverse("admin:roles_roletemplate_simple_history", args=[role.pk, before_edit.history_id])
    assert staff_client.get(revert_url).status_code == 200
    response = staff_client.post(revert_url, _form_data(role, months_to_hire=str(original_months)))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.months_to_hire == original_months
    assert role.history.count() > versions_before_revert


def test_invalid_target_skills_get_a_clear_message(staff_client):
    role = RoleTemplate.objects.get(slug="ml-engineer")
    response = staff_client.post(
        reverse("admin:roles_roletemplate_change", args=[role.pk]),
        _form_data(role, target_skills=json.dumps({"ml-expertise": 7})),
    )
    assert response.status_code == 200
    assert "must be a whole number 0-4" in response.content.decode()
    role.refresh_from_db()
    assert role.target_skills["ml-expertise"] != 7


def test_catalog_is_not_editable_by_non_staff(client, catalog):
    client.force_login(UserFactory())
    role = RoleTemplate.objects.get(slug="ml-engineer")
    response = client.get(reverse("admin:roles_roletemplate_change", args=[role.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url
