""" "What if this person leaves?": what their departure orphans and how each risk changes. Pure.

Built on the engine's `departure_impact` (orphaned systems and responsibilities, the truck factor
before and after) plus the risks that can be read from the person's own links, with the engine's
definitions: a system's bus factor is min(owners, deployers) among the systems that are not retired,
a responsibility's is owners + backups, deployment capacity is the engine's `deployment_capacity`.
"""

from __future__ import annotations

from scoring.engine import PRODUCTION_STAGE as PRODUCTION
from scoring.engine import RETIRED_STAGE as RETIRED
from scoring.engine import ScoringInputs, departure_impact, deployment_capacity
from vocabulary.families import ML_PRACTITIONER_FAMILIES


def _systems(inputs: ScoringInputs, pid: int) -> list[dict]:
    live = inputs.systems[inputs.systems["stage"] != RETIRED].drop_duplicates("id")
    owners = inputs.system_owners.drop_duplicates()
    deployers = inputs.system_deployers.drop_duplicates()
    known = set(inputs.people["id"].tolist())
    owners = owners[owners["person_id"].isin(known)]
    deployers = deployers[deployers["person_id"].isin(known)]
    mine = set(owners.loc[owners["person_id"] == pid, "system_id"]) | set(
        deployers.loc[deployers["person_id"] == pid, "system_id"]
    )
    live = live[live["id"].isin(mine)]
    if live.empty:
        return []
    team_name = dict(zip(inputs.teams["id"].tolist(), inputs.teams["name"].tolist(), strict=True))
    o = owners[owners["system_id"].isin(mine)]
    d = deployers[deployers["system_id"].isin(mine)]
    o_count, d_count = o.groupby("system_id").size(), d.groupby("system_id").size()
    o_mine = set(o.loc[o["person_id"] == pid, "system_id"])
    d_mine = set(d.loc[d["person_id"] == pid, "system_id"])
    rows = []
    for s in live.itertuples():
        ob, db = int(o_count.get(s.id, 0)), int(d_count.get(s.id, 0))
        oa, da = ob - (s.id in o_mine), db - (s.id in d_mine)
        rows.append(
            {
                "id": int(s.id),
                "name": s.name,
                "team": team_name.get(s.team_id, ""),
                "stage": s.stage,
                "roles": [r for r, hit in (("owner", s.id in o_mine), ("deployer", s.id in d_mine)) if hit],
                "owners": [ob, oa],
                "deployers": [db, da],
                "bus_factor": [min(ob, db), min(oa, da)],
            }
        )
    rows.sort(key=lambda r: (r["bus_factor"][1], r["stage"] != PRODUCTION, r["name"]))
    return rows


def _responsibilities(inputs: ScoringInputs, pid: int) -> list[dict]:
    a = inputs.assignments
    a = a[a["person_id"].isin(set(inputs.people["id"].tolist()))].drop_duplicates(
        ["person_id", "responsibility_id"], keep="last"
    )
    mine = a[a["person_id"] == pid]
    if mine.empty:
        return []
    resp = inputs.responsibilities.drop_duplicates("id").set_index("id")
    same = a[a["responsibility_id"].isin(set(mine["responsibility_id"]))]
    counts = same.groupby(["responsibility_id", "level"]).size()
    rows = []
    for r in mine.itertuples():
        if r.responsibility_id not in resp.index:
            continue
        owners, backups = (
            int(counts.get((r.responsibility_id, "owner"), 0)),
            int(counts.get((r.responsibility_id, "backup"), 0)),
        )
        owners_after = owners - (r.level == "owner")
        backups_after = backups - (r.level == "backup")
        rows.append(
            {
                "id": int(r.responsibility_id),
                "name": resp.loc[r.responsibility_id, "name"],
                "level": r.level,
                "owners": [owners, owners_after],
                "backups": [backups, backups_after],
                "bus_factor": [owners + backups, owners_after + backups_after],
            }
        )
    rows.sort(key=lambda r: (r["bus_factor"][1], r["owners"][1], r["name"]))
    return rows


def _worse_ratio(before: float | None, after: float | None) -> bool:
    """A load ratio got worse: it rose, or it can no longer be computed because nobody is left."""
    if before is None:
        return False
    return after is None or after > before


