"""Thin Celery entry points; the work is done by scoring.services."""

from celery import shared_task
from celery.utils.log import get_task_logger

from teamplanner.exceptions import ApplicationError

from . import services as scoring_services
from .services import TRANSIENT_ERRORS

logger = get_task_logger(__name__)

RETRY = {"autoretry_for": TRANSIENT_ERRORS, "retry_backoff": 5, "retry_backoff_max": 300, "max_retries": 5}
GAVE_UP = "Scoring could not reach the database or the task queue after several attempts. Try again later."


def _gave_up(exc, **ids):
    """The last retry failed too: tell the user instead of leaving the run "running"."""
    if isinstance(exc, TRANSIENT_ERRORS):
        try:
            scoring_services.scoring_mark_failed(message=GAVE_UP, **ids)
        except TRANSIENT_ERRORS:
            logger.exception("Could not mark scoring failed for %s", ids)


@shared_task(bind=True, acks_late=True, **RETRY)
def assessment_score_task(self, assessment_id: int) -> dict:
    """Score a submitted assessment; a second run on the same inputs is a no-op."""
    try:
        run = scoring_services.assessment_score(assessment_id=assessment_id)
    except ApplicationError as exc:
        return {"assessment_id": assessment_id, "status": "failed", "error": exc.message}
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            _gave_up(exc, assessment_id=assessment_id)
        raise
    return {"assessment_id": assessment_id, "run_id": run.pk, "status": run.status}


@shared_task(bind=True, acks_late=True, **RETRY)
def org_score_task(self, org_id: int) -> dict:
    """Score an organisation's current data with its latest submitted assessment."""
    try:
        run = scoring_services.org_rescore(org_id=org_id)
    except ApplicationError as exc:
        return {"org_id": org_id, "status": "failed", "error": exc.message}
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            _gave_up(exc, org_id=org_id)
        raise
    return {"org_id": org_id, "run_id": run.pk if run else None, "status": run.status if run else "gone"}


@shared_task(acks_late=True, **RETRY)
def rescore_changed_orgs_task() -> dict:
    """Beat: re-score organisations whose data changed since their last score, and pick up lost submissions."""
    orgs = scoring_services.orgs_to_rescore()
    for org_id in orgs:
        org_score_task.delay(org_id)
    waiting = scoring_services.assessments_waiting()
    for assessment_id in waiting:
        assessment_score_task.delay(assessment_id)
    return {"orgs": orgs, "assessments": waiting}
