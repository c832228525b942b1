"""Thin Celery entry points; the work is done by planning.services."""

from functools import partial

from celery import shared_task

from teamplanner.tasks import RETRY_OPTIONS, gave_up_message, run_scoring

from . import services

GAVE_UP = gave_up_message("Scoring")


@shared_task(bind=True, acks_late=True, **RETRY_OPTIONS)
def scenario_score_task(self, scenario_id: int) -> dict:
    """Score a scenario and today's data to compare it with; the same inputs a second time are a no-op."""
    return run_scoring(
        self,
        ident={"scenario_id": scenario_id},
        work=partial(services.scenario_score, scenario_id=scenario_id),
        mark_failed=lambda message: services.scenario_score_mark_failed(scenario_id=scenario_id, message=message),
        what=f"the scoring of scenario {scenario_id}",
    )
