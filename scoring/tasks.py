"""Thin Celery entry points; the work is done by scoring.services."""

from functools import partial

from celery import shared_task

from teamplanner.tasks import RETRY_OPTIONS, gave_up_message, run_scoring

from . import services as scoring_services

GAVE_UP = gave_up_message("Scoring")


@shared_task(bind=True, acks_late=True, **RETRY_OPTIONS)
def assessment_score_task(self, assessment_id: int) -> dict:
    """Score a submitted assessment; a second run on the same inputs is a no-op."""
    return run_scoring(
        self,
        ident={"assessment_id": assessment_id},
        work=partial(scoring_services.assessment_score, assessment_id=assessment_id),
        mark_failed=lambda message: scoring_services.scoring_mark_failed(message=message, assessment_id=assessment_id),
        what=f"the scoring of assessment {assessment_id}",
    )


@shared_task(bind=True, acks_late=True, **RETRY_OPTIONS)
def org_score_task(self, org_id: int) -> dict:
    """Score an organisation's current data with its latest submitted assessment."""
    return run_scoring(
        self,
        ident={"org_id": org_id},
        work=partial(scoring_services.org_rescore, org_id=org_id),
        mark_failed=lambda message: scoring_services.scoring_mark_failed(message=message, org_id=org_id),
        what=f"the scoring of organisation {org_id}",
    )


@shared_task(acks_late=True, **RETRY_OPTIONS)
def rescore_changed_orgs_task() -> dict:
    """Beat: re-score organisations whose data changed since their last score, and pick up lost submissions.

    The scorings are queued through the outbox, like every other dispatch.
    """
    return scoring_services.rescore_changed_enqueue()
