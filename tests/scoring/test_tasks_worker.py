"""The scoring task through a real Celery worker on Redis against PostgreSQL.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/tp_scoring REDIS_URL=redis://127.0.0.1:6379/3 \
     .venv/bin/pytest tests/assessments/test_tasks_worker.py --create-db
(skipped without PostgreSQL and Redis: a worker in another process cannot see an in-memory SQLite database).
"""

import pytest

from assessments.choices import SCORED_DIMENSIONS, AssessmentStatus
from assessments.models import Assessment
from scoring.choices import RunStatus
from scoring.models import DimensionScore, Finding, ScoringRun
from scoring.tasks import assessment_score_task, org_score_task
from tests.scoring.scoring_db import contract_questionnaire, risky_org, submitted_assessment

pytestmark = pytest.mark.worker


def test_a_worker_scores_a_submitted_assessment_once(celery_worker_process, org):
    risky = risky_org(org)
    assessment = submitted_assessment(org, contract_questionnaire())

    first = assessment_score_task.delay(assessment.pk).get(timeout=120)
    assert first["status"] == RunStatus.DONE

    run = ScoringRun.objects.get(pk=first["run_id"])
    assert run.assessment_id == assessment.pk
    assert run.truck_factor == 1
    assert run.overall_level == 4
    assert run.summary["truck_factor"]["removed"] == [{"id": risky.priya.pk, "name": "Priya Raman"}]
    assert DimensionScore.objects.filter(run=run).count() == len(SCORED_DIMENSIONS)
    expert = Finding.objects.get(run=run, kind="universal_expert")
    assert expert.evidence["people"][0]["name"] == "Priya Raman"
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SCORED

    # The same inputs again, through the worker: still one result set.
    findings = Finding.objects.filter(run=run).count()
    second = assessment_score_task.delay(assessment.pk).get(timeout=120)
    assert second["run_id"] == run.pk
    assert ScoringRun.objects.filter(assessment=assessment).count() == 1
    assert Finding.objects.filter(run=run).count() == findings

    # The org task scores the current data with the latest submitted assessment: the same inputs.
    third = org_score_task.delay(org.pk).get(timeout=120)
    assert third["run_id"] == run.pk
    assert celery_worker_process.poll() is None  # the worker is alive and did the work
