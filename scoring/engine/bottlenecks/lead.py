"""The ML lead and their distance from the top of the hierarchy."""

from __future__ import annotations

import pandas as pd

from .. import texts
from ..frames import OrgFrames
from ..results import FindingResult, evidence
from ..thresholds import (
    ML_LEAD_HIGH_DEPTH,
    ML_LEAD_MAX_DEPTH,
    ML_LEAD_ROLE_SLUGS,
)
from .wording import plural


def ml_lead(f: OrgFrames) -> tuple[int | None, int | None]:
    """(person id, depth) of the ML lead: the AI team lead nearest the top of the hierarchy, else the lead of
    the top-most central ML or research team. Depth counts the bosses above them: a person's manager, or if
    none is recorded, the lead of their team (or of the nearest team above with a lead). None when unknown."""
    people = f.people
    manager = {
        int(p): (None if m is pd.NA else int(m))
        for p, m in zip(people["id"].tolist(), people["manager_id"].tolist(), strict=True)
    }
    team_of = f.person_team
    team_lead = {
        int(t): (None if ld is pd.NA else int(ld))
        for t, ld in zip(f.teams["id"].tolist(), f.teams["lead_id"].tolist(), strict=True)
    }
    team_parent = {
        int(t): (None if pr is pd.NA else int(pr))
        for t, pr in zip(f.teams["id"].tolist(), f.teams["parent_id"].tolist(), strict=True)
    }
    # Reporting lines are known when someone has a manager or some team has a lead.
    has_hierarchy = any(m is not None for m in manager.values()) or any(ld is not None for ld in team_lead.values())

    def boss(p: int) -> int | None:
        if manager.get(p) is not None and manager[p] in manager:
            return manager[p]
        t, seen = team_of.get(p), set()
        while t is not None and t not in seen:
            seen.add(t)
            lead = team_lead.get(t)
            if lead is not None and lead != p and lead in manager:
                return lead
            t = team_parent.get(t)
        return None

    def depth(p: int) -> int:
        d, cur, seen = 0, p, {p}
        while (b := boss(cur)) is not None and b not in seen:
            seen.add(b)
            d, cur = d + 1, b
        return d

    candidates = people.loc[people["role_slug"].isin(ML_LEAD_ROLE_SLUGS), "id"].tolist()
    if not candidates:
        central = f.teams[f.teams["kind"].isin(("central_ml", "research")) & f.teams["lead_id"].notna()]
        candidates = [int(x) for x in central["lead_id"].tolist() if int(x) in manager]
    if not candidates:
        return None, None
    best = min((depth(int(p)), int(p)) for p in candidates)
    return best[1], (best[0] if has_hierarchy else None)


def ml_lead_findings(f: OrgFrames, lead_id, depth, answers: dict) -> list[FindingResult]:
    reports_to = answers.get("ctx-ml-reports-to")
    answer_ev = [reports_to] if reports_to else []
    if lead_id is None:
        if not len(f.ml_people):
            return []
        return [
            FindingResult(
                kind="ml_lead_distance",
                severity="high",
                title="No ML lead",
                detail=(
                    f"{plural(len(f.ml_people), 'ML practitioner')} work without an AI team lead or a lead of a "
                    "central ML team."
                ),
                recommendation=texts.NO_ML_LEAD,
                evidence=evidence(answers=answer_ev, metrics={"ml_practitioners": len(f.ml_people)}),
            )
        ]
    person = f.person_ref(lead_id)
    if depth is None:
        if reports_to and reports_to["value"] in ("department", "it-or-bi"):
            where = "inside a department" if reports_to["value"] == "department" else "inside IT or BI"
            return [
                FindingResult(
                    kind="ml_lead_distance",
                    severity="medium",
                    title=f"The ML lead reports {where}",
                    detail=f"The assessment says the ML lead ({person['name']}) reports {where}; the org data has "
                    "no reporting lines to confirm it.",
                    recommendation=texts.ML_LEAD_DISTANCE,
                    evidence=evidence(people=[person], answers=answer_ev),
                )
            ]
        return []
    if depth <= ML_LEAD_MAX_DEPTH:
        return []
    team_id = f.person_team.get(lead_id)
    return [
        FindingResult(
            kind="ml_lead_distance",
            severity="high" if depth >= ML_LEAD_HIGH_DEPTH else "medium",
            title=f"The ML lead is {depth} levels below the top",
            detail=(
                f"{person['name']} has {plural(depth, 'level')} of management above them; a seat at the "
                f"leadership table means at most {ML_LEAD_MAX_DEPTH}."
            ),
            recommendation=texts.ML_LEAD_DISTANCE,
            evidence=evidence(
                people=[person],
                teams=[f.team_ref(team_id)] if team_id is not None else [],
                answers=answer_ev,
                metrics={"depth": depth, "max_depth": ML_LEAD_MAX_DEPTH},
            ),
        )
    ]
