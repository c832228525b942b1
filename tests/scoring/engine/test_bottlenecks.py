"""Bottleneck findings on hand-built organisations: each kind found, with the right evidence."""

from datetime import date

import pytest

from scoring.engine import departure_impact, score_org
from scoring.engine.bottlenecks import system_bus_factors, truck_factor_of
from scoring.engine.frames import OrgFrames

from .builders import OrgBuilder, names, of_kind


def truck_factor_example() -> OrgBuilder:
    """Five people, five production systems; the truck factor is 2 (docs/scoring.md works it out by hand)."""
    b = OrgBuilder()
    b.team("ML")
    for p in "ABCDE":
        b.person(p, "ML", "ml-engineer")
    b.system("S1", "ML", owners="A", deployers="A")
    b.system("S2", "ML", owners="AB", deployers="C")
    b.system("S3", "ML", owners="B", deployers="CD")
    b.system("S4", "ML", owners="DE", deployers="DE")
    b.system("S5", "ML", owners="E", deployers="C")
    return b


def test_truck_factor_matches_the_hand_computation():
    b = truck_factor_example()
    tf = truck_factor_of(OrgFrames(b.build()))
    # Step 1: C alone deploys S2 and S5 -> removing C orphans 2 (the most); 2 of 5 is not more than half.
    # Step 2: A, B and D would each orphan one more; D can run the most systems still running (S3, S4), so D goes.
    # S3 loses its last deployer: 3 of 5 orphaned, more than half. Truck factor 2.
    assert tf.value == 2
    assert tf.removed == [b.id("person", "C"), b.id("person", "D")]
    assert (tf.production_systems, tf.orphaned_before, tf.orphaned_after) == (5, 0, 3)

    result = score_org(b.build())
    assert result.truck_factor == 2
    assert result.summary["truck_factor"] == {
        "value": 2,
        "removed": [{"id": b.id("person", "C"), "name": "C"}, {"id": b.id("person", "D"), "name": "D"}],
        "production_systems": 5,
        "orphaned_after": 3,
    }
    finding = of_kind(result, "truck_factor")[0]
    assert finding.severity == "high"
    assert names(finding.evidence["people"]) == ["C", "D"]


def test_truck_factor_only_counts_production_systems():
    b = truck_factor_example()
    b.system("Idea", "ML", stage="idea", owners="A", deployers="A")
    b.system("Old", "ML", stage="retired")
    assert truck_factor_of(OrgFrames(b.build())).production_systems == 5


def test_truck_factor_is_zero_when_most_systems_already_have_nobody():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML")
    b.system("S1", "ML", owners=["Ann"], deployers=["Ann"])
    b.system("S2", "ML", owners=["Ann"])  # nobody can deploy it
    b.system("S3", "ML")
    result = score_org(b.build())
    assert result.truck_factor == 0
    finding = of_kind(result, "truck_factor")[0]
    assert finding.severity == "critical"
    assert finding.evidence["metrics"]["orphaned_before"] == 2


def test_no_production_systems_means_no_truck_factor():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML")
    b.system("Proto", "ML", stage="prototype", owners=["Ann"], deployers=["Ann"])
    result = score_org(b.build())
    assert result.truck_factor is None
    assert result.summary["truck_factor"]["production_systems"] == 0
    assert of_kind(result, "truck_factor") == []


def test_system_bus_factor_is_the_smaller_of_owners_and_deployers():
    b = OrgBuilder()
    b.team("ML")
    for p in ("Ann", "Bob", "Cat"):
        b.person(p, "ML")
    b.system("Both", "ML", owners=["Ann", "Bob", "Cat"], deployers=["Ann"])
    b.system("Pair", "ML", owners=["Ann", "Bob"], deployers=["Ann", "Bob"])
    b.system("NoDeployer", "ML", owners=["Cat"])
    bus = system_bus_factors(OrgFrames(b.build())).set_index("name")
    assert bus.loc["Both", "bus_factor"] == 1
    assert bus.loc["Pair", "bus_factor"] == 2
    assert bus.loc["NoDeployer", "bus_factor"] == 0


