import os

from celery import shared_task

from .models import Organization


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
