"""Universal experts: people whose departure orphans several systems or responsibilities."""

from __future__ import annotations

import pandas as pd

from .. import texts
from ..frames import OrgFrames, group_lists
from ..results import FindingResult, evidence
from ..thresholds import (
    CARRIER_LEVELS,
    PRODUCTION_STAGE,
    UNIVERSAL_EXPERT_CRITICAL_SYSTEMS,
    UNIVERSAL_EXPERT_HIGH_ORPHANS,
    UNIVERSAL_EXPERT_MIN_ORPHANS,
)
from .wording import names_text, plural


def sole_carriers(f: OrgFrames, bus: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(system_id, person_id) pairs where the person alone owns or alone deploys a running production
    system, and (responsibility_id, person_id) pairs where the person is its only owner or backup."""
    running = bus[(bus["stage"] == PRODUCTION_STAGE) & (bus["bus_factor"] >= 1)]
    sole_owner = f.owners[f.owners["system_id"].isin(running.index[running["owners"] == 1])]
    sole_deployer = f.deployers[f.deployers["system_id"].isin(running.index[running["deployers"] == 1])]
    systems = pd.concat([sole_owner, sole_deployer]).drop_duplicates().reset_index(drop=True)
    carriers = f.assignments[f.assignments["level"].isin(CARRIER_LEVELS)]
    counts = carriers.groupby("responsibility_id")["person_id"].transform("size")
    resps = carriers.loc[counts == 1, ["responsibility_id", "person_id"]].reset_index(drop=True)
    return systems, resps


def universal_expert_findings(f: OrgFrames, bus: pd.DataFrame) -> list[FindingResult]:
    systems, resps = sole_carriers(f, bus)
    sys_by_person = group_lists(systems, "person_id", "system_id", sort_by="system_id")
    resp_by_person = group_lists(resps, "person_id", "responsibility_id", sort_by="responsibility_id")
    totals = systems.groupby("person_id").size().add(resps.groupby("person_id").size(), fill_value=0)
    experts = totals[totals >= UNIVERSAL_EXPERT_MIN_ORPHANS].index
    out = []
    for pid in sorted(int(p) for p in experts):
        sys_ids = sys_by_person.get(pid, [])
        resp_ids = resp_by_person.get(pid, [])
        total = len(sys_ids) + len(resp_ids)
        if len(sys_ids) >= UNIVERSAL_EXPERT_CRITICAL_SYSTEMS:
            severity = "critical"
        elif sys_ids or total >= UNIVERSAL_EXPERT_HIGH_ORPHANS:
            severity = "high"
        else:
            severity = "medium"
        person = f.person_ref(pid)
        sys_refs = [f.system_ref(s) for s in sys_ids]
        resp_refs = [f.resp_ref(r) for r in resp_ids]
        what = []
        if sys_refs:
            what.append(f"{plural(len(sys_refs), 'production system')} ({names_text(sys_refs, 8)})")
        if resp_refs:
            what.append(f"{plural(len(resp_refs), 'responsibility', 'responsibilities')} ({names_text(resp_refs, 8)})")
        team_id = f.person_team.get(pid)
        out.append(
            FindingResult(
                kind="universal_expert",
                severity=severity,
                title=f"{person['name']} is a universal expert: leaving would orphan {total} items",
                detail=f"{person['name']} alone can run or carry " + " and ".join(what) + ".",
                recommendation=texts.UNIVERSAL_EXPERT,
                evidence=evidence(
                    people=[person],
                    teams=[f.team_ref(team_id)] if team_id is not None else [],
                    systems=sys_refs,
                    responsibilities=resp_refs,
                    metrics={"orphaned_systems": len(sys_refs), "orphaned_responsibilities": len(resp_refs)},
                ),
                team_id=int(team_id) if team_id is not None else None,
            )
        )
    return out