def test_weak_production_systems_are_grouped_per_team_with_the_single_people():
    b = OrgBuilder()
    b.team("Risk")
    b.team("Growth", kind="embedded_ml")
    b.person("Ann", "Risk", "data-scientist")
    b.person("Bob", "Risk", "ml-engineer")
    b.person("Cat", "Growth", "data-scientist")
    b.person("Dan", "Growth", "ml-engineer")
    b.system("Scoring", "Risk", owners=["Ann", "Bob"], deployers=["Bob"])
    b.system("Fraud", "Risk", owners=["Ann"])
    b.system("Churn", "Growth", owners=["Cat", "Dan"], deployers=["Cat", "Dan"])
    result = score_org(b.build())
    findings = of_kind(result, "bus_factor_system")
    assert len(findings) == 1
    risk = findings[0]
    assert risk.team_id == b.id("team", "Risk")
    assert risk.severity == "critical"  # Fraud has nobody who can deploy it
    assert names(risk.evidence["systems"]) == ["Fraud", "Scoring"]
    assert names(risk.evidence["people"]) == ["Bob"]
    assert risk.evidence["metrics"] == {"bus_factor_0": 1, "bus_factor_1": 1}
    assert "Fraud (no deployer)" in risk.detail


def test_a_planted_universal_expert_is_found_with_what_they_would_orphan():
    b = OrgBuilder()
    b.team("Risk")
    b.person("Priya", "Risk", "ml-engineer")
    b.person("Ann", "Risk", "data-scientist")
    b.person("Bob", "Risk", "data-scientist")
    b.person("Cat", "Risk", "ml-engineer")
    b.responsibility("model-deployment", stage="deploy")
    b.responsibility("model-monitoring", stage="operate")
    b.assign("Priya", "model-deployment", "owner")
    b.assign("Priya", "model-monitoring", "owner")
    b.assign("Cat", "model-monitoring", "backup")
    for s in ("Credit scoring", "Fraud detection", "Collections"):
        b.system(s, "Risk", owners=["Ann", "Bob", "Priya"], deployers=["Priya"])
    b.system("Forecast", "Risk", owners=["Ann"], deployers=["Priya", "Cat"])
    b.system("Sandbox", "Risk", stage="prototype", owners=["Priya"], deployers=["Priya"])

    result = score_org(b.build())
    experts = of_kind(result, "universal_expert")
    assert len(experts) == 1
    expert = experts[0]
    assert names(expert.evidence["people"]) == ["Priya"]
    # the three production systems only she deploys, and the responsibility only she carries;
    # not Forecast (Cat deploys it too), the prototype, or monitoring (Cat is its backup)
    assert names(expert.evidence["systems"]) == ["Credit scoring", "Fraud detection", "Collections"]
    assert [r["slug"] for r in expert.evidence["responsibilities"]] == ["model-deployment"]
    assert expert.severity == "critical"
    assert expert.team_id == b.id("team", "Risk")
    assert expert.evidence["metrics"] == {"orphaned_systems": 3, "orphaned_responsibilities": 1}

    impact = departure_impact(b.build(), [b.id("person", "Priya")])
    assert names(impact["systems"]) == ["Collections", "Credit scoring", "Fraud detection", "Sandbox"]
    assert impact["production_systems_orphaned"] == 3
    assert [r["slug"] for r in impact["responsibilities"]] == ["model-deployment"]
    assert [r["slug"] for r in impact["responsibilities_losing_owner"]] == ["model-deployment", "model-monitoring"]


def test_someone_with_backups_everywhere_is_not_a_universal_expert():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML")
    b.person("Bob", "ML")
    for s in ("S1", "S2", "S3"):
        b.system(s, "ML", owners=["Ann", "Bob"], deployers=["Ann", "Bob"])
    assert of_kind(score_org(b.build()), "universal_expert") == []


