"""Severities of findings, most urgent first, and the one way to sort by them."""

from collections.abc import Callable, Iterable
from typing import TypeVar

CRITICAL = "critical"
HIGH = "high"
MEDIUM = "medium"
LOW = "low"
INFO = "info"

SEVERITIES = (CRITICAL, HIGH, MEDIUM, LOW, INFO)
SEVERITY_LABELS = {CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low", INFO: "Info"}
# 0 = most urgent; an unknown severity sorts after every known one.
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
UNKNOWN_RANK = len(SEVERITIES)

T = TypeVar("T")


def severity_rank(severity: str) -> int:
    """Where `severity` sorts: 0 for critical ... 4 for info, 5 for anything else."""
    return SEVERITY_RANK.get(severity, UNKNOWN_RANK)


def by_severity(items: Iterable[T], severity: Callable[[T], str] = lambda item: item.severity) -> list[T]:
    """`items` sorted most urgent first; items of the same severity keep their order."""
    return sorted(items, key=lambda item: severity_rank(severity(item)))
