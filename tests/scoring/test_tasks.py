"""Scoring tasks (run in-process here): idempotent, retried on transient errors only, dispatched on commit."""

import json

import pytest
from django.db import OperationalError, transaction

from assessments.choices import AssessmentStatus
from scoring import services as scoring_services
from scoring import tasks
from scoring.choices import RunStatus
from scoring.models import Finding, ScoringRun
from scoring.services import assessment_score_enqueue, org_score
from teamplanner.tasks import TRANSIENT_ERRORS
from tests.orgs.factories import MLSystemFactory, PersonFactory
from tests.scoring.scoring_db import contract_questionnaire, risky_org, submitted_assessment


@pytest.fixture
def risky(org):
    return risky_org(org)


@pytest.fixture
def assessment(risky):
    return submitted_assessment(risky.org, contract_questionnaire())


def test_tasks_ack_late_and_retry_only_transient_errors():
    for task in (tasks.assessment_score_task, tasks.org_score_task, tasks.rescore_changed_orgs_task):
        assert task.acks_late is True
        assert set(task.autoretry_for) == set(TRANSIENT_ERRORS)
        assert task.retry_backoff


def test_the_assessment_task_stores_results_and_a_second_run_is_a_no_op(assessment):
    first = tasks.assessment_score_task.delay(assessment.pk).get()
    second = tasks.assessment_score_task.delay(assessment.pk).get()
    assert first["status"] == second["status"] == RunStatus.DONE
    assert first["run_id"] == second["run_id"]
    assert ScoringRun.objects.filter(assessment=assessment).count() == 1
    run = ScoringRun.objects.get(assessment=assessment)
    assert Finding.objects.filter(run=run).count() == len(run.summary["actions"])
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED


def test_a_transient_error_is_retried(assessment, monkeypatch):
    real = scoring_services.score_org
    calls = []

    def flaky(inputs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("could not connect to server")
        return real(inputs)

    monkeypatch.setattr(scoring_services, "score_org", flaky)
    result = tasks.assessment_score_task.apply(args=[assessment.pk])
    assert result.successful()
    assert len(calls) == 2
    assert ScoringRun.objects.get(assessment=assessment).status == RunStatus.DONE


def test_giving_up_after_the_last_retry_tells_the_user(assessment, monkeypatch):
    def down(inputs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(scoring_services, "score_org", down)
    result = tasks.assessment_score_task.apply(args=[assessment.pk])
    assert result.failed()
    run = ScoringRun.objects.get(assessment=assessment)
    assessment.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == tasks.GAVE_UP
    assert assessment.status == AssessmentStatus.FAILED
    assert assessment.status_message == tasks.GAVE_UP


def test_a_domain_failure_is_not_retried_and_is_reported(assessment, monkeypatch):
    calls = []

    def broken(inputs):
        calls.append(1)
        raise KeyError("dimension")

    monkeypatch.setattr(scoring_services, "score_org", broken)
    result = tasks.assessment_score_task.delay(assessment.pk).get()
    assert result["status"] == "failed"
    assert "unexpected error" in result["error"]
    assert len(calls) == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FAILED


def test_the_org_task_scores_current_data_with_the_latest_submitted_assessment(risky, assessment):
    result = tasks.org_score_task.delay(risky.org.pk).get()
    run = ScoringRun.objects.get(pk=result["run_id"])
    assert run.assessment_id == assessment.pk
    assert run.team_id is None
    assert tasks.org_score_task.delay(987654).get()["status"] == "gone"


def test_beat_rescores_only_organisations_whose_data_changed(risky, other_org, after_commit_now):
    PersonFactory(team__organization=other_org)
    org_score(org=risky.org)
    org_score(org=other_org)
    MLSystemFactory(team=risky.ml, name="New model", owners=[risky.ann], deployers=[risky.priya])
    before = ScoringRun.objects.count()
    outcome = tasks.rescore_changed_orgs_task.delay().get()
    assert outcome == {"orgs": [risky.org.pk], "assessments": []}
    assert ScoringRun.objects.count() == before + 1
    latest = ScoringRun.objects.filter(organization=risky.org).order_by("-pk").first()
    assert "New model" in {s["name"] for s in latest.summary["bus_factors"]["systems"]}
    assert tasks.rescore_changed_orgs_task.delay().get() == {"orgs": [], "assessments": []}


def test_beat_picks_up_a_submission_whose_dispatch_was_lost(risky, assessment, after_commit_now):
    org_score(org=risky.org)
    outcome = tasks.rescore_changed_orgs_task.delay().get()
    assert outcome["assessments"] == [assessment.pk]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED


def test_scoring_is_dispatched_only_when_the_transaction_commits(assessment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assessment_score_enqueue(assessment_id=assessment.pk)
        assert not ScoringRun.objects.exists()
    assert len(callbacks) == 1
    assert ScoringRun.objects.get(assessment=assessment).status == RunStatus.DONE


def test_beat_queues_a_scoring_that_still_waits_in_the_outbox_only_once(risky, assessment):
    from outbox.models import OutboxMessage

    org_score(org=risky.org)
    # The broker is down: the test's transaction never commits, so nothing is sent and the messages wait.
    assert scoring_services.rescore_changed_enqueue() == {"orgs": [], "assessments": [assessment.pk]}
    assert scoring_services.rescore_changed_enqueue() == {"orgs": [], "assessments": [assessment.pk]}
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert [(m.task_name, m.args) for m in waiting] == [(scoring_services.ASSESSMENT_SCORE_TASK, [assessment.pk])]


def test_a_delivery_after_three_dead_attempts_is_given_up_and_the_user_told(assessment, monkeypatch):
    """Three deliveries started and never ended (their process died): the fourth does not run the work."""
    from outbox.models import TaskDelivery
    from teamplanner.tasks import MAX_DELIVERIES, crashed_message

    key = json.dumps({"assessment_id": assessment.pk})
    TaskDelivery.objects.create(task_name=tasks.assessment_score_task.name, key=key, attempts=MAX_DELIVERIES)
    calls = []
    monkeypatch.setattr(scoring_services, "score_org", lambda inputs: calls.append(1))
    result = tasks.assessment_score_task.apply(args=[assessment.pk])
    assert result.successful() and result.result["status"] == "failed"  # acknowledged: not delivered again
    assert calls == []
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FAILED
    assert assessment.status_message == crashed_message("Scoring")
    assert not TaskDelivery.objects.exists()


def test_attempts_that_end_leave_nothing_counted(assessment, monkeypatch):
    from outbox.models import TaskDelivery

    tasks.assessment_score_task.apply(args=[assessment.pk])
    assert ScoringRun.objects.get(assessment=assessment).status == RunStatus.DONE
    assert not TaskDelivery.objects.exists()

    def broken(inputs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(scoring_services, "score_org", broken)
    tasks.org_score_task.apply(args=[assessment.organization_id])  # retried, then failed: the process lived
    assert not TaskDelivery.objects.exists()
