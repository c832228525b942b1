import datetime
import functools
import logging
import os

from celery import shared_task
from django.conf import settings

from teamplanner.tasks import TRANSIENT_ERRORS, failed_after_last_retry, retry_options

from .models import Organization
from .services import import_run_apply_queued, import_run_check, import_run_fail, import_runs_expire

logger = logging.getLogger(__name__)

# Someone waits on the page while a workbook is checked or imported: give up sooner than scoring does.
IMPORT_RETRY = retry_options(max_retries=3)


@shared_task(acks_late=True)
def org_data_summary_task(org_id: int) -> dict:
    """Counts of an organisation's data, with the worker's process id (used to check a worker is alive)."""
    org = Organization.objects.get(pk=org_id)
    return {
        "org": org.slug,
        "people": org.people.count(),
        "teams": org.teams.count(),
        "systems": org.systems.count(),
        "worker_pid": os.getpid(),
    }


@shared_task(acks_late=True)
def import_runs_expire_task() -> int:
    """Beat: delete workbook uploads that were never confirmed within IMPORT_PREVIEW_DAYS."""
    return import_runs_expire(older_than=datetime.timedelta(days=settings.IMPORT_PREVIEW_DAYS))


def _run_or_fail(task, step, run_id: int, what: str):
    def mark_failed():
        import_run_fail(run_id=run_id, message=f"{what} failed because the database was unreachable. Try again.")

    try:
        with failed_after_last_retry(task, mark_failed, f"import run {run_id}"):
            run = step(run_id=run_id)
    except TRANSIENT_ERRORS:  # retried by Celery (marked failed above after the last attempt)
        raise
    except Exception:
        logger.exception("Import run %s: %s failed", run_id, what.lower())
        import_run_fail(
            run_id=run_id,
            message=f"{what} failed because of an unexpected error; nothing was written. Try again, and tell "
            "an administrator if it happens again.",
        )
        raise
    return run.status if run is not None else None


@shared_task(bind=True, acks_late=True, **IMPORT_RETRY)
def import_run_check_task(self, run_id: int, apply: bool = False):
    """Check an uploaded workbook (a dry run) and store its report; with `apply`, queue its write when clean."""
    return _run_or_fail(self, functools.partial(import_run_check, apply=apply), run_id, "Checking the file")


@shared_task(bind=True, acks_late=True, **IMPORT_RETRY)
def import_run_apply_task(self, run_id: int):
    """Write a confirmed workbook, all or nothing."""
    return _run_or_fail(self, import_run_apply_queued, run_id, "Importing the file")