def test_an_uncovered_responsibility_is_found():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML")
    b.person("Bob", "ML")
    b.responsibility("model-governance", name="Governance and safety checks")
    b.responsibility("onboarding", pillar="team", stage="manage")
    b.responsibility("hiring", pillar="team", stage="manage")
    b.assign("Ann", "onboarding", "contributor")
    b.assign("Bob", "hiring", "backup")
    result = score_org(b.build())
    uncovered = {f.evidence["responsibilities"][0]["slug"]: f for f in of_kind(result, "uncovered_responsibility")}
    assert set(uncovered) == {"model-governance", "onboarding", "hiring"}
    assert uncovered["model-governance"].severity == "high"
    assert uncovered["model-governance"].title == "Nobody owns Governance and safety checks"
    assert "nobody works on it" in uncovered["model-governance"].detail
    assert names(uncovered["onboarding"].evidence["people"]) == ["Ann"]
    assert uncovered["hiring"].severity == "medium"  # a backup could step in
    coverage = {c["slug"]: c for c in result.summary["coverage"]}
    assert coverage["onboarding"]["owners"] == 0 and coverage["onboarding"]["contributors"] == 1


def test_a_single_carrier_of_a_production_critical_responsibility_is_high():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML")
    b.responsibility("model-monitoring", stage="operate")
    b.responsibility("research", stage="experiment")
    b.assign("Ann", "model-monitoring")
    b.assign("Ann", "research")
    found = {
        f.evidence["responsibilities"][0]["slug"]: f for f in of_kind(score_org(b.build()), "bus_factor_responsibility")
    }
    assert found["model-monitoring"].severity == "high"
    assert found["research"].severity == "medium"
    assert names(found["research"].evidence["people"]) == ["Ann"]


def test_overlapping_owners_without_a_lead_are_found():
    b = OrgBuilder()
    for t in ("Risk", "Growth", "Payments"):
        b.team(t)
    b.person("Ann", "Risk")
    b.person("Bob", "Growth")
    b.person("Cat", "Payments")
    b.person("Dan", "Growth")
    b.responsibility("model-evaluation")
    b.responsibility("data-quality")
    for p in ("Ann", "Dan", "Cat"):
        b.assign(p, "model-evaluation")
    b.assign("Ann", "data-quality")
    b.assign("Bob", "data-quality")
    b.lead("Growth", "Bob")  # Bob leads a team, so data quality has a leading owner
    overlaps = of_kind(score_org(b.build()), "overlapping_responsibility")
    assert len(overlaps) == 1
    assert overlaps[0].evidence["responsibilities"][0]["slug"] == "model-evaluation"
    assert names(overlaps[0].evidence["teams"]) == ["Risk", "Growth", "Payments"]
    assert overlaps[0].severity == "medium"


def test_deployment_bottleneck_compares_builders_and_productionisers():
    b = OrgBuilder()
    b.team("ML")
    for i in range(6):
        b.person(f"DS{i}", "ML", "data-scientist")
    b.person("Ops", "ML", "mlops-engineer", fte=0.5)
    b.person("Half", "ML", "ml-engineer", fte=0.5)
    for i in range(4):
        b.system(f"S{i}", "ML", owners=[f"DS{i}"], deployers=["Ops", "Half"])
    result = score_org(b.build())
    assert result.summary["deployment"] == {
        "builder_fte": 6.0,
        "productioniser_fte": 1.0,
        "builders_per_productioniser": 6.0,
        "production_systems": 4,
        "systems_per_productioniser": 4.0,
    }
    finding = of_kind(result, "deployment_bottleneck")[0]
    assert finding.severity == "high"  # 6 builders per productioniser is twice the sustainable 3
    assert names(finding.evidence["people"]) == ["Ops", "Half"]


def test_production_systems_without_any_productioniser_are_critical():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML", "data-scientist")
    b.system("S1", "ML", owners=["Ann"], deployers=["Ann"])
    finding = of_kind(score_org(b.build()), "deployment_bottleneck")[0]
    assert finding.severity == "critical"
    assert finding.evidence["metrics"]["productioniser_fte"] == 0.0


def test_a_balanced_team_has_no_deployment_bottleneck():
    b = OrgBuilder()
    b.team("ML")
    b.person("DS", "ML", "data-scientist")
    b.person("MLE", "ML", "ml-engineer")
    b.system("S1", "ML", owners=["DS"], deployers=["MLE"])
    assert of_kind(score_org(b.build()), "deployment_bottleneck") == []


