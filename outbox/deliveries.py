"""Deliveries of a task that did not finish: the count that stops a message which kills every worker.

`delivery_start` is called when a task begins (outside any transaction, so the count is stored before
the work can crash the process); `delivery_end` when the attempt ends in a way the process survives
(success, a domain error, an exception that Celery retries). Only attempts whose process died are
left counted.
"""

from django.db import transaction
from django.db.models import F

from .models import TaskDelivery


def delivery_start(*, task_name: str, key: str) -> int:
    """Count one more start of `task_name` for `key`; the number of starts, this one included, since the
    last attempt that ended."""
    with transaction.atomic():
        delivery, _ = TaskDelivery.objects.get_or_create(task_name=task_name, key=key[:200])
        TaskDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    return TaskDelivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)


def delivery_end(*, task_name: str, key: str) -> None:
    """The attempt ended and its process lives on: nothing is left to count."""
    TaskDelivery.objects.filter(task_name=task_name, key=key[:200]).delete()
