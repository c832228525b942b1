import pytest
from django.core.management import call_command

from orgs.models import Organization
from roles.choices import ML_PRACTITIONER_FAMILIES
from scoring.models import ScoringRun

pytestmark = pytest.mark.django_db


def test_the_demo_lender_classifies_sensibly_and_counts_every_ml_person_once():
    call_command("seed_demo")
    org = Organization.objects.get(slug="northwind")
    run = ScoringRun.objects.filter(organization=org, team=None, scenario=None).order_by("-created_at").first()
    cls = run.summary["classification"]
    # a lender whose answers describe product-embedded ML and whose data shows an ML division under its lead
    assert cls["archetype"] in (3, 4)
    assert cls["current_structure"] == "centralized"
    assert cls["recommended_structure"] in ("hybrid", "centralized-with-product")
    ml_fte = sum(float(p.fte) for p in org.people.select_related("role") if p.role.family in ML_PRACTITIONER_FAMILIES)
    assert cls["ml_fte"] == round(ml_fte, 2)
    assert f"of {cls['ml_fte']:g} ML practitioner FTE" in cls["structure_reasons"][0]
    assert cls["advice"] and all(a["facts"] and a["source"] for a in cls["advice"])
