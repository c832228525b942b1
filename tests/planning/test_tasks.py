"""The scenario scoring task: in-process without a broker, and through a real Celery worker with one."""

import pytest

from planning import services
from planning.choices import ScenarioScoringStatus
from planning.models import Scenario
from planning.tasks import scenario_score_task


@pytest.fixture
def scenario(small_org, access_for):
    admin = access_for(small_org["org"], "admin")
    s = services.scenario_create(access=admin, name="Priya leaves")
    services.scenario_change_add(access=admin, scenario=s, kind="leave", person=small_org["priya"])
    return s


def test_the_task_scores_and_a_second_run_is_a_no_op(scenario):
    first = scenario_score_task.delay(scenario.pk).get()
    second = scenario_score_task.delay(scenario.pk).get()
    assert first["status"] == "done" and first["run_id"] == second["run_id"]
    stored = Scenario.objects.get(pk=scenario.pk)
    assert stored.scoring_status == ScenarioScoringStatus.DONE and stored.scored_run_id == first["run_id"]


def test_a_scenario_deleted_before_the_task_runs_is_reported_not_raised(scenario):
    pk = scenario.pk
    scenario.delete()
    assert scenario_score_task.delay(pk).get() == {
        "scenario_id": pk,
        "status": "failed",
        "error": "This scenario does not exist any more.",
    }


@pytest.mark.worker
def test_the_task_runs_in_a_separate_worker(celery_worker_process, scenario):
    result = scenario_score_task.delay(scenario.pk).get(timeout=120)
    stored = Scenario.objects.get(pk=scenario.pk)
    assert result["status"] == "done" and stored.scored_run_id == result["run_id"]
    assert stored.scored_run.scenario_id == scenario.pk and stored.baseline_run.scenario_id is None
