"""Cross-checks: an answer the org data contradicts is a finding with both sides."""

from scoring.engine import score_org

from .builders import OrgBuilder, names, of_kind


def fragile_org() -> OrgBuilder:
    """One ML engineer deploys everything for six data scientists; one responsibility has no owner;
    the AI lead sits three levels below the CEO."""
    b = OrgBuilder()
    b.team("Company", kind="other")
    b.team("ML", parent="Company")
    b.person("CEO", "Company", "executive")
    b.person("VP", "Company", "executive", manager="CEO")
    b.person("Director", "Company", "engineering-manager", manager="VP")
    b.person("Lead", "ML", "ai-team-lead", manager="Director")
    b.person("Priya", "ML", "ml-engineer", manager="Lead")
    for i in range(6):
        b.person(f"DS{i}", "ML", "data-scientist", manager="Lead")
    for i in range(5):
        b.system(f"Model {i}", "ML", owners=[f"DS{i}"], deployers=["Priya"])
    b.responsibility("model-monitoring", stage="operate", name="Monitoring and drift detection")
    b.responsibility("model-deployment", stage="deploy")
    b.assign("Priya", "model-deployment")
    return b


def claims(b: OrgBuilder, value: bool = True):
    for code in ("bn-deployment-staffed", "bn-no-single-point", "rr-all-covered", "st-ml-lead-seat"):
        b.context(code, value)
    b.context("ctx-ml-reports-to", "c-level")


def checks_by_code(result) -> dict[str, object]:
    return {f.evidence["answers"][0]["code"]: f for f in of_kind(result, "cross_check")}


def test_claims_the_data_contradicts_are_findings_with_both_sides():
    b = fragile_org()
    claims(b)
    found = checks_by_code(score_org(b.build()))
    assert set(found) == {
        "bn-deployment-staffed",
        "bn-no-single-point",
        "rr-all-covered",
        "st-ml-lead-seat",
        "ctx-ml-reports-to",
    }

    deployment = found["bn-deployment-staffed"]
    assert deployment.severity == "high"
    assert deployment.evidence["answers"] == [
        {"code": "bn-deployment-staffed", "text": "Claim bn-deployment-staffed", "value": True}
    ]
    assert deployment.evidence["metrics"]["systems_per_productioniser"] == 5.0
    assert "5 production systems per productioniser FTE" in deployment.detail

    single = found["bn-no-single-point"]
    assert "the truck factor is 1" in single.detail
    assert names(single.evidence["people"]) == ["Priya"]
    assert len(single.evidence["systems"]) == 5

    covered = found["rr-all-covered"]
    assert [r["slug"] for r in covered.evidence["responsibilities"]] == ["model-monitoring"]

    seat = found["st-ml-lead-seat"]
    assert "Lead is 3 levels below the top" in seat.detail
    assert found["ctx-ml-reports-to"].evidence["metrics"] == {"depth": 3}


def test_claims_the_data_supports_raise_nothing():
    b = OrgBuilder()
    b.team("ML")
    b.person("Lead", "ML", "ai-team-lead")
    b.lead("ML", "Lead")
    for i in range(3):
        b.person(f"DS{i}", "ML", "data-scientist")
        b.person(f"MLE{i}", "ML", "ml-engineer")
    for i in range(3):
        b.system(f"S{i}", "ML", owners=[f"DS{i}", f"MLE{i}"], deployers=["MLE0", "MLE1", "MLE2"])
    b.responsibility("model-deployment", stage="deploy")
    b.assign("MLE0", "model-deployment")
    b.assign("MLE1", "model-deployment", "backup")
    claims(b)
    assert of_kind(score_org(b.build()), "cross_check") == []


def test_negative_answers_are_not_contradicted():
    b = fragile_org()
    claims(b, value=False)
    assert set(checks_by_code(score_org(b.build()))) == {"ctx-ml-reports-to"}


def test_path_to_production_claims_are_checked_against_system_stages():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML", "data-scientist")
    b.system("Proto", "ML", stage="prototype", owners=["Ann"])
    b.context("ctx-path-to-production", "self-serve")
    check = of_kind(score_org(b.build()), "cross_check")[0]
    assert check.severity == "medium"
    assert check.evidence["metrics"] == {"production_systems": 0, "systems": 1}
