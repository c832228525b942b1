"""Thin Celery entry points; the work is done by planning.services."""

from celery import shared_task

from teamplanner.exceptions import ApplicationError
from teamplanner.tasks import RETRY_OPTIONS, failed_after_last_retry, gave_up_message

from . import services

GAVE_UP = gave_up_message("Scoring")


@shared_task(bind=True, acks_late=True, **RETRY_OPTIONS)
def scenario_score_task(self, scenario_id: int) -> dict:
    """Score a scenario and today's data to compare it with; the same inputs a second time are a no-op."""

    def mark_failed():
        services.scenario_score_mark_failed(scenario_id=scenario_id, message=GAVE_UP)

    try:
        with failed_after_last_retry(self, mark_failed, f"the scoring of scenario {scenario_id}"):
            run = services.scenario_score(scenario_id=scenario_id)
    except ApplicationError as exc:
        return {"scenario_id": scenario_id, "status": "failed", "error": exc.message}
    return {"scenario_id": scenario_id, "run_id": run.pk, "status": run.status}
