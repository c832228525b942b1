"""Thin Celery entry points; the work is done by planning.services."""

from celery import shared_task
from celery.utils.log import get_task_logger

from scoring.services import TRANSIENT_ERRORS
from teamplanner.exceptions import ApplicationError

from . import services

logger = get_task_logger(__name__)

RETRY = {"autoretry_for": TRANSIENT_ERRORS, "retry_backoff": 5, "retry_backoff_max": 300, "max_retries": 5}
GAVE_UP = "Scoring could not reach the database or the task queue after several attempts. Try again later."


@shared_task(bind=True, acks_late=True, **RETRY)
def scenario_score_task(self, scenario_id: int) -> dict:
    """Score a scenario and today's data to compare it with; the same inputs a second time are a no-op."""
    try:
        run = services.scenario_score(scenario_id=scenario_id)
    except ApplicationError as exc:
        return {"scenario_id": scenario_id, "status": "failed", "error": exc.message}
    except TRANSIENT_ERRORS:
        if self.request.retries >= self.max_retries:
            try:
                services.scenario_score_mark_failed(scenario_id=scenario_id, message=GAVE_UP)
            except TRANSIENT_ERRORS:
                logger.exception("Could not mark the scoring of scenario %s failed", scenario_id)
        raise
    return {"scenario_id": scenario_id, "run_id": run.pk, "status": run.status}
