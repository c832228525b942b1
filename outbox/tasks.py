from celery import shared_task

from .services import outbox_flush


@shared_task(acks_late=True, ignore_result=True)
def outbox_flush_task() -> int:
    """Periodic: send messages whose dispatch failed because the broker was unreachable."""
    return outbox_flush()
