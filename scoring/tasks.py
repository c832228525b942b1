"""Thin Celery entry points; the work is done by scoring.services."""

from celery import shared_task

from teamplanner.exceptions import ApplicationError
from teamplanner.tasks import RETRY_OPTIONS, failed_after_last_retry, gave_up_message

from . import services as scoring_services

GAVE_UP = gave_up_message("Scoring")


@shared_task(bind=True, acks_late=True, **RETRY_OPTIONS)
def assessment_score_task(self, assessment_id: int) -> dict:
    """Score a submitted assessment; a second run on the same inputs is a no-op."""

    def mark_failed():
        scoring_services.scoring_mark_failed(message=GAVE_UP, assessment_id=assessment_id)

    try:
        with failed_after_last_retry(self, mark_failed, f"the scoring of assessment {assessment_id}"):
            run = scoring_services.assessment_score(assessment_id=assessment_id)
    except ApplicationError as exc:
        return {"assessment_id": assessment_id, "status": "failed", "error": exc.message}
    return {"assessment_id": assessment_id, "run_id": run.pk, "status": run.status}


@shared_task(bind=True, acks_late=True, **RETRY_OPTIONS)
def org_score_task(self, org_id: int) -> dict:
    """Score an organisation's current data with its latest submitted assessment."""

    def mark_failed():
        scoring_services.scoring_mark_failed(message=GAVE_UP, org_id=org_id)

    try:
        with failed_after_last_retry(self, mark_failed, f"the scoring of organisation {org_id}"):
            run = scoring_services.org_rescore(org_id=org_id)
    except ApplicationError as exc:
        return {"org_id": org_id, "status": "failed", "error": exc.message}
    return {"org_id": org_id, "run_id": run.pk if run else None, "status": run.status if run else "gone"}


@shared_task(acks_late=True, **RETRY_OPTIONS)
def rescore_changed_orgs_task() -> dict:
    """Beat: re-score organisations whose data changed since their last score, and pick up lost submissions.

    The scorings are queued through the outbox, like every other dispatch.
    """
    return scoring_services.rescore_changed_enqueue()
