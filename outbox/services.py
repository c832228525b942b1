"""Reliable task dispatch: write the message with the data, send it after commit, retry later.

Every task of the project is dispatched here, never with `.delay()`: the message is a row written in
the transaction of the change that needs it, so it exists exactly when the change does. Sending it
to the broker after the commit gives up quickly (short timeouts, no retries) so a request never
waits on a broker that is down or does not answer; the message then waits for the periodic flush.
"""

import logging
from importlib import import_module

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu import Connection

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def outbox_enqueue(*, task_name: str, args: list, unless_waiting: bool = False) -> OutboxMessage:
    """Record `task_name(*args)` in the current transaction; try to send it right after commit.

    `unless_waiting=True` writes nothing when the same message is still waiting to be sent, and returns that one.
    """
    if unless_waiting:
        waiting = OutboxMessage.objects.filter(task_name=task_name, args=list(args), sent_at__isnull=True).first()
        if waiting is not None:
            return waiting
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args))
    transaction.on_commit(lambda: outbox_send(message_id=message.pk))
    return message


def _task_registered(task_name: str) -> None:
    """Import the task's module, so the task runs in-process when tasks are eager (no broker)."""
    if task_name not in current_app.tasks:
        import_module(task_name.rsplit(".", 1)[0])


def publish_connection() -> Connection:
    """A broker connection for sending that gives up after OUTBOX_PUBLISH_TIMEOUT seconds, without retrying.

    Only for sending: workers and beat keep the broker settings of their own connections.
    """
    timeout = settings.OUTBOX_PUBLISH_TIMEOUT
    return current_app.connection_for_write(
        connect_timeout=timeout,
        transport_options={
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            "max_retries": 0,
            "connect_retries_timeout": timeout,
        },
    )


def _publish(message: OutboxMessage, connection: Connection) -> None:
    _task_registered(message.task_name)
    # A signature runs in-process when tasks are eager, and goes to the broker otherwise. Nobody waits
    # for the result of a dispatched task (its effects are in the database), so none is stored.
    current_app.signature(message.task_name, args=message.args).apply_async(
        connection=connection, retry=False, ignore_result=True
    )


def outbox_send(*, message_id: int, connection: Connection | None = None) -> bool:
    """Send one unsent message. Returns False (and keeps it for the next flush) when the broker is down.

    `connection` is a `publish_connection()` to reuse (the flush sends many on one); by default one is opened.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id, sent_at__isnull=True).first()
        if message is None:
            return True
        try:
            if connection is None:
                with publish_connection() as own:
                    _publish(message, own)
            else:
                _publish(message, connection)
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
    if not ids:
        return sent
    with publish_connection() as connection:
        for pk in ids:
            if not outbox_send(message_id=pk, connection=connection):
                break  # the broker is still down: try again on the next flush
            sent += 1
    return sent
