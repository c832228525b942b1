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
