"""Bus factors per production ML system and per responsibility, coverage and overlaps."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from .. import texts
from ..frames import OrgFrames, group_lists
from ..results import FindingResult, evidence, records
from ..thresholds import (
    CARRIER_LEVELS,
    OVERLAP_MEDIUM_TEAMS,
    OVERLAP_MIN_TEAMS,
    PRODUCTION_CRITICAL_STAGES,
    PRODUCTION_STAGE,
)
from .wording import names_text, plural


def system_bus_factors(f: OrgFrames) -> pd.DataFrame:
    """One row per system that is not retired: owners, deployers and bus factor = min(owners, deployers).

    A system keeps running while at least one person who knows how it was built (an owner) and one who
    can release and operate it (a deployer) remain; a person listed as both counts for both. The fewest
    departures that stop it are therefore all its owners or all its deployers.
    """
    s = f.systems[["id", "name", "team_id", "team", "stage"]].copy()
    s["owners"] = f.owners.groupby("system_id").size().reindex(s.index, fill_value=0).astype(int)
    s["deployers"] = f.deployers.groupby("system_id").size().reindex(s.index, fill_value=0).astype(int)
    s["bus_factor"] = np.minimum(s["owners"], s["deployers"]).astype(int)
    return s


def responsibility_coverage(f: OrgFrames) -> pd.DataFrame:
    """One row per catalog responsibility: owners, contributors, backups, bus factor (owners + backups),
    the teams its owners sit in and whether one of the owners leads a team."""
    r = f.responsibilities[["id", "slug", "name", "pillar", "stage"]].copy()
    a = f.assignments
    counts = (
        a.groupby(["responsibility_id", "level"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=r.index, columns=["owner", "contributor", "backup"], fill_value=0)
    )
    r["owners"] = counts["owner"].astype(int)
    r["contributors"] = counts["contributor"].astype(int)
    r["backups"] = counts["backup"].astype(int)
    r["bus_factor"] = (r["owners"] + r["backups"]).astype(int)
    own = a[a["level"] == "owner"]
    team_ids = group_lists(
        own.drop_duplicates(["responsibility_id", "team_id"]), "responsibility_id", "team_id", sort_by="team_id"
    )
    r["owner_team_ids"] = [team_ids.get(i, []) for i in r.index]
    r["owner_teams"] = [sorted(f.team_name.get(t, f"#{t}") for t in ids) for ids in r["owner_team_ids"]]
    lead_owner = own["person_id"].isin(f.lead_ids).groupby(own["responsibility_id"]).any()
    r["lead_owner"] = lead_owner.reindex(r.index, fill_value=False).astype(bool)
    return r


def bus_factor_system_findings(f: OrgFrames, bus: pd.DataFrame) -> list[FindingResult]:
    """One finding per team whose production systems can be stopped by one departure (or already are)."""
    weak = bus[(bus["stage"] == PRODUCTION_STAGE) & (bus["bus_factor"] <= 1)].sort_values(["team_id", "name"])
    if weak.empty:
        return []
    single = pd.concat(
        [
            f.owners[f.owners["system_id"].isin(weak.index[weak["owners"] == 1])],
            f.deployers[f.deployers["system_id"].isin(weak.index[weak["deployers"] == 1])],
        ]
    ).drop_duplicates()
    single_by_system: dict[int, list[int]] = defaultdict(list)
    for s, p in zip(single["system_id"].tolist(), single["person_id"].tolist(), strict=True):
        single_by_system[s].append(p)
    by_team: dict[int, list[tuple]] = defaultdict(list)
    for row in zip(
        weak["team_id"].tolist(),
        weak["id"].tolist(),
        weak["name"].tolist(),
        weak["owners"].tolist(),
        weak["deployers"].tolist(),
        weak["bus_factor"].tolist(),
        strict=True,
    ):
        by_team[row[0]].append(row[1:])
    out = []
    for team_id in sorted(by_team):
        rows = by_team[team_id]
        zero = [r for r in rows if r[4] == 0]
        one = [r for r in rows if r[4] == 1]
        people = [f.person_ref(p) for p in sorted({p for r in one for p in single_by_system[r[0]]})]
        parts = []
        if one:
            names = names_text([{"name": r[1]} for r in one])
            who = names_text(people)
            parts.append(f"{plural(len(one), 'production system')} ({names}) would stop after one departure: {who}")
        if zero:
            missing = []
            for _sid, name, owners, deployers, _bf in zero:
                gap = "no owner" if owners == 0 else "no deployer"
                gap = "no owner and no deployer" if owners == 0 and deployers == 0 else gap
                missing.append(f"{name} ({gap})")
            verb = "already have nobody to run them" if len(zero) > 1 else "already has nobody to run it"
            parts.append(f"{plural(len(zero), 'production system')} {verb}: " + ", ".join(missing))
        team = f.team_name.get(int(team_id), f"#{team_id}")
        out.append(
            FindingResult(
                kind="bus_factor_system",
                severity="critical" if zero else "high",
                title=f"{team}: {_weak_title(rows, single_by_system, f)}",
                detail="; ".join(parts) + ".",
                recommendation=texts.BUS_FACTOR_SYSTEM,
                evidence=evidence(
                    people=people,
                    teams=[f.team_ref(team_id)],
                    systems=[{"id": r[0], "name": r[1]} for r in rows],
                    metrics={"bus_factor_0": len(zero), "bus_factor_1": len(one)},
                ),
                team_id=int(team_id),
            )
        )
    return out


TITLE_SYSTEMS = 3  # systems named in a title; the rest are counted


def _weak_title(rows: list[tuple], single_by_system: dict[int, list[int]], f: OrgFrames) -> str:
    """What each weak system hangs on, so the title agrees with the evidence:
    "Fraud scoring depends on Ann alone; Churn model on Bo alone; Pricing has nobody to run it"."""
    parts: list[str] = []
    said = False
    for sid, name, _owners, _deployers, bus_factor in rows[:TITLE_SYSTEMS]:
        if bus_factor == 0:
            parts.append(f"{name} has nobody to run it")
            continue
        who = names_text([f.person_ref(p) for p in sorted(single_by_system.get(sid, []))])
        parts.append(f"{name} {'' if said else 'depends '}on {who} alone")
        said = True
    more = len(rows) - TITLE_SYSTEMS
    return "; ".join(parts) + (f"; and {plural(more, 'more production system')}" if more > 0 else "")


def responsibility_findings(f: OrgFrames, cov: pd.DataFrame) -> list[FindingResult]:
    """Uncovered responsibilities (no owner), single carriers (bus factor 1) and overlaps."""
    out = []
    overlapping = (cov["owner_team_ids"].map(len) >= OVERLAP_MIN_TEAMS) & ~cov["lead_owner"]
    relevant = cov.index[(cov["owners"] == 0) | (cov["bus_factor"] == 1) | overlapping]
    a = f.assignments[f.assignments["responsibility_id"].isin(relevant)]  # only what a finding names
    helpers = group_lists(a[a["level"] != "owner"], "responsibility_id", "person_id")
    carriers = group_lists(a[a["level"].isin(CARRIER_LEVELS)], "responsibility_id", "person_id")
    owners_of = group_lists(a[a["level"] == "owner"], "responsibility_id", "person_id")
    for r in cov.loc[relevant].itertuples():
        ref = {"id": int(r.id), "slug": r.slug, "name": r.name}
        metrics = {"owners": r.owners, "contributors": r.contributors, "backups": r.backups, "bus_factor": r.bus_factor}
        if r.owners == 0:
            helping = [f.person_ref(p) for p in sorted(helpers.get(r.id, []))]
            out.append(
                FindingResult(
                    kind="uncovered_responsibility",
                    severity="medium" if r.backups else "high",
                    title=f"Nobody owns {r.name}",
                    detail=(
                        f"{r.name} ({r.pillar} pillar, {r.stage} stage) has no owner"
                        + (
                            f"; {plural(len(helping), 'person', 'people')} only "
                            f"{'helps' if len(helping) == 1 else 'help'} with it: {names_text(helping)}."
                            if helping
                            else " and nobody works on it."
                        )
                    ),
                    recommendation=texts.UNCOVERED_WITH_HELPERS if helping else texts.UNCOVERED,
                    evidence=evidence(people=helping, responsibilities=[ref], metrics=metrics),
                )
            )
        elif r.bus_factor == 1:
            person = f.person_ref(carriers.get(r.id, [None])[0])
            out.append(
                FindingResult(
                    kind="bus_factor_responsibility",
                    severity="high" if r.stage in PRODUCTION_CRITICAL_STAGES else "medium",
                    title=f"Only {person['name']} carries {r.name}",
                    detail=(
                        f"{r.name} has one owner ({person['name']}) and no backup: one departure leaves it uncovered."
                    ),
                    recommendation=texts.BUS_FACTOR_RESPONSIBILITY,
                    evidence=evidence(
                        people=[person],
                        teams=[f.team_ref(t) for t in r.owner_team_ids],
                        responsibilities=[ref],
                        metrics=metrics,
                    ),
                    team_id=int(r.owner_team_ids[0]) if len(r.owner_team_ids) == 1 else None,
                )
            )
        if len(r.owner_team_ids) >= OVERLAP_MIN_TEAMS and not r.lead_owner:
            owners = owners_of.get(r.id, [])
            teams = [f.team_ref(t) for t in r.owner_team_ids]
            out.append(
                FindingResult(
                    kind="overlapping_responsibility",
                    severity="medium" if len(teams) >= OVERLAP_MEDIUM_TEAMS else "low",
                    title=f"{r.name} is owned in {len(teams)} teams with nobody leading it",
                    detail=(
                        f"{plural(r.owners, 'owner')} in {names_text(teams)}; none of them leads a team, so nobody "
                        "coordinates the work."
                    ),
                    recommendation=texts.OVERLAP,
                    evidence=evidence(
                        people=[f.person_ref(p) for p in sorted(owners)],
                        teams=teams,
                        responsibilities=[ref],
                        metrics={**metrics, "owner_teams": len(teams)},
                    ),
                )
            )
    return out


def bus_factor_summary(bus: pd.DataFrame, cov: pd.DataFrame) -> dict:
    resp = cov[["id", "slug", "name", "pillar", "owners", "backups", "bus_factor"]].sort_values(["bus_factor", "name"])
    systems = bus[["id", "name", "team_id", "team", "stage", "bus_factor"]].sort_values(["bus_factor", "name"])
    return {"responsibilities": records(resp, list(resp.columns)), "systems": records(systems, list(systems.columns))}


def coverage_summary(cov: pd.DataFrame) -> list[dict]:
    cols = ["id", "slug", "name", "pillar", "owners", "contributors", "backups", "owner_teams"]
    return records(cov.sort_values("name"), cols)
