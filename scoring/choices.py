from django.db import models

from vocabulary.severity import CRITICAL, HIGH, INFO, LOW, MEDIUM, SEVERITY_LABELS


class RunStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Severity(models.TextChoices):
    """The severities of vocabulary.severity, most urgent first."""

    CRITICAL = CRITICAL, SEVERITY_LABELS[CRITICAL]
    HIGH = HIGH, SEVERITY_LABELS[HIGH]
    MEDIUM = MEDIUM, SEVERITY_LABELS[MEDIUM]
    LOW = LOW, SEVERITY_LABELS[LOW]
    INFO = INFO, SEVERITY_LABELS[INFO]
