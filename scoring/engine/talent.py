"""Talent risk: open roles weighted by their months to hire, and lone ML practitioners in a team."""

from __future__ import annotations

import pandas as pd

from vocabulary.families import HARD_TO_HIRE_FAMILIES, ML_PRACTITIONER_FAMILIES, ml_practitioner_fte

from . import texts
from .frames import OrgFrames
from .results import FindingResult, evidence
from .thresholds import DAYS_PER_MONTH, OPEN_MONTHS_PER_ML_FTE_HIGH, OPEN_MONTHS_PER_ML_FTE_MEDIUM


def open_roles(f: OrgFrames) -> pd.DataFrame:
    o = f.inputs.openings
    o = o[o["status"] == "open"].copy()
    o["team"] = o["team_id"].map(f.team_name).fillna("")
    as_of = pd.Timestamp(f.inputs.as_of)
    opened = pd.to_datetime(o["opened_on"], errors="coerce")
    o["days_open"] = (as_of - opened).dt.days.clip(lower=0).fillna(0).astype(int)
    o["months_open"] = (o["days_open"] / DAYS_PER_MONTH).round(1)
    return o.sort_values(["months_to_hire", "id"], ascending=[False, True])


def lone_practitioners(f: OrgFrames) -> pd.DataFrame:
    """ML practitioners who are the only one in their team."""
    ml = f.people[f.people["family"].isin(ML_PRACTITIONER_FAMILIES)]
    per_team = ml.groupby("team_id")["id"].transform("size")
    lone = ml[per_team == 1].copy()
    lone["team"] = lone["team_id"].map(f.team_name).fillna("")
    size = f.people.groupby("team_id").size()
    lone["team_size"] = lone["team_id"].map(size).fillna(1).astype(int)
    return lone.sort_values(["team", "name"])


def talent_summary(opens: pd.DataFrame, lone: pd.DataFrame) -> dict:
    return {
        "open_roles": [
            {"opening_id": int(r.id), "role": r.role_name, "team": r.team, "months_to_hire": float(r.months_to_hire)}
            for r in opens.itertuples()
        ],
        "weighted_open_months": round(float(opens["months_to_hire"].sum()), 1),
        "lone_practitioners": [{"id": int(r.id), "name": r.name, "team": r.team} for r in lone.itertuples()],
    }


def talent_findings(f: OrgFrames, opens: pd.DataFrame, lone: pd.DataFrame) -> list[FindingResult]:
    out = []
    if len(opens):
        weighted = round(float(opens["months_to_hire"].sum()), 1)
        ml_fte = ml_practitioner_fte(zip(f.people["family"].tolist(), f.people["fte"].tolist(), strict=True))
        ratio = weighted / ml_fte if ml_fte else float("inf")
        if ratio >= OPEN_MONTHS_PER_ML_FTE_HIGH:
            severity = "high"
        elif ratio >= OPEN_MONTHS_PER_ML_FTE_MEDIUM:
            severity = "medium"
        else:
            severity = "low"
        overdue = opens[opens["months_open"] > opens["months_to_hire"]]
        roles = ", ".join(
            f"{r.role_name} in {r.team} ({r.months_to_hire:g} months)" for r in opens.head(6).itertuples()
        )
        more = len(opens) - 6
        out.append(
            FindingResult(
                kind="talent_open_roles",
                severity=severity,
                title=f"{len(opens)} open role{'s' if len(opens) != 1 else ''} worth {weighted:g} months of hiring",
                detail=(
                    f"Open: {roles}{f' and {more} more' if more > 0 else ''}. Weighted by the typical time to hire "
                    f"of each role that is {weighted:g} months against {ml_fte:g} ML practitioner FTE"
                    + (
                        f"; {len(overdue)} already open longer than their typical time to hire."
                        if len(overdue)
                        else "."
                    )
                ),
                recommendation=texts.OPEN_ROLES,
                evidence=evidence(
                    teams=[f.team_ref(t) for t in sorted(set(opens["team_id"].tolist()))],
                    metrics={
                        "open_roles": len(opens),
                        "weighted_open_months": weighted,
                        "ml_practitioner_fte": ml_fte,
                        "open_months_per_ml_fte": None if ml_fte == 0 else round(ratio, 2),
                        "overdue": len(overdue),
                    },
                ),
            )
        )
    out += overdue_opening_findings(f, opens)
    for r in lone.itertuples():
        out.append(
            FindingResult(
                kind="lone_practitioner",
                severity="medium",
                title=f"{r.name} is the only ML practitioner in {r.team}",
                detail=(
                    f"{r.name} ({r.role_name}) works in {r.team} ({r.team_size} "
                    f"{'person' if r.team_size == 1 else 'people'}) with no other ML practitioner."
                ),
                recommendation=texts.LONE_PRACTITIONER,
                evidence=evidence(
                    people=[f.person_ref(r.id)], teams=[f.team_ref(r.team_id)], metrics={"team_size": r.team_size}
                ),
                team_id=int(r.team_id),
            )
        )
    return out


def overdue_opening_findings(f: OrgFrames, opens: pd.DataFrame) -> list[FindingResult]:
    """One finding per opening open longer than its role's typical time to hire: the role, the team and the
    days open; high for the hard-to-hire families (the productionisers), medium for the others."""
    out = []
    late = opens[opens["days_open"] > opens["months_to_hire"] * DAYS_PER_MONTH]
    for r in late.sort_values(["days_open", "id"], ascending=[False, True]).itertuples():
        hard = r.family in HARD_TO_HIRE_FAMILIES
        team = r.team or "no team"
        out.append(
            FindingResult(
                kind="overdue_opening",
                severity="high" if hard else "medium",
                title=f"{r.role_name} opening in {team} open {r.days_open} days, past the usual "
                f"{r.months_to_hire:g} months to hire",
                detail=(
                    f"The {r.role_name} opening in {team} has been open {r.days_open} days ({r.months_open:g} "
                    f"months); a {r.role_name} typically takes {r.months_to_hire:g} months to hire"
                    + (", and productionising roles are the hardest to fill." if hard else ".")
                ),
                recommendation=texts.OVERDUE_OPENING,
                evidence=evidence(
                    teams=[f.team_ref(r.team_id)] if r.team else [],
                    metrics={
                        "days_open": int(r.days_open),
                        "months_to_hire": float(r.months_to_hire),
                        "hard_to_hire": bool(hard),
                    },
                ),
                team_id=int(r.team_id) if r.team else None,
            )
        )
    return out
