from django.db import models


class OutboxMessage(models.Model):
    """A task to send to the broker, written in the same transaction as the change that needs it.

    If the broker is unreachable when the transaction commits, the row stays unsent and the
    periodic flush sends it once the broker is back, so no submitted work is ever lost.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "id"], name="outbox_unsent_idx")]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)} ({'sent' if self.sent_at else 'pending'})"


class TaskDelivery(models.Model):
    """A task being worked on: how many times a worker took it up without finishing.

    A worker process that dies (out of memory, killed) cannot record anything, and with late
    acknowledgement the broker hands the same message out again. Counting each start here, and
    forgetting it when the attempt ends in any way the process survives, tells the next delivery
    how many attempts died, so a message that kills every worker is given up after a few.
    """

    task_name = models.CharField(max_length=200)
    key = models.CharField(max_length=200)  # the task's subject, e.g. {"assessment_id": 3}
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task_name", "key"], name="outbox_delivery_unique")]

    def __str__(self):
        return f"{self.task_name} {self.key}: {self.attempts} attempt(s)"
