"""Archetype, current and recommended structure, design choices and the changes to get there."""

import pytest

from scoring.engine import score_org
from scoring.engine.classification import recommend

from .builders import OrgBuilder


def ml_org(*, central: int, embedded: int, stage="enterprise", ml_focus="product") -> OrgBuilder:
    """`central` ML people in a central team, `embedded` in product pods, two production systems."""
    b = OrgBuilder(stage=stage, ml_focus=ml_focus)
    b.team("Data & AI")
    b.team("Pod", kind="embedded_ml")
    for i in range(central):
        b.person(f"C{i}", "Data & AI", "data-scientist" if i % 2 else "ml-engineer")
    for i in range(embedded):
        b.person(f"E{i}", "Pod", "data-scientist" if i % 2 else "ml-engineer")
    return b


@pytest.mark.parametrize(
    ("central", "embedded", "structure"),
    [(9, 1, "centralized"), (1, 9, "decentralized"), (5, 5, "hybrid"), (8, 2, "centralized"), (2, 8, "decentralized")],
)
def test_current_structure_follows_where_ml_people_sit(central, embedded, structure):
    result = score_org(ml_org(central=central, embedded=embedded).build())
    assert result.current_structure == structure
    assert (
        f"{central:g} of {central + embedded:g} ML practitioner FTE"
        in result.summary["classification"]["structure_reasons"][0]
    )


def test_central_teams_with_product_and_engineering_are_centralized_with_product():
    b = ml_org(central=6, embedded=0)
    b.person("PM", "Data & AI", "product-manager")
    b.person("SWE", "Data & AI", "software-engineer")
    assert score_org(b.build()).current_structure == "centralized-with-product"


def test_thin_data_falls_back_to_the_answer_and_a_disagreement_is_reported():
    b = ml_org(central=1, embedded=1)
    b.context("ctx-structure", "decentralized")
    result = score_org(b.build())
    assert result.current_structure == "decentralized"
    assert "the assessment calls it decentralized" in result.summary["classification"]["structure_reasons"][0]

    b = ml_org(central=9, embedded=1)
    b.context("ctx-structure", "decentralized")
    result = score_org(b.build())
    assert result.current_structure == "centralized"  # the team data wins when there is enough of it
    check = [f for f in result.findings if f.kind == "cross_check"][0]
    assert check.evidence["answers"][0]["value"] == "decentralized"
    assert check.evidence["metrics"]["central_share"] == 0.9


@pytest.mark.parametrize(
    ("stage", "focus", "archetype", "current", "expected"),
    [
        ("startup-small", "research", 2, "centralized", "centralized"),
        ("startup-small", "product", 3, "centralized", "decentralized"),
        ("startup-small", "both", 3, "centralized", "decentralized"),
        ("startup-large", "research", 2, "hybrid", "centralized"),
        ("startup-large", "product", 3, "centralized", "decentralized"),
        ("startup-large", "both", 4, "centralized", "hybrid"),
        ("enterprise", "product", 3, "decentralized", "hybrid"),
        ("enterprise", "research", 2, "centralized", "hybrid"),
        ("enterprise", "both", 4, "centralized", "centralized-with-product"),
        ("enterprise", "both", 4, "decentralized", "hybrid"),
    ],
)
def test_recommended_structure_follows_the_rules_of_thumb(stage, focus, archetype, current, expected):
    structure, reasons = recommend(stage, focus, archetype, current)
    assert structure == expected
    assert reasons


def test_answers_override_the_org_profile_for_stage_and_focus():
    b = ml_org(central=5, embedded=5, stage="enterprise", ml_focus="product")
    b.context("ctx-company-stage", "startup-small")
    b.context("ctx-ml-focus", "research")
    cls = score_org(b.build()).summary["classification"]
    assert cls["recommended_structure"] == "centralized"
    assert cls["design_choices"]["engineering_vs_research"]["choice"] == "research"


def test_an_rnd_organisation_is_archetype_2_with_reasons():
    b = OrgBuilder(stage="enterprise", ml_focus="research")
    b.team("Research Lab", kind="research")
    for i in range(6):
        b.person(f"R{i}", "Research Lab", "ml-researcher")
    for i in range(6):
        b.system(f"Prototype {i}", "Research Lab", stage="prototype", owners=[f"R{i}"])
    b.context("ctx-research-vs-engineering", "research")
    b.context("ctx-data-ownership", "none")
    b.context("ctx-model-ownership", "none")
    b.context("ctx-path-to-production", "none")
    cls = score_org(b.build()).summary["classification"]
    assert cls["archetype"] == 2
    assert cls["archetype_name"] == "R&D"
    reasons = " ".join(cls["archetype_reasons"])
    assert "0 of 6 ML systems are in production" in reasons
    assert "research teams" in reasons
    assert "no data engineers" in reasons


def test_a_product_embedded_organisation_is_archetype_3():
    b = ml_org(central=1, embedded=8)
    b.person("DE", "Pod", "data-engineer")
    b.system("Churn", "Pod", owners=["E1"], deployers=["E0"])
    b.context("ctx-research-vs-engineering", "engineering")
    b.context("ctx-data-ownership", "works-with-data-eng")
    b.context("ctx-model-ownership", "builders-own-deployed")
    b.context("ctx-path-to-production", "ml-team-deploys")
    assert score_org(b.build()).archetype == 3


def test_an_ml_first_organisation_is_archetype_5_and_owns_data():
    b = ml_org(central=6, embedded=6, ml_focus="both")
    b.context("ctx-research-vs-engineering", "balanced")
    b.context("ctx-data-ownership", "owns-data-infra")
    b.context("ctx-model-ownership", "handed-operated")
    b.context("ctx-path-to-production", "self-serve")
    result = score_org(b.build())
    assert result.archetype == 5
    choices = result.summary["classification"]["design_choices"]
    assert choices["data_ownership"]["choice"] == "owns-data-infra"
    assert choices["model_ownership"]["choice"] == "handed-operated"


def test_a_tiny_team_is_nascent():
    b = OrgBuilder()
    b.team("IT", kind="other")
    b.person("Solo", "IT", "data-scientist")
    cls = score_org(b.build()).summary["classification"]
    assert cls["archetype"] == 1
    assert any(r.startswith("Only 1 ML practitioner FTE") for r in cls["archetype_reasons"])


def test_changes_needed_name_the_move_and_the_design_choices_that_differ():
    b = ml_org(central=9, embedded=1, stage="enterprise", ml_focus="product")
    b.context("ctx-data-ownership", "none")
    cls = score_org(b.build()).summary["classification"]
    assert cls["current_structure"] == "centralized"
    assert cls["recommended_structure"] == "hybrid"
    changes = " ".join(cls["changes_needed"])
    assert "Move from centralized to hybrid" in changes
    assert "Data ownership: from 'no data ownership' to 'a voice in data governance" in changes
    assert "meet regularly" in changes
