"""For every catalog model with history: change every field in the admin, see each change listed in the history,
then revert through the admin's revert form (submitted as the page shows it) and get every field back, many-to-many
included."""

import json

import pytest

from roles.choices import LifecycleStage, Pillar, RoleCategory, RoleFamily, Scarcity
from roles.models import Archetype, Responsibility, RoleTemplate, Skill
from tests.orgs.factories import UserFactory
from tests.roles.admin_forms import assert_history_after_revert, assert_round_trip, change_then_revert

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def other(choices, current) -> str:
    return next(value for value, _ in choices if value != current)


def test_role_template_revert_restores_every_field_and_its_responsibilities(staff_client, catalog):
    role = RoleTemplate.objects.get(slug="mlops-engineer")
    responsibilities = set(role.default_responsibilities.values_list("pk", flat=True))
    others = list(Responsibility.objects.exclude(pk__in=responsibilities).values_list("pk", flat=True)[:2])
    kept = sorted(responsibilities)[:1]
    changes = {
        "slug": ["mlops-engineer-renamed"],
        "name": ["MLOps engineer (renamed)"],
        "category": [other(RoleCategory.choices, role.category)],
        "family": [other(RoleFamily.choices, role.family)],
        "purpose": ["Keeps models running in production, renamed."],
        "target_skills": [json.dumps({"ml-expertise": 1})],
        "default_responsibilities": [str(pk) for pk in kept + others],
        "months_to_hire": ["9.5"],
        "hire_time_spread": ["0.75"],
        "scarcity": [other(Scarcity.choices, role.scarcity)],
        "annual_cost": ["123456"],
    }
    result = change_then_revert(staff_client, role, changes)
    labels = {f.name: f.verbose_name.capitalize() for f in RoleTemplate._meta.get_fields() if f.name in changes}
    assert_round_trip(result, changes, labels)

    role = RoleTemplate.objects.get(pk=role.pk)
    assert set(role.default_responsibilities.values_list("pk", flat=True)) == responsibilities
    assert role.slug == "mlops-engineer"
    assert_history_after_revert(staff_client, role)


def test_responsibility_revert_restores_every_field(staff_client, catalog):
    item = Responsibility.objects.order_by("pk").first()
    changes = {
        "slug": [item.slug + "-x"],
        "name": [item.name + " (changed)"],
        "pillar": [other(Pillar.choices, item.pillar)],
        "stage": [other(LifecycleStage.choices, item.stage)],
        "description": ["A changed description."],
    }
    result = change_then_revert(staff_client, item, changes)
    assert_round_trip(result, changes, {"slug": "Slug", "name": "Name", "pillar": "Pillar", "stage": "Stage"})
    assert Responsibility.objects.get(pk=item.pk).name == item.name
    assert_history_after_revert(staff_client, item)


def test_skill_revert_restores_every_field(staff_client, catalog):
    item = Skill.objects.order_by("pk").first()
    changes = {"slug": [item.slug + "-x"], "name": [item.name + " (changed)"], "description": ["Changed."]}
    result = change_then_revert(staff_client, item, changes)
    assert_round_trip(result, changes, {"slug": "Slug", "name": "Name", "description": "Description"})
    assert Skill.objects.get(pk=item.pk).slug == item.slug
    assert_history_after_revert(staff_client, item)


def test_archetype_revert_restores_every_field(staff_client):
    item = Archetype(number=1, slug="centralised", name="Centralised", typical_org="Small", pains="Queues")
    item.save()
    text_fields = ["typical_org", "ml_vs_engineering", "data_ownership", "model_ownership", "strengths", "pains"]
    changes = {
        "number": ["2"],
        "slug": ["embedded"],
        "name": ["Embedded"],
        **{name: [f"Changed {name}."] for name in text_fields},
    }
    result = change_then_revert(staff_client, item, changes)
    labels = {f.name: f.verbose_name.capitalize() for f in Archetype._meta.fields if f.name in changes}
    assert_round_trip(result, changes, labels)
    item.refresh_from_db()
    assert (item.number, item.slug, item.pains, item.strengths) == (1, "centralised", "Queues", "")
    assert_history_after_revert(staff_client, item)
