"""Plain results of a scoring: what the saver writes and the summary JSON holds."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


def evidence(
    *,
    people=(),
    teams=(),
    systems=(),
    responsibilities=(),
    answers=(),
    metrics: dict | None = None,
) -> dict:
    """A finding's evidence with every list of the contract present."""
    return {
        "people": list(people),
        "teams": list(teams),
        "systems": list(systems),
        "responsibilities": list(responsibilities),
        "answers": to_builtin(list(answers)),
        "metrics": to_builtin(dict(metrics or {})),
    }


@dataclass
class FindingResult:
    kind: str
    severity: str
    title: str
    detail: str
    recommendation: str
    evidence: dict
    team_id: int | None = None
    impact: int = 1
    effort: int = 1
    rank: int = 0
    priority: float = 0.0


@dataclass
class DimensionResult:
    dimension: str
    label: str
    score: float | None
    level: int | None
    answered: int
    total: int
    evidence: list = field(default_factory=list)


@dataclass
class ScoreResult:
    scoring_version: str
    dimensions: list[DimensionResult]
    overall_score: float | None
    overall_level: int | None
    truck_factor: int | None
    archetype: int
    current_structure: str
    recommended_structure: str
    findings: list[FindingResult]
    summary: dict

    def findings_of(self, kind: str) -> list[FindingResult]:
        return [f for f in self.findings if f.kind == kind]


def to_builtin(value):
    """JSON-ready copy: numpy scalars to Python numbers, NaN/NA/inf to None, tuples and sets to lists."""
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return value
    if t is float:
        return None if value != value or value in (math.inf, -math.inf) else value
    if t is dict:
        return {(k if type(k) is str else str(k)): to_builtin(v) for k, v in value.items()}
    if t is list or t is tuple or t is set:
        return [to_builtin(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return to_builtin(float(value))
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dict):
        return {str(k): to_builtin(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_builtin(v) for v in value]
    return value


def records(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows of `df` as dicts of plain Python values (NaN and NA become None)."""
    cols = [[None if (v is pd.NA or (type(v) is float and v != v)) else v for v in df[c].tolist()] for c in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*cols, strict=True)]
