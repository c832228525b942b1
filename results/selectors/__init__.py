"""Reads of stored scoring results for the dashboard and team pages.

Everything here reads rows the scoring engine wrote (`ScoringRun`, `DimensionScore`, `Finding`); nothing
re-scores. Each function makes a fixed number of queries, whatever the size of the organisation:
runs are fetched as plain values and the latest one per team is chosen in Python, then their
dimension scores come in one query.
"""

from .dashboard import DashboardData, dashboard_data
from .runs import (
    DIMENSIONS,
    TREND_POINTS,
    DimensionRow,
    RunIndex,
    RunPoint,
    TeamLevels,
    TrendPoint,
    dimension_rows,
    org_run_history,
    run_findings,
    run_index,
    severity_sorted,
    stale_run,
    subject_key,
    unique_findings,
)
from .team import TeamResults, team_results
from .tree import ResultFilters, ResultScope, TeamNode, TeamTree, result_scope, team_tree

__all__ = [
    "DIMENSIONS",
    "TREND_POINTS",
    "DashboardData",
    "DimensionRow",
    "ResultFilters",
    "ResultScope",
    "RunIndex",
    "RunPoint",
    "TeamLevels",
    "TeamNode",
    "TeamResults",
    "TeamTree",
    "TrendPoint",
    "dashboard_data",
    "dimension_rows",
    "org_run_history",
    "result_scope",
    "run_findings",
    "run_index",
    "severity_sorted",
    "stale_run",
    "subject_key",
    "team_results",
    "team_tree",
    "unique_findings",
]
