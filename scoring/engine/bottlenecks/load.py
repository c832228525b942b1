"""Overloaded people and teams: owned responsibilities and production systems per FTE."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import texts
from ..frames import OrgFrames, group_lists
from ..results import FindingResult, evidence
from ..thresholds import (
    OVERLOAD_HIGH_FACTOR,
    OWNED_RESPONSIBILITIES_PER_FTE_MAX,
    PRODUCTION_STAGE,
    PRODUCTION_SYSTEMS_PER_FTE_MAX,
)
from .wording import plural


def person_load(f: OrgFrames) -> pd.DataFrame:
    """Per person: owned responsibilities and production systems run (owner or deployer), per FTE."""
    p = f.people[["id", "name", "team_id", "fte"]].copy()
    owned = f.assignments[f.assignments["level"] == "owner"].groupby("person_id").size()
    runs = f.runners[f.runners["system_id"].isin(f.production_ids)].groupby("person_id").size()
    p["owned"] = owned.reindex(p.index, fill_value=0).astype(int)
    p["systems"] = runs.reindex(p.index, fill_value=0).astype(int)
    p["owned_per_fte"] = p["owned"] / p["fte"]
    p["systems_per_fte"] = p["systems"] / p["fte"]
    return p


def team_load(f: OrgFrames, people_load: pd.DataFrame) -> pd.DataFrame:
    t = f.teams[["id", "name"]].copy()
    t["fte"] = people_load.groupby("team_id")["fte"].sum().reindex(t.index, fill_value=0.0)
    t["owned"] = people_load.groupby("team_id")["owned"].sum().reindex(t.index, fill_value=0).astype(int)
    prod = f.systems[f.systems["stage"] == PRODUCTION_STAGE]
    t["systems"] = prod.groupby("team_id").size().reindex(t.index, fill_value=0).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        t["owned_per_fte"] = np.where(t["fte"] > 0, t["owned"] / t["fte"].where(t["fte"] > 0, 1), np.inf)
        t["systems_per_fte"] = np.where(t["fte"] > 0, t["systems"] / t["fte"].where(t["fte"] > 0, 1), np.inf)
    t.loc[(t["fte"] == 0) & (t["owned"] == 0), "owned_per_fte"] = 0.0
    t.loc[(t["fte"] == 0) & (t["systems"] == 0), "systems_per_fte"] = 0.0
    return t


def _over(row, owns: str = "owns", runs: str = "runs") -> tuple[list[str], float]:
    reasons, worst = [], 0.0
    if row.owned_per_fte > OWNED_RESPONSIBILITIES_PER_FTE_MAX:
        reasons.append(
            f"{owns} {row.owned} responsibilities on {row.fte:g} FTE ({_fmt(row.owned_per_fte)} per FTE, "
            f"sustainable: {OWNED_RESPONSIBILITIES_PER_FTE_MAX:g})"
        )
        worst = max(worst, row.owned_per_fte / OWNED_RESPONSIBILITIES_PER_FTE_MAX)
    if row.systems_per_fte > PRODUCTION_SYSTEMS_PER_FTE_MAX:
        reasons.append(
            f"{runs} {row.systems} production systems on {row.fte:g} FTE ({_fmt(row.systems_per_fte)} per FTE, "
            f"sustainable: {PRODUCTION_SYSTEMS_PER_FTE_MAX:g})"
        )
        worst = max(worst, row.systems_per_fte / PRODUCTION_SYSTEMS_PER_FTE_MAX)
    return reasons, worst


def _fmt(x: float) -> str:
    return "no one" if np.isinf(x) else f"{x:.1f}"


def _metric(x: float):
    return None if np.isinf(x) else round(float(x), 2)


def overload_findings(f: OrgFrames, people_load: pd.DataFrame, teams_load: pd.DataFrame) -> list[FindingResult]:
    out = []
    flagged = people_load[
        (people_load["owned_per_fte"] > OWNED_RESPONSIBILITIES_PER_FTE_MAX)
        | (people_load["systems_per_fte"] > PRODUCTION_SYSTEMS_PER_FTE_MAX)
    ]
    if len(flagged):
        runs = f.runners[f.runners["system_id"].isin(f.production_ids) & f.runners["person_id"].isin(flagged.index)]
        sys_by_person = group_lists(runs, "person_id", "system_id", sort_by="system_id")
        own = f.assignments[(f.assignments["level"] == "owner") & f.assignments["person_id"].isin(flagged.index)]
        resp_by_person = group_lists(own, "person_id", "responsibility_id", sort_by="responsibility_id")
    for row in flagged.sort_values("id").itertuples():
        reasons, worst = _over(row)
        out.append(
            FindingResult(
                kind="overloaded_person",
                severity="high" if worst >= OVERLOAD_HIGH_FACTOR else "medium",
                title=f"{row.name} is overloaded",
                detail=f"{row.name} " + " and ".join(reasons) + ".",
                recommendation=texts.OVERLOADED_PERSON,
                evidence=evidence(
                    people=[f.person_ref(row.id)],
                    teams=[f.team_ref(row.team_id)],
                    systems=[f.system_ref(s) for s in sys_by_person.get(row.id, [])],
                    responsibilities=[f.resp_ref(r) for r in resp_by_person.get(row.id, [])],
                    metrics={
                        "fte": row.fte,
                        "owned_responsibilities": row.owned,
                        "production_systems": row.systems,
                        "owned_per_fte": _metric(row.owned_per_fte),
                        "systems_per_fte": _metric(row.systems_per_fte),
                    },
                ),
                team_id=int(row.team_id),
            )
        )
    teams_flagged = teams_load[
        (teams_load["owned_per_fte"] > OWNED_RESPONSIBILITIES_PER_FTE_MAX)
        | (teams_load["systems_per_fte"] > PRODUCTION_SYSTEMS_PER_FTE_MAX)
    ]
    if len(teams_flagged):
        prod = f.systems[(f.systems["stage"] == PRODUCTION_STAGE) & f.systems["team_id"].isin(teams_flagged.index)]
        sys_by_team = group_lists(prod, "team_id", "id", sort_by="name")
    for row in teams_flagged.sort_values("id").itertuples():
        reasons, worst = _over(row, owns="its members own", runs="it runs")
        if row.fte == 0:
            reasons = [f"it has {plural(row.systems, 'production system')} and nobody in the team"]
            worst = np.inf
        out.append(
            FindingResult(
                kind="overloaded_team",
                severity="high" if worst >= OVERLOAD_HIGH_FACTOR else "medium",
                title=f"Team {row.name} is overloaded",
                detail=f"{row.name}: " + " and ".join(reasons) + ".",
                recommendation=texts.OVERLOADED_TEAM,
                evidence=evidence(
                    teams=[f.team_ref(row.id)],
                    systems=[f.system_ref(s) for s in sys_by_team.get(row.id, [])],
                    metrics={
                        "fte": round(float(row.fte), 2),
                        "owned_responsibilities": row.owned,
                        "production_systems": row.systems,
                        "owned_per_fte": _metric(row.owned_per_fte),
                        "systems_per_fte": _metric(row.systems_per_fte),
                    },
                ),
                team_id=int(row.id),
            )
        )
    return out
