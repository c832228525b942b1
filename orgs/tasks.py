import datetime
import os

from celery import shared_task
from django.conf import settings

from .models import Organization
from .services import import_runs_expire


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
