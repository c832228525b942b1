"""The numbers classification reads from the org data, all from one count of ML practitioner FTE."""

from __future__ import annotations

import pandas as pd

from vocabulary.families import BUILDER, PRODUCTIONISER, ml_practitioner_fte
from vocabulary.teams import subtree

from ..bottlenecks.lead import ml_lead
from ..frames import OrgFrames
from ..thresholds import (
    CENTRAL_DEV_ROLE_SLUGS,
    CENTRAL_PRODUCT_ROLE_SLUGS,
    CENTRAL_TEAM_KINDS,
    DATA_ENGINEER_ROLE_SLUG,
    EMBEDDED_TEAM_KINDS,
    ML_LEAD_ROLE_SLUGS,
    POOL_MIN_ML_PEOPLE,
    PRODUCTION_STAGE,
    SUPPORT_TEAM_KINDS,
)

RESEARCHER_ROLE_SLUG = "ml-researcher"


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole else None


def _fte(people: pd.DataFrame, mask) -> float:
    return round(float(people.loc[mask, "fte"].sum()), 2)


def _division_fte(f: OrgFrames, ml: pd.DataFrame, lead_id: int | None) -> tuple[str | None, float, float]:
    """The ML lead's division (the team they lead, else their own team, with every team below it), the ML
    practitioner FTE in it and the FTE of everyone outside it."""
    if lead_id is None:
        return None, 0.0, 0.0
    teams = f.teams
    edges = list(zip(teams["id"].tolist(), [None if p is pd.NA else int(p) for p in teams["parent_id"]], strict=True))
    led = [int(t) for t in teams.loc[teams["lead_id"].eq(lead_id).fillna(False).astype(bool), "id"].tolist()]
    roots = led or [f.person_team.get(lead_id)]
    best_root, best = None, set()
    for root in roots:
        if root is None:
            continue
        below = subtree(edges, [root])
        if len(below) > len(best):
            best_root, best = root, below
    if best_root is None:
        return None, 0.0, 0.0
    outside = _fte(f.people, ~f.people["team_id"].isin(best))
    return f.team_name.get(best_root), _fte(ml, ml["team_id"].isin(best)), outside


def where_ml_sits(ml: pd.DataFrame, f: OrgFrames) -> list[dict]:
    """The teams holding ML practitioners, most FTE first: [{team, kind, fte}]."""
    per_team = ml.groupby("team_id")["fte"].sum().sort_values(ascending=False, kind="stable")
    kinds = f.teams["kind"].to_dict()
    return [
        {"team": f.team_name.get(int(t), f"#{t}"), "kind": kinds.get(int(t), "other"), "fte": round(float(x), 2)}
        for t, x in per_team.items()
    ]


def data_signals(f: OrgFrames) -> dict:
    """Out: the facts classification votes on and names in its reasons (see docs/scoring.md)."""
    people, ml = f.people, f.ml_people
    ml_fte = ml_practitioner_fte(zip(ml["family"].tolist(), ml["fte"].tolist(), strict=True))
    kind = ml["team_id"].map(f.teams["kind"].to_dict()).fillna("other")
    ml_per_team = ml.groupby("team_id")["id"].transform("size")
    support = kind.isin(SUPPORT_TEAM_KINDS)
    central = kind.isin(CENTRAL_TEAM_KINDS) | (support & (ml_per_team >= POOL_MIN_ML_PEOPLE))
    central_fte = _fte(ml, central)
    builder_fte = _fte(ml, ml["family"] == BUILDER)
    de_fte = _fte(people, people["role_slug"] == DATA_ENGINEER_ROLE_SLUG)
    product_teams = set(f.teams.index[f.teams["kind"].isin(EMBEDDED_TEAM_KINDS)].tolist())
    lead_id, lead_depth = ml_lead(f)
    division, division_fte, outside_division_fte = _division_fte(f, ml, lead_id)
    central_teams = f.teams.index[f.teams["kind"].isin(CENTRAL_TEAM_KINDS)]
    in_central = people[people["team_id"].isin(central_teams)]
    product_roles = in_central["role_slug"].isin(CENTRAL_PRODUCT_ROLE_SLUGS)
    dev_roles = in_central["role_slug"].isin(CENTRAL_DEV_ROLE_SLUGS)
    live = len(f.systems)
    production = int((f.systems["stage"] == PRODUCTION_STAGE).sum())
    return {
        "ml_fte": ml_fte,
        "ml_people": len(ml),
        "total_fte": round(float(people["fte"].sum()), 2),
        "ml_share_of_people": _share(ml_fte, float(people["fte"].sum())),
        "where_ml_sits": where_ml_sits(ml, f),
        "central_ml_fte": central_fte,
        "embedded_ml_fte": round(ml_fte - central_fte, 2),
        "central_share": _share(central_fte, ml_fte),
        "product_ml_fte": _fte(ml, kind.isin(EMBEDDED_TEAM_KINDS)),
        "product_share": _share(_fte(ml, kind.isin(EMBEDDED_TEAM_KINDS)), ml_fte),
        "support_ml_fte": _fte(ml, support),
        "support_share": _share(_fte(ml, support), ml_fte),
        "product_teams": len(product_teams),
        "product_teams_with_ml": len(product_teams & set(ml["team_id"].tolist())),
        "research_share": _share(_fte(ml, kind == "research"), ml_fte),
        "builder_fte": builder_fte,
        "productioniser_fte": _fte(ml, ml["family"] == PRODUCTIONISER),
        "researcher_share": _share(_fte(ml, ml["role_slug"] == RESEARCHER_ROLE_SLUG), builder_fte),
        "data_engineer_fte": de_fte,
        "data_engineer_share": _share(de_fte, ml_fte),
        "ai_lead_fte": _fte(ml, ml["role_slug"].isin(ML_LEAD_ROLE_SLUGS)),
        "ml_lead": f.person_name.get(lead_id) if lead_id is not None else None,
        "ml_lead_depth": lead_depth,
        "division": division,
        "division_share": _share(division_fte, ml_fte),
        "outside_division_fte": outside_division_fte,
        "central_product_roles": bool(product_roles.any()),
        "central_dev_roles": bool(dev_roles.any()),
        "central_product_dev_share": _share(_fte(in_central, product_roles | dev_roles), in_central["fte"].sum())
        or 0.0,
        "systems": live,
        "production_systems": production,
        "production_share": _share(production, live),
    }
