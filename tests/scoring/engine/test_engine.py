"""The engine as a whole: the results contract, ranked actions, team scope, empty organisations."""

import json

import pytest

from scoring.engine import SCORING_VERSION, score_org
from scoring.engine.actions import priority, rank_findings, team_actions
from scoring.engine.results import FindingResult, evidence
from scoring.engine.thresholds import FINDING_KINDS
from vocabulary.severity import SEVERITIES

from .builders import OrgBuilder
from .test_crosscheck import claims, fragile_org

SUMMARY_KEYS = {
    "maturity": {"overall_score", "overall_level", "unanswered"},
    "truck_factor": {"value", "removed", "production_systems", "orphaned_after"},
    "bus_factors": {"responsibilities", "systems"},
    "deployment": {
        "builder_fte",
        "productioniser_fte",
        "builders_per_productioniser",
        "production_systems",
        "systems_per_productioniser",
    },
    "composition": None,
    "coverage": None,
    "talent": {"open_roles", "weighted_open_months", "lone_practitioners"},
    "classification": {
        "archetype",
        "archetype_name",
        "archetype_reasons",
        "current_structure",
        "structure_reasons",
        "recommended_structure",
        "recommendation_reasons",
        "design_choices",
        "changes_needed",
        "ml_fte",
        "where_ml_sits",
        "votes",
        "advice",
    },
    "actions": None,
    "ml_lead": {"person", "depth"},
}
EVIDENCE_KEYS = {"people", "teams", "systems", "responsibilities", "answers", "metrics"}


def full_org():
    b = fragile_org()
    claims(b)
    b.team("Pod", kind="embedded_ml", parent="Company")
    b.person("Solo", "Pod", "data-scientist")
    b.opening("mlops-engineer", "ML")
    b.question("q1", text="Models are versioned")
    b.answer("q1", 1)
    return b


def test_the_summary_has_every_key_of_the_contract_and_is_json():
    result = score_org(full_org().build())
    summary = json.loads(json.dumps(result.summary))  # plain JSON, nothing numpy
    assert set(summary) == set(SUMMARY_KEYS)
    for key, keys in SUMMARY_KEYS.items():
        if keys:
            assert set(summary[key]) == keys, key
    assert set(summary["bus_factors"]["systems"][0]) == {"id", "name", "team_id", "team", "stage", "bus_factor"}
    assert set(summary["bus_factors"]["responsibilities"][0]) == {
        "id", "slug", "name", "pillar", "owners", "backups", "bus_factor",
    }  # fmt: skip
    assert set(summary["coverage"][0]) == {
        "id", "slug", "name", "pillar", "owners", "contributors", "backups", "owner_teams",
    }  # fmt: skip
    assert set(summary["composition"][0]) == {"team_id", "team", "parent_id", "role", "family", "fte"}
    assert set(summary["actions"][0]) == {"rank", "finding_kind", "title", "team_id", "severity", "impact", "effort"}
    assert set(summary["classification"]["design_choices"]) == {
        "engineering_vs_research",
        "data_ownership",
        "model_ownership",
    }
    assert result.scoring_version == SCORING_VERSION


def test_every_finding_follows_the_contract():
    result = score_org(full_org().build())
    assert {f.kind for f in result.findings} >= {
        "truck_factor",
        "universal_expert",
        "bus_factor_system",
        "deployment_bottleneck",
        "uncovered_responsibility",
        "talent_open_roles",
        "lone_practitioner",
        "ml_lead_distance",
        "cross_check",
        "maturity_gap",
    }
    for f in result.findings:
        assert f.kind in FINDING_KINDS
        assert f.severity in SEVERITIES
        assert set(f.evidence) == EVIDENCE_KEYS
        assert f.title and f.detail and f.recommendation
        assert 1 <= f.impact <= 5 and 1 <= f.effort <= 5
        json.dumps(f.evidence)
    assert [f.rank for f in result.findings] == list(range(1, len(result.findings) + 1))
    assert [a["rank"] for a in result.summary["actions"]] == [f.rank for f in result.findings]


