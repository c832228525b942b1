"""A Celery worker killed in the middle of scoring: the task is handed out again and finishes with
exactly one result set.

Scoring is `acks_late` with `task_reject_on_worker_lost`: the broker keeps the message until the task
has finished. Two ways to die are shown: the whole worker killed with SIGKILL (another worker gets
the message once the visibility timeout has passed), and only the pool process running the task
killed (the worker requeues the message at once). The first attempt has already claimed its scoring
run when it dies; the next attempt takes that run up again, so nothing is scored twice.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/tp_faults .venv/bin/pytest tests/faults --create-db
"""

import os
import signal
from collections import Counter

import pytest

from assessments.choices import SCORED_DIMENSIONS, AssessmentStatus
from assessments.models import Assessment
from scoring.choices import RunStatus
from scoring.models import DimensionScore, Finding, ScoringRun
from tests.faults.conftest import ARTIFACTS, wait_for
from tests.scoring.scoring_db import contract_questionnaire, risky_org, submitted_assessment

pytestmark = [pytest.mark.worker, pytest.mark.slow]

TASK = "scoring.tasks.assessment_score_task"


@pytest.fixture
def submitted(org):
    risky_org(org)
    return submitted_assessment(org, contract_questionnaire())


@pytest.fixture
def signal_file(stack):
    path = ARTIFACTS / f"{stack.name}.scoring-started"
    path.unlink(missing_ok=True)
    yield path
    path.unlink(missing_ok=True)


def _status(assessment) -> str:
    return Assessment.objects.values_list("status", flat=True).get(pk=assessment.pk)


def _killed_mid_task(assessment, signal_file) -> int:
    """Wait until the task is inside scoring with its run claimed; the id of the process doing it."""
    wait_for(signal_file.exists, timeout=90, what="the scoring task to start")
    run = ScoringRun.objects.get(assessment=assessment)
    assert run.status == RunStatus.RUNNING  # claimed, results not written yet
    assert _status(assessment) == AssessmentStatus.SCORING
    assert not DimensionScore.objects.filter(run=run).exists()
    return int(signal_file.read_text())


def _exactly_one_result_set(assessment):
    wait_for(lambda: _status(assessment) == AssessmentStatus.SCORED, timeout=180, what="the assessment to be scored")
    runs = list(ScoringRun.objects.filter(assessment=assessment))
    assert len(runs) == 1 and runs[0].status == RunStatus.DONE
    run = runs[0]
    assert run.truck_factor == 1 and run.overall_level == 4
    scores = Counter(DimensionScore.objects.filter(run=run).values_list("dimension", flat=True))
    assert scores == Counter({d.value: 1 for d in SCORED_DIMENSIONS})
    findings = Counter(Finding.objects.filter(run=run).values_list("kind", "title"))
    assert findings and max(findings.values()) == 1  # no finding written twice
    assert "universal_expert" in {kind for kind, _ in findings}


def test_a_killed_worker_hands_its_scoring_to_another(stack, sender, submitted, signal_file):
    first = stack.worker("first", FAULT_SCORING_PAUSE="300", FAULT_SIGNAL_FILE=str(signal_file))
    sender.send_task(TASK, args=[submitted.pk])
    _killed_mid_task(submitted, signal_file)

    os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool process, without any warning
    first.wait(timeout=20)
    # The message is handed out again once it has been unacknowledged for the visibility timeout.
    stack.worker("second")

    _exactly_one_result_set(submitted)
    second_log = (ARTIFACTS / f"{stack.name}-second.log").read_text()
    assert f"Task {TASK}[" in second_log and "succeeded" in second_log


def test_a_killed_pool_process_is_replaced_and_the_task_requeued(stack, sender, submitted, signal_file):
    worker = stack.worker("only", FAULT_SCORING_PAUSE="300", FAULT_SIGNAL_FILE=str(signal_file))
    sender.send_task(TASK, args=[submitted.pk])
    pool_process = _killed_mid_task(submitted, signal_file)
    assert pool_process != worker.pid

    os.kill(pool_process, signal.SIGKILL)

    _exactly_one_result_set(submitted)
    assert worker.poll() is None
    log = (ARTIFACTS / f"{stack.name}-only.log").read_text()
    assert "WorkerLostError" in log and "succeeded" in log


def test_a_message_that_kills_every_worker_is_given_up_after_three(stack, sender, submitted):
    """A poison message: each delivery kills the pool process. The deaths are counted in the database;
    the fourth delivery marks the scoring failed with a message and is acknowledged, so the waiting page
    stops waiting and the message does not come back."""
    from outbox.models import TaskDelivery
    from teamplanner.tasks import MAX_DELIVERIES, crashed_message

    worker = stack.worker("poisoned", FAULT_SCORING_DIE="1")
    sender.send_task(TASK, args=[submitted.pk])

    wait_for(lambda: _status(submitted) == AssessmentStatus.FAILED, timeout=120, what="the scoring to be given up")
    assessment = Assessment.objects.get(pk=submitted.pk)
    assert assessment.status_message == crashed_message("Scoring")
    assert ScoringRun.objects.get(assessment=submitted).status == RunStatus.FAILED
    log = (ARTIFACTS / f"{stack.name}-poisoned.log").read_text()
    deaths = "exited with 'signal 9 (SIGKILL)'"
    assert log.count(deaths) == MAX_DELIVERIES
    assert worker.poll() is None  # the worker itself lives on
    # acknowledged: nothing is delivered again (the count is gone and stays gone)
    import time

    time.sleep(3)
    assert not TaskDelivery.objects.exists()
    assert (ARTIFACTS / f"{stack.name}-poisoned.log").read_text().count(deaths) == MAX_DELIVERIES
