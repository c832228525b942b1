"""The loader (database -> scoring inputs) and the saver (results -> rows)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer
from scoring.choices import RunStatus
from scoring.engine import score_org
from scoring.models import DimensionScore, Finding
from scoring.selectors import idempotency_key, inputs_digest, load_inputs, save_result
from tests.orgs.factories import MLSystemFactory, PersonFactory, role
from tests.scoring.factories import ScoringRunFactory
from tests.scoring.scoring_db import contract_questionnaire, risky_org, submitted_assessment


@pytest.fixture
def risky(org):
    return risky_org(org)


def test_the_loader_builds_typed_frames_from_the_org(risky):
    inputs = load_inputs(org=risky.org).inputs
    people = inputs.people.set_index("name")
    assert len(people) == 6
    assert people.loc["Priya Raman", "family"] == "productioniser"
    assert people.loc["Priya Raman", "manager_id"] == risky.lead.pk
    assert people.loc["Sam Solo", "fte"] == 1.0
    assert set(inputs.systems["name"]) == {"Credit scoring", "Fraud detection", "Payment alerts", "Chat assistant"}
    assert len(inputs.system_owners) == 5 and len(inputs.system_deployers) == 3
    assert inputs.openings.iloc[0]["months_to_hire"] == 7.5
    assert len(inputs.responsibilities) == 21  # the whole default catalog
    assert inputs.teams.set_index("name").loc["Payments Pod", "parent_id"] == risky.ml.pk
    assert inputs.has_assessment is False
    assert inputs.org.slug == risky.org.slug


def test_the_loader_reads_the_assessment_and_its_inputs_time(risky):
    template = contract_questionnaire()
    assessment = submitted_assessment(risky.org, template)
    later = timezone.now() + timedelta(minutes=5)
    Answer.objects.filter(assessment=assessment).update(updated_at=later)
    loaded = load_inputs(org=risky.org, assessment=assessment)
    q = loaded.inputs.questions.set_index("code")
    assert q.loc["ctx-structure", "section"] == "Context"
    assert q.loc["ctx-structure", "choices"][0]["value"] == "centralized"
    assert len(loaded.inputs.answers) == 5
    assert loaded.inputs.has_assessment
    assert loaded.inputs_at == later
    assert loaded.template_version == f"{template.slug} v3"


def test_a_team_assessment_loads_only_that_team(risky):
    template = contract_questionnaire()
    assessment = submitted_assessment(risky.org, template, team=risky.pod)
    inputs = load_inputs(org=risky.org, assessment=assessment).inputs
    assert set(inputs.people["name"]) == {"Sam Solo", "Pat Product"}
    assert list(inputs.systems["name"]) == ["Payment alerts"]
    assert inputs.scope_team_id == risky.pod.pk


def _grow(risky, n):
    for i in range(n):
        person = PersonFactory(team=risky.pod, role=role("ml-engineer"))
        MLSystemFactory(team=risky.pod, name=f"Extra {i}", owners=[person], deployers=[person, risky.priya])


def test_the_loader_makes_a_fixed_number_of_queries(risky, django_assert_num_queries):
    template = contract_questionnaire()
    assessment = submitted_assessment(risky.org, template)
    assessment.refresh_from_db()
    with django_assert_num_queries(12):  # the org, 8 tables of its data, the template, questions, answers
        load_inputs(org=risky.org, assessment=assessment)
    _grow(risky, 25)
    assessment.refresh_from_db()
    with django_assert_num_queries(12):
        loaded = load_inputs(org=risky.org, assessment=assessment)
    assert len(loaded.inputs.systems) == 29
    with django_assert_num_queries(9):
        load_inputs(org=risky.org)


def test_the_digest_changes_with_the_data_only(risky):
    first = inputs_digest(load_inputs(org=risky.org).inputs)
    assert inputs_digest(load_inputs(org=risky.org).inputs) == first
    risky.sam.fte = "0.5"
    risky.sam.save()
    assert inputs_digest(load_inputs(org=risky.org).inputs) != first


def test_idempotency_keys_separate_scopes_and_versions(risky):
    now = timezone.now()
    base = {"org_id": 1, "assessment_id": 2, "team_id": None, "scenario_id": None, "version": "1.0.0"}
    key = idempotency_key(**base, inputs_at=now, digest="abc")
    assert key == idempotency_key(**base, inputs_at=now, digest="abc")
    assert key != idempotency_key(**{**base, "version": "1.1.0"}, inputs_at=now, digest="abc")
    assert key != idempotency_key(**{**base, "team_id": 3}, inputs_at=now, digest="abc")
    assert key != idempotency_key(**base, inputs_at=now, digest="abd")
    assert len(key) <= 200


def test_the_saver_writes_rows_and_replaces_them_on_a_second_save(risky):
    template = contract_questionnaire()
    assessment = submitted_assessment(risky.org, template)
    inputs = load_inputs(org=risky.org, assessment=assessment).inputs
    result = score_org(inputs)
    run = ScoringRunFactory(organization=risky.org, status=RunStatus.RUNNING, summary={})
    team_ids = {risky.ml.pk, risky.pod.pk}
    save_result(run=run, result=result, team_ids=team_ids)
    save_result(run=run, result=result, team_ids=team_ids)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.finished_at
    assert run.truck_factor == 1
    assert Finding.objects.filter(run=run).count() == len(result.findings)
    assert DimensionScore.objects.filter(run=run).count() == 13
    assert list(Finding.objects.filter(run=run).values_list("rank", flat=True)) == list(
        range(1, len(result.findings) + 1)
    )
    lone = Finding.objects.get(run=run, kind="lone_practitioner")
    assert lone.team_id == risky.pod.pk