# The deployment figures a departure can make worse: (risk, key of `deployment`, whether it got worse).
DEPLOYMENT_RISKS = (
    ("Productioniser FTE", "productioniser_fte", lambda before, after: after < before),
    ("Model builders per productioniser", "builders_per_productioniser", _worse_ratio),
    ("Production systems per productioniser", "systems_per_productioniser", _worse_ratio),
)


def departure_report(inputs: ScoringInputs, person_id: int) -> dict:
    """What `person_id` leaving would orphan and how each risk changes; raises KeyError for an unknown person.

    Out: {"person": {id, name, team, role, family, fte}, "impact": departure_impact(...),
          "systems": [{id, name, team, stage, roles, owners, deployers, bus_factor}]  ([before, after] pairs),
          "responsibilities": [{id, name, level, owners, backups, bus_factor}],
          "deployment": {"before": {...}, "after": {...}},
          "team": {id, name, people: [b, a], ml_practitioners: [b, a], lone_after: bool},
          "leads": [team names], "reports": int,
          "risks": [{"risk", "before", "after", "worse": bool|None}]}
    """
    pid = int(person_id)
    people = inputs.people.drop_duplicates("id")
    row = people[people["id"] == pid]
    if row.empty:
        raise KeyError(pid)
    p = row.iloc[0]
    team_name = dict(zip(inputs.teams["id"].tolist(), inputs.teams["name"].tolist(), strict=True))
    impact = departure_impact(inputs, [pid])
    dep_before = deployment_capacity(inputs)
    dep_after = deployment_capacity(inputs.without_people([pid]))
    team_people = people[people["team_id"] == p["team_id"]]
    ml_before = int(team_people["family"].isin(ML_PRACTITIONER_FAMILIES).sum())
    ml_after = ml_before - int(p["family"] in ML_PRACTITIONER_FAMILIES)
    systems = _systems(inputs, pid)
    resps = _responsibilities(inputs, pid)
    leads = sorted(team_name.get(t, "") for t in inputs.teams.loc[inputs.teams["lead_id"].eq(pid).fillna(False), "id"])
    reports = int(people["manager_id"].eq(pid).fillna(False).sum())

    def fragile(rows):
        return [sum(1 for r in rows if r["bus_factor"][i] <= 1) for i in (0, 1)]

    tf = impact["truck_factor"]
    orphan_prod = impact["production_systems_orphaned"]
    risks = [
        ("Organisation truck factor", tf["before"], tf["after"], tf["after"] < tf["before"]),
        ("Their production systems nobody could run", 0, orphan_prod, orphan_prod > 0),
        (
            "Their systems with at most one person who can run them",
            *fragile(systems),
            fragile(systems)[1] > fragile(systems)[0],
        ),
        ("Responsibilities nobody carries", 0, len(impact["responsibilities"]), bool(impact["responsibilities"])),
        (
            "Responsibilities left without an owner",
            0,
            len(impact["responsibilities_losing_owner"]),
            bool(impact["responsibilities_losing_owner"]),
        ),
        *(
            (label, dep_before[key], dep_after[key], worse(dep_before[key], dep_after[key]))
            for label, key, worse in DEPLOYMENT_RISKS
        ),
        (f"ML practitioners in {team_name.get(p['team_id'], '')}", ml_before, ml_after, ml_after < ml_before),
        ("Teams without a lead", 0, len(leads), bool(leads)),
    ]
    return {
        "person": {
            **{k: p[k] for k in ("name", "family")},
            "id": pid,
            "team_id": int(p["team_id"]),
            "team": team_name.get(p["team_id"], ""),
            "role": p["role_name"],
            "fte": float(p["fte"]),
        },
        "impact": impact,
        "systems": systems,
        "responsibilities": resps,
        "deployment": {"before": dep_before, "after": dep_after},
        "team": {
            "id": int(p["team_id"]),
            "name": team_name.get(p["team_id"], ""),
            "people": [len(team_people), len(team_people) - 1],
            "ml_practitioners": [ml_before, ml_after],
            "lone_after": ml_after == 1,
        },
        "leads": leads,
        "reports": reports,
        "risks": [{"risk": r, "before": b, "after": a, "worse": bool(w)} for r, b, a, w in risks],
    }
