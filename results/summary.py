"""A stored `ScoringRun.summary` in the shape of the results contract, whatever was stored.

Runs written by an older scoring version, or by hand, may miss keys or hold odd values; the pages
read only what this returns, so they show what is there and never fail on what is not. Rows that
cannot be read (a composition row without a team, a coverage row without a name) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value:
        return int(value)
    return None


def _float(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value == value and value not in (float("inf"), float("-inf")):
        return float(value)
    return None


def _str(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _named(items) -> list[dict]:
    """[{"id", "name", ...}] rows with a name, other keys kept."""
    return [i for i in _list(items) if isinstance(i, dict) and _str(i.get("name"))]


def _composition(rows) -> list[dict]:
    out = []
    for r in _list(rows):
        if not isinstance(r, dict):
            continue
        # Fast path for the usual, well-formed row (thousands in a large organisation).
        team_id, fte = r.get("team_id"), r.get("fte")
        if (
            type(team_id) is int
            and type(fte) is float
            and 0 <= fte < 1e6  # also rules out NaN and infinity
            and type(r.get("team")) is str
            and type(r.get("role")) is str
            and type(r.get("family")) is str
        ):
            out.append(r)
            continue
        team_id, fte = _int(r.get("team_id")), _float(r.get("fte"))
        if team_id is None or fte is None or fte < 0:
            continue
        out.append(
            {
                "team_id": team_id,
                "team": _str(r.get("team")) or f"Team {team_id}",
                "parent_id": _int(r.get("parent_id")),
                "role": _str(r.get("role")) or "Unknown role",
                "family": _str(r.get("family")) or "other",
                "fte": fte,
            }
        )
    return out


def _coverage(rows) -> list[dict]:
    out = []
    for c in _list(rows):
        if not isinstance(c, dict) or not _str(c.get("name")):
            continue
        out.append(
            {
                **c,
                "name": _str(c.get("name")),
                "pillar": _str(c.get("pillar")),
                "owners": max(0, _int(c.get("owners")) or 0),
                "contributors": max(0, _int(c.get("contributors")) or 0),
                "backups": max(0, _int(c.get("backups")) or 0),
                "owner_teams": [_str(t) for t in _list(c.get("owner_teams"))],
            }
        )
    return out


def _advice(raw) -> list[dict]:
    """The classification's advice items: topic, text, the facts they rest on and their source."""
    return [
        {
            "topic": _str(a.get("topic")),
            "text": _str(a.get("text")),
            "facts": [_str(x) for x in _list(a.get("facts"))],
            "source": _str(a.get("source")),
        }
        for a in _list(raw)
        if isinstance(a, dict)
    ]


def _talent(raw) -> dict:
    talent = _dict(raw)
    return {
        "open_roles": [
            {
                **o,
                "role": _str(o.get("role")),
                "team": _str(o.get("team")),
                "months_to_hire": _float(o.get("months_to_hire")),
            }
            for o in _list(talent.get("open_roles"))
            if isinstance(o, dict)
        ],
        "weighted_open_months": _float(talent.get("weighted_open_months")) or 0.0,
        "lone_practitioners": _named(talent.get("lone_practitioners")),
    }


def _classification(raw) -> dict:
    cls = _dict(raw)
    choices = _dict(cls.get("design_choices"))
    return {
        "archetype": _int(cls.get("archetype")),
        "archetype_name": _str(cls.get("archetype_name")),
        "archetype_reasons": [_str(r) for r in _list(cls.get("archetype_reasons"))],
        "current_structure": _str(cls.get("current_structure")),
        "structure_reasons": [_str(r) for r in _list(cls.get("structure_reasons"))],
        "recommended_structure": _str(cls.get("recommended_structure")),
        "recommendation_reasons": [_str(r) for r in _list(cls.get("recommendation_reasons"))],
        "design_choices": {
            key: {"choice": _str(_dict(v).get("choice")), "reason": _str(_dict(v).get("reason"))}
            for key, v in choices.items()
        },
        "changes_needed": [_str(r) for r in _list(cls.get("changes_needed"))],
        "ml_fte": _float(cls.get("ml_fte")),
        "advice": _advice(cls.get("advice")),
    }


def clean_summary(raw: Mapping | None) -> dict:
    """Every section of the contract, each with the types the pages expect."""
    s = _dict(raw)
    maturity = _dict(s.get("maturity"))
    truck = _dict(s.get("truck_factor"))
    bus = _dict(s.get("bus_factors"))
    deployment = _dict(s.get("deployment"))
    lead = _dict(s.get("ml_lead"))
    return {
        "maturity": {
            "overall_score": _float(maturity.get("overall_score")),
            "overall_level": _int(maturity.get("overall_level")),
            "unanswered": [u for u in _list(maturity.get("unanswered")) if isinstance(u, dict)],
        },
        "truck_factor": {
            "value": _int(truck.get("value")),
            "removed": _named(truck.get("removed")),
            "production_systems": _int(truck.get("production_systems")),
            "orphaned_after": _int(truck.get("orphaned_after")),
        },
        "bus_factors": {
            "responsibilities": [r for r in _list(bus.get("responsibilities")) if isinstance(r, dict)],
            "systems": [
                {**x, "team_id": _int(x.get("team_id"))} for x in _list(bus.get("systems")) if isinstance(x, dict)
            ],
        },
        "deployment": {
            "builder_fte": _float(deployment.get("builder_fte")),
            "productioniser_fte": _float(deployment.get("productioniser_fte")),
            "builders_per_productioniser": _float(deployment.get("builders_per_productioniser")),
            "production_systems": _int(deployment.get("production_systems")),
            "systems_per_productioniser": _float(deployment.get("systems_per_productioniser")),
        },
        "composition": _composition(s.get("composition")),
        "coverage": _coverage(s.get("coverage")),
        "talent": _talent(s.get("talent")),
        "classification": _classification(s.get("classification")),
        "actions": [a for a in _list(s.get("actions")) if isinstance(a, dict)],
        "ml_lead": {
            "person": lead.get("person") if isinstance(lead.get("person"), dict) else None,
            "depth": _int(lead.get("depth")),
        },
    }


STRUCTURE_LABELS = {
    "centralized": "Centralized ML team",
    "decentralized": "Decentralized (ML embedded in product teams)",
    "hybrid": "Hybrid (central core, embedded units)",
    "centralized-with-product": "Centralized with its own product capability",
}
DESIGN_CHOICES = [
    ("engineering_vs_research", "Engineering vs. research"),
    ("data_ownership", "Data ownership"),
    ("model_ownership", "Model ownership"),
]


def structure_view(classification: dict) -> dict:
    """The classification's current and recommended structure and design choices, labelled for a page."""
    current = classification.get("current_structure") or ""
    recommended = classification.get("recommended_structure") or ""
    choices = []
    for key, label in DESIGN_CHOICES:
        item = (classification.get("design_choices") or {}).get(key) or {}
        if isinstance(item, dict) and (item.get("choice") or item.get("reason")):
            choices.append((label, item.get("choice", ""), item.get("reason", "")))
    return {
        "current": STRUCTURE_LABELS.get(current, current) or "–",
        "recommended": STRUCTURE_LABELS.get(recommended, recommended) or "–",
        "changes": bool(current and recommended and current != recommended),
        "choices": choices,
    }