def test_overloaded_people_and_teams_per_fte():
    b = OrgBuilder()
    b.team("ML")
    b.team("Tiny", kind="embedded_ml")
    b.person("Part", "ML", "ml-engineer", fte=0.5)
    b.person("Full", "ML", "ml-engineer")
    b.person("Solo", "Tiny", "ml-engineer")
    for slug in ("a", "b", "c"):
        b.responsibility(slug)
        b.assign("Part", slug)  # 3 owned on 0.5 FTE = 6 per FTE > 4
    for i in range(4):  # 4 production systems on 1 FTE > 3, in a one-person team
        b.system(f"T{i}", "Tiny", owners=["Solo"], deployers=["Solo", "Full"])
    result = score_org(b.build())
    people = {f.evidence["people"][0]["name"]: f for f in of_kind(result, "overloaded_person")}
    assert set(people) == {"Part", "Solo", "Full"}
    assert people["Part"].evidence["metrics"]["owned_per_fte"] == 6.0
    assert people["Part"].severity == "medium"
    assert [r["slug"] for r in people["Part"].evidence["responsibilities"]] == ["a", "b", "c"]
    assert people["Solo"].evidence["metrics"]["systems_per_fte"] == 4.0
    teams = {f.evidence["teams"][0]["name"]: f for f in of_kind(result, "overloaded_team")}
    assert set(teams) == {"Tiny"}
    assert teams["Tiny"].evidence["metrics"]["production_systems"] == 4
    assert teams["Tiny"].team_id == b.id("team", "Tiny")


def test_a_team_with_systems_and_nobody_in_it_is_overloaded():
    b = OrgBuilder()
    b.team("ML")
    b.team("Ghost")
    b.person("Ann", "ML")
    b.system("S", "Ghost", owners=["Ann"], deployers=["Ann"])
    ghost = of_kind(score_org(b.build()), "overloaded_team")[0]
    assert ghost.severity == "high"
    assert "nobody in the team" in ghost.detail
    assert ghost.evidence["metrics"]["systems_per_fte"] is None


def test_ml_lead_depth_follows_managers():
    b = OrgBuilder()
    b.team("Company", kind="other")
    b.team("ML", parent="Company")
    b.person("CEO", "Company", "executive")
    b.person("VP", "Company", "executive", manager="CEO")
    b.person("Director", "Company", "engineering-manager", manager="VP")
    b.person("Lead", "ML", "ai-team-lead", manager="Director")
    result = score_org(b.build())
    assert result.summary["ml_lead"] == {"person": {"id": b.id("person", "Lead"), "name": "Lead"}, "depth": 3}
    finding = of_kind(result, "ml_lead_distance")[0]
    assert finding.severity == "high"
    assert finding.evidence["metrics"] == {"depth": 3, "max_depth": 1}


def test_ml_lead_depth_falls_back_to_team_leads():
    b = OrgBuilder()
    b.team("Company", kind="other")
    b.team("Data & AI", parent="Company")
    b.person("CEO", "Company", "executive")
    b.person("Lead", "Data & AI", "ai-team-lead")
    b.lead("Company", "CEO")
    b.lead("Data & AI", "Lead")
    result = score_org(b.build())
    assert result.summary["ml_lead"]["depth"] == 1  # the CEO leads the parent team
    assert of_kind(result, "ml_lead_distance") == []


def test_no_ml_lead_is_a_finding():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML", "data-scientist")
    b.person("Bob", "ML", "ml-engineer")
    result = score_org(b.build())
    assert result.summary["ml_lead"] == {"person": None, "depth": None}
    assert of_kind(result, "ml_lead_distance")[0].title == "No ML lead"