def test_actions_are_ranked_by_severity_and_impact_against_effort():
    def finding(kind, severity, title="x", team_id=None):
        return FindingResult(kind, severity, title, "", "", evidence(), team_id=team_id)

    ranked = rank_findings(
        [
            finding("deployment_bottleneck", "high"),  # 4 x 4 / 4 = 4
            finding("uncovered_responsibility", "high"),  # 4 x 3 / 1 = 12
            finding("truck_factor", "critical"),  # 10 x 5 / 4 = 12.5
            finding("overlapping_responsibility", "low", team_id=7),  # 1 x 2 / 1 = 2
            finding("lone_practitioner", "medium", team_id=7),  # 2 x 3 / 2 = 3
        ]
    )
    assert [f.kind for f in ranked] == [
        "truck_factor",
        "uncovered_responsibility",
        "deployment_bottleneck",
        "lone_practitioner",
        "overlapping_responsibility",
    ]
    assert [f.priority for f in ranked] == [12.5, 12.0, 4.0, 3.0, 2.0]
    assert [f.kind for f in team_actions(ranked, 7)] == ["lone_practitioner", "overlapping_responsibility"]
    assert priority("critical", 5, 3) == pytest.approx(16.6667, abs=1e-4)


def test_scoring_is_deterministic():
    a, b = score_org(full_org().build()), score_org(full_org().build())
    assert a.summary == b.summary
    assert [(f.kind, f.title, f.evidence) for f in a.findings] == [(f.kind, f.title, f.evidence) for f in b.findings]


def test_a_team_scope_scores_only_that_team_and_its_sub_teams():
    b = OrgBuilder()
    b.team("Risk")
    b.team("Risk Models", parent="Risk")
    b.team("Growth", kind="embedded_ml")
    b.person("Ann", "Risk Models", "data-scientist")
    b.person("Bob", "Risk", "ml-engineer")
    b.person("Gus", "Growth", "ml-engineer")
    b.system("Scoring", "Risk Models", owners=["Ann"], deployers=["Bob", "Gus"])
    b.system("Churn", "Growth", owners=["Gus"], deployers=["Gus"])
    inputs = b.build().scoped_to_team(b.id("team", "Risk"))
    result = score_org(inputs)
    assert [s["name"] for s in result.summary["bus_factors"]["systems"]] == ["Scoring"]
    # Gus is outside the team: from the team's point of view Scoring has one deployer
    assert result.summary["bus_factors"]["systems"][0]["bus_factor"] == 1
    assert {row["team"] for row in result.summary["composition"]} == {"Risk", "Risk Models"}
    assert all(f.team_id is not None for f in result.findings)


def test_an_empty_organisation_scores_without_findings():
    result = score_org(OrgBuilder().build())
    assert result.findings == []
    assert result.truck_factor is None
    assert result.archetype == 1
    assert result.summary["composition"] == []
    assert result.summary["deployment"]["builders_per_productioniser"] is None


def test_links_to_unknown_people_or_systems_are_ignored():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML")
    b.system("S", "ML", owners=["Ann"], deployers=["Ann"])
    inputs = b.build()
    inputs = inputs.replace(
        system_owners=[*inputs.system_owners.to_dict("records"), {"system_id": 999, "person_id": 998}],
        assignments=[{"person_id": 998, "responsibility_id": 1, "level": "owner"}],
    )
    result = score_org(inputs)
    assert result.summary["bus_factors"]["systems"][0]["bus_factor"] == 1


def test_rows_without_optional_values_get_their_defaults():
    b = OrgBuilder()
    b.team("ML")
    b.person("Ann", "ML", "data-scientist", fte=0.5)
    b.person("Bob", "ML", "data-scientist")
    b.question("q1", weight=2)
    b.question("q2")
    inputs = b.build()
    people = inputs.people.to_dict("records")
    del people[1]["fte"]  # Bob's FTE is not given: a full-time person
    questions = inputs.questions.to_dict("records")
    del questions[1]["weight"]
    inputs = inputs.replace(people=people, questions=questions)
    assert inputs.people["fte"].tolist() == [0.5, 1.0]
    assert inputs.questions["weight"].tolist() == [2.0, 1.0]
    assert score_org(inputs).summary["deployment"]["builder_fte"] == 1.5
