from unittest import mock

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from outbox.models import OutboxMessage
from outbox.services import outbox_enqueue, outbox_flush
from outbox.tasks import outbox_flush_task

pytestmark = pytest.mark.django_db(transaction=True)

TASK = "orgs.tasks.org_data_summary_task"


def test_message_is_sent_after_commit(org):
    with transaction.atomic():
        message = outbox_enqueue(task_name=TASK, args=[org.pk])
        assert OutboxMessage.objects.get(pk=message.pk).sent_at is None
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(task_name=TASK, args=[org.pk])
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()


def test_broker_down_keeps_the_message_until_a_flush_succeeds(org):
    with mock.patch("celery.canvas.Signature.apply_async", side_effect=OperationalError("Connection refused")):
        with transaction.atomic():
            message = outbox_enqueue(task_name=TASK, args=[org.pk])
        message.refresh_from_db()
        assert message.sent_at is None and message.attempts == 1 and "refused" in message.last_error
        assert outbox_flush() == 0  # still down

    with mock.patch("celery.canvas.Signature.apply_async") as send:
        assert outbox_flush_task() == 1
        send.assert_called_once()
    message.refresh_from_db()
    assert message.sent_at is not None and message.last_error == ""
    assert outbox_flush() == 0  # sent exactly once


def test_a_task_whose_module_was_never_imported_still_runs_in_process(org):
    import sys

    from teamplanner.celery import app

    sys.modules.pop("orgs.tasks", None)
    for name in [n for n in app.tasks if n.startswith("orgs.tasks.")]:  # the module's tasks are registered anew
        app.tasks.pop(name)
    with transaction.atomic():
        message = outbox_enqueue(task_name=TASK, args=[org.pk])
    message.refresh_from_db()
    assert message.sent_at is not None
    assert TASK in app.tasks