@pytest.mark.parametrize(("ml_people", "severity"), [(11, "high"), (31, "medium"), (60, "low")])
def test_open_roles_are_weighted_by_months_to_hire(ml_people, severity):
    b = OrgBuilder()
    b.team("ML")
    for i in range(ml_people):
        b.person(f"P{i}", "ML", "data-scientist")
    b.opening("data-engineer", "ML", status="filled")
    b.opening("ml-engineer", "ML", opened_on=date(2026, 10, 1))
    b.opening("mlops-engineer", "ML", opened_on=date(2026, 1, 1))  # open 10 months, longer than 7.5 to hire
    result = score_org(b.build())
    talent = result.summary["talent"]
    assert talent["weighted_open_months"] == 13.5  # 6 + 7.5; the filled opening does not count
    assert [r["role"] for r in talent["open_roles"]] == ["MLOps Engineer", "ML Engineer"]  # longest to hire first
    finding = of_kind(result, "talent_open_roles")[0]
    # 13.5 months to hire against 11 / 31 / 60 ML practitioner FTE: 1.23 / 0.44 / 0.23 per FTE
    assert finding.severity == severity
    assert finding.evidence["metrics"]["open_months_per_ml_fte"] == round(13.5 / ml_people, 2)
    assert finding.evidence["metrics"]["overdue"] == 1


def test_an_opening_open_past_its_time_to_hire_is_its_own_finding_ranked_by_how_hard_the_role_is():
    b = OrgBuilder()  # as of 1 Nov 2026
    b.team("ML")
    b.team("Data")
    for i in range(5):
        b.person(f"P{i}", "ML", "data-scientist")
    b.opening("ml-engineer", "ML", opened_on=date(2026, 10, 1))  # 31 days: within 6 months
    b.opening("mlops-engineer", "ML", opened_on=date(2026, 1, 1))  # 304 days, past 7.5 months
    b.opening("data-scientist", "Data", opened_on=date(2025, 11, 1))  # 365 days, past its months
    result = score_org(b.build())
    late = of_kind(result, "overdue_opening")
    assert [(f.severity, f.team_id) for f in late] == [("high", b.id("team", "ML")), ("medium", b.id("team", "Data"))]
    mlops = late[0]
    assert mlops.title.startswith("MLOps Engineer opening in ML open 304 days")
    assert mlops.evidence["metrics"]["days_open"] == 304
    assert mlops.evidence["metrics"]["hard_to_hire"] is True
    assert mlops.rank < late[1].rank  # the productionising role comes first


def test_a_system_finding_title_names_what_each_system_hangs_on():
    b = OrgBuilder()
    b.team("Risk")
    for name in ("Ann", "Bo", "Cy", "Di"):
        b.person(name, "Risk")
    b.system("Fraud scoring", "Risk", owners=["Ann"], deployers=["Ann"])
    b.system("Churn model", "Risk", owners=["Bo"], deployers=["Bo"])
    b.system("Pricing", "Risk", owners=["Cy", "Di"], deployers=[])
    (finding,) = of_kind(score_org(b.build()), "bus_factor_system")
    assert (
        finding.title
        == "Risk: Churn model depends on Bo alone; Fraud scoring on Ann alone; Pricing has nobody to run it"
    )
    assert names(finding.evidence["people"]) == ["Ann", "Bo"]


def test_lone_practitioners_are_found_per_team():
    b = OrgBuilder()
    b.team("Payments", kind="embedded_ml")
    b.team("ML")
    b.person("Sam", "Payments", "data-scientist")
    b.person("Eng1", "Payments", "software-engineer")
    b.person("Eng2", "Payments", "software-engineer")
    b.person("Ann", "ML", "data-scientist")
    b.person("Bob", "ML", "ml-engineer")
    result = score_org(b.build())
    assert result.summary["talent"]["lone_practitioners"] == [
        {"id": b.id("person", "Sam"), "name": "Sam", "team": "Payments"}
    ]
    lone = of_kind(result, "lone_practitioner")[0]
    assert lone.team_id == b.id("team", "Payments")
    assert lone.evidence["metrics"] == {"team_size": 3}


def test_departure_impact_reports_truck_factor_before_and_after():
    b = truck_factor_example()
    impact = departure_impact(b.build(), [b.id("person", "C")])
    assert names(impact["systems"]) == ["S2", "S5"]
    assert impact["truck_factor"] == {"before": 2, "after": 1}
    assert impact["people"] == [{"id": b.id("person", "C"), "name": "C"}]
