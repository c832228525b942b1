"""One ranked list of actions: severity and impact against effort.

priority = SEVERITY_WEIGHT[severity] x impact / effort; the highest priority is rank 1. Ties go to the
more severe finding, then to the kind order of IMPACT_EFFORT, then to the title.
"""

from __future__ import annotations

from vocabulary.severity import severity_rank

from .results import FindingResult
from .thresholds import FINDING_KINDS, IMPACT_EFFORT, SEVERITY_WEIGHT


def priority(severity: str, impact: int, effort: int) -> float:
    return round(SEVERITY_WEIGHT[severity] * impact / effort, 4)


def rank_findings(findings: list[FindingResult]) -> list[FindingResult]:
    """Set impact, effort, priority and rank (1 = do first) on every finding; return them in rank order."""
    for f in findings:
        f.impact, f.effort = IMPACT_EFFORT[f.kind]
        f.priority = priority(f.severity, f.impact, f.effort)
    ordered = sorted(
        findings,
        key=lambda f: (-f.priority, severity_rank(f.severity), FINDING_KINDS.index(f.kind), f.title),
    )
    for i, f in enumerate(ordered, start=1):
        f.rank = i
    return ordered


def actions_summary(findings: list[FindingResult]) -> list[dict]:
    return [
        {
            "rank": f.rank,
            "finding_kind": f.kind,
            "title": f.title,
            "team_id": f.team_id,
            "severity": f.severity,
            "impact": f.impact,
            "effort": f.effort,
        }
        for f in findings
    ]


def team_actions(findings: list[FindingResult], team_id: int) -> list[FindingResult]:
    """The actions of one team, in the org-wide order."""
    return [f for f in findings if f.team_id == team_id]
