"""A scenario's scoring side by side with today's. Pure: two stored runs (as plain dicts) in, rows out.

A finding is "the same" in both runs when it is about the same thing: the same kind and the same
subject (the person of a universal expert, the responsibility of an uncovered responsibility, the
team of a team-level risk...). Same subject with another severity or title is "changed".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocabulary.metrics import METRICS, verdict
from vocabulary.severity import severity_rank

PERSON_KINDS = {"universal_expert", "overloaded_person", "lone_practitioner"}
RESPONSIBILITY_KINDS = {"bus_factor_responsibility", "uncovered_responsibility", "overlapping_responsibility"}
TEAM_KINDS = {"bus_factor_system", "overloaded_team"}
ORG_KINDS = {"truck_factor", "deployment_bottleneck", "talent_open_roles", "ml_lead_distance"}
STRUCTURES = {
    "centralized": "Centralized",
    "decentralized": "Decentralized",
    "hybrid": "Hybrid",
    "centralized-with-product": "Centralized with product capabilities",
}


def _ids(evidence: Mapping, kind: str) -> tuple:
    items = evidence.get(kind) if isinstance(evidence, Mapping) else None
    return tuple(sorted(i.get("id") for i in items or [] if isinstance(i, Mapping) and i.get("id") is not None))


def finding_key(f: Mapping) -> tuple:
    """What a finding is about, so the same risk can be matched across two runs."""
    kind, ev = f.get("kind", ""), f.get("evidence") or {}
    if kind in PERSON_KINDS:
        return kind, _ids(ev, "people")
    if kind in RESPONSIBILITY_KINDS:
        return kind, _ids(ev, "responsibilities")
    if kind in TEAM_KINDS:
        return kind, f.get("team_id") or _ids(ev, "teams")
    if kind in ORG_KINDS:
        return (kind,)
    if kind == "overdue_opening":  # one per opening: its role and team, whatever the days open
        return kind, f.get("team_id"), f.get("title", "").split(" open ")[0]
    if kind == "maturity_gap":
        return kind, f.get("title", "").split(":")[0]
    return kind, f.get("title", "")


def _worse(a: str, b: str) -> bool:
    return severity_rank(b) < severity_rank(a)


def compare_findings(today: Sequence[Mapping], scenario: Sequence[Mapping]) -> dict:
    """{"added": [...], "removed": [...], "changed": [{"today", "scenario", "worse"}], "unchanged": int}."""
    before = {finding_key(f): f for f in today}
    after = {finding_key(f): f for f in scenario}
    added = [f for k, f in after.items() if k not in before]
    removed = [f for k, f in before.items() if k not in after]
    changed, unchanged = [], 0
    for k, f in after.items():
        if k in before:
            old = before[k]
            if old.get("severity") != f.get("severity") or old.get("title") != f.get("title"):
                changed.append({"today": old, "scenario": f, "worse": _worse(old.get("severity"), f.get("severity"))})
            else:
                unchanged += 1

    def order(f):
        return severity_rank(f.get("severity")), f.get("rank") or 0

    return {
        "added": sorted(added, key=order),
        "removed": sorted(removed, key=order),
        "changed": sorted(changed, key=lambda c: order(c["scenario"])),
        "unchanged": unchanged,
    }


def _row(key, today, scenario, *, fmt=None, parts=({}, {}), label=None):
    """One headline row; whether it is better or worse comes from `vocabulary.metrics` (one place)."""
    fmt = fmt or (lambda v: "—" if v is None else v)
    return {
        "label": label or METRICS[key].label,
        "today": fmt(today),
        "scenario": fmt(scenario),
        "verdict": verdict(key, today, scenario, parts_before=parts[0], parts_after=parts[1]),
    }


# The deployment figures of the summary, in the order of the table (labels and directions: vocabulary.metrics).
DEPLOYMENT_ROWS = ("builder_fte", "productioniser_fte", "builders_per_productioniser", "systems_per_productioniser")


def _num(v):
    return "—" if v is None else f"{v:g}"


def compare_runs(today: Mapping, scenario: Mapping) -> dict:
    """Both runs as {"overall_level", "overall_score", "truck_factor", "archetype", "current_structure",
    "recommended_structure", "summary", "dimensions": [{dimension, label, level, score}], "findings": [...]}."""
    ts, ss = today.get("summary") or {}, scenario.get("summary") or {}
    td, sd = ts.get("deployment") or {}, ss.get("deployment") or {}
    tc, sc = ts.get("classification") or {}, ss.get("classification") or {}
    tt, st = ts.get("talent") or {}, ss.get("talent") or {}
    tf_t, tf_s = ts.get("truck_factor") or {}, ss.get("truck_factor") or {}
    headline = [
        _row("overall_level", today.get("overall_level"), scenario.get("overall_level")),
        _row("truck_factor", today.get("truck_factor"), scenario.get("truck_factor")),
        _row("orphaned_after", tf_t.get("orphaned_after"), tf_s.get("orphaned_after")),
        *(_row(key, td.get(key), sd.get(key), fmt=_num, parts=(td, sd)) for key in DEPLOYMENT_ROWS),
        _row("open_roles", len(tt.get("open_roles") or []), len(st.get("open_roles") or [])),
        _row("lone_practitioners", len(tt.get("lone_practitioners") or []), len(st.get("lone_practitioners") or [])),
        _row(
            "archetype",
            tc.get("archetype_name") or today.get("archetype"),
            sc.get("archetype_name") or scenario.get("archetype"),
            label="Archetype",
        ),
        _row(
            "current_structure",
            STRUCTURES.get(today.get("current_structure"), today.get("current_structure")),
            STRUCTURES.get(scenario.get("current_structure"), scenario.get("current_structure")),
            label="Current structure",
        ),
        _row(
            "recommended_structure",
            STRUCTURES.get(today.get("recommended_structure"), today.get("recommended_structure")),
            STRUCTURES.get(scenario.get("recommended_structure"), scenario.get("recommended_structure")),
            label="Recommended structure",
        ),
    ]
    s_dims = {d["dimension"]: d for d in scenario.get("dimensions") or []}
    dimensions = []
    for d in today.get("dimensions") or []:
        other = s_dims.get(d["dimension"], {})
        dimensions.append(
            {
                "dimension": d["dimension"],
                "label": d.get("label") or d["dimension"],
                "today": d.get("level"),
                "scenario": other.get("level"),
                "today_score": d.get("score"),
                "scenario_score": other.get("score"),
            }
        )
    return {
        "headline": headline,
        "dimensions": dimensions,
        "findings": compare_findings(today.get("findings") or [], scenario.get("findings") or []),
        "classification": {
            "today": tc,
            "scenario": sc,
        },
        "truck_factor": {"today": tf_t, "scenario": tf_s},
        "deployment": {"today": td, "scenario": sd},
    }
