"""Reliable task dispatch: write the message with the data, send it after commit, retry later."""

import logging
from importlib import import_module

from celery import current_app
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# Fail fast when the broker is down: the periodic flush retries, the request should not hang.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def outbox_enqueue(*, task_name: str, args: list) -> OutboxMessage:
    """Record `task_name(*args)` in the current transaction; try to send it right after commit."""
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args))
    transaction.on_commit(lambda: outbox_send(message_id=message.pk))
    return message


def _task_registered(task_name: str) -> None:
    """Import the task's module, so the task runs in-process when tasks are eager (no broker)."""
    if task_name not in current_app.tasks:
        import_module(task_name.rsplit(".", 1)[0])


def outbox_send(*, message_id: int) -> bool:
    """Send one unsent message. Returns False (and keeps it for the next flush) when the broker is down."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id, sent_at__isnull=True).first()
        if message is None:
            return True
        try:
            _task_registered(message.task_name)
            # A signature runs in-process when tasks are eager, and goes to the broker otherwise.
            current_app.signature(message.task_name, args=message.args).apply_async(retry_policy=RETRY_POLICY)
        except Exception as exc:  # noqa: BLE001 - any broker failure keeps the message for later
            logger.warning("Could not send %s: %s", message, exc)
            OutboxMessage.objects.filter(pk=message.pk).update(attempts=message.attempts + 1, last_error=str(exc))
            return False
        OutboxMessage.objects.filter(pk=message.pk).update(
            sent_at=timezone.now(), attempts=message.attempts + 1, last_error=""
        )
        return True


def outbox_flush(*, limit: int = 500) -> int:
    """Send every unsent message (oldest first); returns how many were sent."""
    ids = list(OutboxMessage.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)[:limit])
    sent = 0
    for pk in ids:
        if not outbox_send(message_id=pk):
            break  # the broker is still down: try again on the next flush
        sent += 1
    return sent
