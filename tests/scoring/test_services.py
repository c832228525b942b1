"""Scoring services: stored results, idempotence, status transitions, failures, what changed since."""

import pytest
from django.db import OperationalError
from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS, AssessmentStatus
from orgs.models import Organization
from scoring import services as scoring_services
from scoring.choices import RunStatus
from scoring.engine import SCORING_VERSION
from scoring.models import DimensionScore, Finding, ScoringRun
from scoring.selectors import load_inputs
from scoring.services import (
    ScoringFailed,
    assessment_score,
    assessments_waiting,
    org_score,
    orgs_to_rescore,
)
from teamplanner.exceptions import ApplicationError
from tests.assessments.factories import AssessmentFactory
from tests.orgs.factories import MLSystemFactory, PersonFactory, role
from tests.scoring.scoring_db import contract_questionnaire, risky_org, submitted_assessment


@pytest.fixture
def risky(org):
    return risky_org(org)


def test_scoring_the_data_alone_stores_a_done_run_with_findings(risky):
    run = org_score(org=risky.org)
    assert run.status == RunStatus.DONE
    assert run.scoring_version == SCORING_VERSION
    assert run.assessment is None and run.team is None
    assert run.truck_factor == 1
    assert run.overall_level is None
    assert run.inputs_at == Organization.objects.get(pk=risky.org.pk).data_changed_at
    assert not DimensionScore.objects.filter(run=run).exists()
    expert = Finding.objects.get(run=run, kind="universal_expert")
    assert expert.evidence["people"] == [{"id": risky.priya.pk, "name": "Priya Raman"}]
    assert {s["name"] for s in expert.evidence["systems"]} == {"Credit scoring", "Fraud detection", "Payment alerts"}
    assert expert.team_id == risky.ml.pk
    assert run.summary["truck_factor"]["removed"] == [{"id": risky.priya.pk, "name": "Priya Raman"}]


def test_scoring_twice_yields_one_result_set(risky):
    first = org_score(org=risky.org)
    findings = list(Finding.objects.filter(run=first).values_list("pk", flat=True))
    second = org_score(org=risky.org)
    assert second.pk == first.pk
    assert ScoringRun.objects.filter(organization=risky.org).count() == 1
    assert list(Finding.objects.filter(run=first).values_list("pk", flat=True)) == findings


def test_changed_data_gives_a_new_run_and_keeps_the_history(risky):
    first = org_score(org=risky.org)
    backup = PersonFactory(team=risky.ml, role=role("mlops-engineer"), name="Otto Ops")
    for system in risky.org.systems.filter(stage="production"):
        system.deployers.add(backup)
    second = org_score(org=risky.org)
    assert second.pk != first.pk
    assert second.inputs_at > first.inputs_at
    assert second.truck_factor == 2
    assert not Finding.objects.filter(run=second, kind="universal_expert").exists()
    assert ScoringRun.objects.filter(organization=risky.org, status=RunStatus.DONE).count() == 2


def test_scoring_an_assessment_moves_it_to_scored(risky):
    template = contract_questionnaire()
    assessment = submitted_assessment(risky.org, template)
    run = assessment_score(assessment_id=assessment.pk)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED
    assert "overall level 4" in assessment.status_message
    assert run.assessment_id == assessment.pk
    assert run.template_version == f"{template.slug} v3"
    # yes (1.0), scale 3 (0.75) and scale 1 (0.25), weight 1 each: 2 / 3 = 0.6667 -> level 4
    assert (run.overall_level, run.overall_score) == (4, 0.6667)
    dims = {d.dimension: d for d in DimensionScore.objects.filter(run=run)}
    assert set(dims) == {d.value for d in SCORED_DIMENSIONS}
    assert (dims["mlops_level"].score, dims["mlops_level"].level) == (0.5, 3)
    assert (dims["expertise_bottlenecks"].score, dims["expertise_bottlenecks"].level) == (1.0, 5)
    assert dims["talent_hiring"].score is None and dims["talent_hiring"].total == 1
    assert run.summary["maturity"]["unanswered"] == [
        {"code": "talent-plan", "text": "Hiring plan", "section": "Practice"}
    ]
    check = Finding.objects.get(run=run, kind="cross_check", evidence__answers__0__code="bn-no-single-point")
    assert check.severity == "high"
    assert "the truck factor is 1" in check.detail


