import pytest
from django.core.management import call_command

from roles.models import Archetype, Responsibility, RoleTemplate, Skill

pytestmark = pytest.mark.django_db

ROLE_SLUGS = {
    "ai-team-lead": "AI Team Lead",
    "ml-product-manager": "ML Product Manager",
    "ml-engineer": "ML Engineer",
    "mlops-engineer": "MLOps Engineer",
    "ml-researcher": "ML Researcher",
    "applied-scientist": "Applied Scientist",
    "data-scientist": "Data Scientist",
    "data-engineer": "Data Engineer",
    "devops-engineer": "DevOps Engineer",
    "infrastructure-engineer": "Infrastructure Engineer",
    "software-engineer": "Software Engineer",
    "product-manager": "Product Manager",
    "designer": "Designer",
    "business-analyst": "Business Analyst",
    "engineering-manager": "Engineering Manager",
    "executive": "Executive",
}


def test_seed_catalog_loads_exact_names_and_slugs(capsys):
    call_command("seed_catalog")
    assert dict(RoleTemplate.objects.values_list("slug", "name")) == ROLE_SLUGS
    assert Responsibility.objects.count() == 21
    assert set(Skill.objects.values_list("slug", flat=True)) == {
        "ml-expertise",
        "software-engineering",
        "data-engineering",
        "infrastructure",
        "communication",
        "domain-knowledge",
        "product-sense",
    }
    assert list(Archetype.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    families = dict(RoleTemplate.objects.values_list("slug", "family"))
    assert {s for s, f in families.items() if f == "builder"} == {
        "ml-researcher",
        "applied-scientist",
        "data-scientist",
    }
    assert {s for s, f in families.items() if f == "productioniser"} == {
        "ml-engineer",
        "mlops-engineer",
        "devops-engineer",
        "infrastructure-engineer",
    }
    mle = RoleTemplate.objects.get(slug="ml-engineer")
    assert float(mle.months_to_hire) == 6.0
    assert RoleTemplate.objects.get(slug="mlops-engineer").months_to_hire > mle.months_to_hire
    assert "model-deployment" in set(mle.default_responsibilities.values_list("slug", flat=True))
    assert "created" in capsys.readouterr().out


def test_seed_catalog_is_idempotent_and_keeps_admin_edits():
    call_command("seed_catalog")
    role = RoleTemplate.objects.get(slug="ml-engineer")
    role.months_to_hire = 8
    role.purpose = "Edited by an administrator."
    role.save()
    Responsibility.objects.filter(slug="hiring").update(name="Recruiting")
    counts = (RoleTemplate.objects.count(), Responsibility.objects.count(), Skill.objects.count())

    call_command("seed_catalog")

    assert (RoleTemplate.objects.count(), Responsibility.objects.count(), Skill.objects.count()) == counts
    role.refresh_from_db()
    assert float(role.months_to_hire) == 8 and role.purpose == "Edited by an administrator."
    assert Responsibility.objects.get(slug="hiring").name == "Recruiting"


def test_a_new_role_with_defaults_passes_its_own_validation():
    role = RoleTemplate(slug="prompt-engineer", name="Prompt Engineer", category="core_ml")
    role.full_clean()