def test_a_team_assessment_scores_its_team(risky):
    assessment = submitted_assessment(risky.org, contract_questionnaire(), team=risky.pod)
    run = assessment_score(assessment_id=assessment.pk)
    assert run.team_id == risky.pod.pk
    assert {row["team"] for row in run.summary["composition"]} == {"Payments Pod"}
    assert set(Finding.objects.filter(run=run).values_list("team_id", flat=True)) == {risky.pod.pk}


def test_only_submitted_assessments_of_the_org_are_scored(risky, other_org):
    draft = AssessmentFactory(organization=risky.org, template=contract_questionnaire())
    with pytest.raises(ApplicationError, match="Only a submitted assessment"):
        assessment_score(assessment_id=draft.pk)
    with pytest.raises(ApplicationError, match="does not exist"):
        assessment_score(assessment_id=987654)
    foreign = submitted_assessment(other_org, contract_questionnaire())
    with pytest.raises(ApplicationError, match="another organisation"):
        org_score(org=risky.org, assessment=foreign)
    assert not ScoringRun.objects.exists()


def test_a_failure_marks_the_run_and_the_assessment_failed_with_a_readable_message(risky, monkeypatch):
    assessment = submitted_assessment(risky.org, contract_questionnaire())

    def broken(inputs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(scoring_services, "score_org", broken)
    with pytest.raises(ScoringFailed) as failure:
        assessment_score(assessment_id=assessment.pk)
    run = ScoringRun.objects.get(assessment=assessment)
    assessment.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "unexpected error" in run.error and "ZeroDivisionError" in run.error
    assert "Traceback" not in run.error
    assert assessment.status == AssessmentStatus.FAILED
    assert assessment.status_message == run.error == failure.value.message

    monkeypatch.undo()  # fixed: the same inputs are scored again on the same run
    again = assessment_score(assessment_id=assessment.pk)
    assert again.pk == run.pk and again.status == RunStatus.DONE
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED


def test_a_transient_error_propagates_without_failing_the_run(risky, monkeypatch):
    assessment = submitted_assessment(risky.org, contract_questionnaire())

    def unreachable(inputs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(scoring_services, "score_org", unreachable)
    with pytest.raises(OperationalError):
        assessment_score(assessment_id=assessment.pk)
    assert ScoringRun.objects.get(assessment=assessment).status == RunStatus.RUNNING
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORING


def test_a_scenario_is_scored_from_modified_inputs(risky):
    inputs = load_inputs(org=risky.org).inputs.without_people([risky.priya.pk])
    run = org_score(org=risky.org, scenario_inputs=inputs)
    assert run.truck_factor == 0
    assert run.summary["truck_factor"]["production_systems"] == 3
    assert org_score(org=risky.org, scenario_inputs=inputs).pk == run.pk
    assert org_score(org=risky.org).pk != run.pk


def test_orgs_whose_data_changed_since_their_last_score_are_listed(risky, other_org):
    PersonFactory(team__organization=other_org)
    empty = Organization.objects.create(name="Empty", slug="empty")
    assert set(orgs_to_rescore()) == {risky.org.pk, other_org.pk}  # never scored; the empty org has nobody
    org_score(org=risky.org)
    org_score(org=other_org)
    assert orgs_to_rescore() == []
    MLSystemFactory(team=risky.ml, stage="production")
    assert orgs_to_rescore() == [risky.org.pk]
    Organization.objects.filter(pk=empty.pk).update(data_changed_at=timezone.now())
    assert empty.pk not in orgs_to_rescore()


def test_submitted_assessments_nobody_scored_are_waiting(risky):
    template = contract_questionnaire()
    waiting = submitted_assessment(risky.org, template)
    scored = submitted_assessment(risky.org, template)
    assessment_score(assessment_id=scored.pk)
    AssessmentFactory(organization=risky.org, template=template)  # a draft is not waiting
    assert assessments_waiting() == [waiting.pk]
