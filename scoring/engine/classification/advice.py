"""Advice that fits the organisation's size and archetype: where the ML people go first, whom they report to,
whom to hire next, what the archetype should watch, and the design choices. Each item names the facts it rests
on and the source of its reasoning."""

from __future__ import annotations

from ..thresholds import HANDFUL_MAX_ML_FTE, ML_LEAD_MAX_DEPTH
from .labels import ARCHETYPE_NAMES, FSDL, HASTY, PETUUM, fte


def item(topic: str, text: str, facts: list[str], source: str) -> dict:
    return {"topic": topic, "text": text, "facts": facts, "source": source}


def _sits(s: dict) -> str:
    return ", ".join(f"{w['team']} ({fte(w['fte'])} FTE)" for w in s["where_ml_sits"]) or "no team yet"


def _where_first(s: dict, archetype: int, recommended: str) -> dict:
    facts = [f"{fte(s['ml_fte'])} ML practitioner FTE: {_sits(s)}"]
    if archetype == 1:
        return item(
            "where",
            "Give the ML people one home with a mission of its own: a small ML team, or a named group inside the "
            "data team with its own goals, aimed at one or two problems close to the business where ML pays off "
            "quickly. Agree where its work ends and BI, IT and data engineering begin.",
            [*facts, f"{s['production_systems']} of {s['systems']} ML systems in production"],
            f"{FSDL} (nascent organisations: low-hanging fruit, little support); {PETUUM} (a clear mission and "
            "boundaries with BI, IT and data work)",
        )
    if recommended == "decentralized":
        return item(
            "where",
            "Seat the ML people together in the product team whose feature needs ML most. Add ML to a second "
            "product team only when each team can have more than one ML person.",
            facts,
            f"{HASTY} (small startups: decentralized; a single ML hire per team is hard to recruit)",
        )
    if archetype == 2:
        return item(
            "where",
            "Keep the ML people in one research team with a stated function and tie at least one project to a "
            "business problem that has a path to production.",
            [*facts, f"{s['production_systems']} of {s['systems']} ML systems in production"],
            f"{HASTY} (a central team needs a clear function); {FSDL} (R&D work rarely turns into business value)",
        )
    return item(
        "where",
        "Keep the ML people in one small team with its own mission and shared tools; do not spread them over "
        "business units yet.",
        facts,
        f"{HASTY} (a central team: talent density, shared standards, a fast start for new ideas)",
    )


def _reports_to(s: dict, recommended: str, handful: bool) -> dict | None:
    lead, depth = s["ml_lead"], s["ml_lead_depth"]
    if lead is None and recommended == "decentralized":
        return item(
            "reports_to",
            "The ML people report to the engineering or tech lead of the product team they sit in; one of them "
            "should keep the ML practices shared as the team grows.",
            [f"no ML lead; ML people sit in {_sits(s)}"],
            f"{FSDL} (product-embedded ML people report to the team's engineering lead)",
        )
    if lead is None:
        return item(
            "reports_to",
            "Name an AI team lead, or until there is one, have the ML people report to one manager who owns the "
            "business problems they work on, has budget for them and a seat near the top; not to IT or BI "
            "operations.",
            [f"no AI team lead and no lead of a central ML or research team; ML people sit in {_sits(s)}"],
            f"{PETUUM} (a strong AI team leader comes first); {HASTY} (a seat at the leadership table)",
        )
    if depth is not None and depth > ML_LEAD_MAX_DEPTH:
        return item(
            "reports_to",
            f"Move the ML lead ({lead}) up to report to the executive team, or one level below it.",
            [f"{lead} is {depth} levels below the top of the hierarchy"],
            f"{HASTY} (an ML team needs someone representing it high up in the organisation)",
        )
    if handful:
        return item(
            "reports_to",
            f"Keep the ML people reporting to {lead}, who should keep the seat near the top.",
            [f"{lead} leads ML, {depth if depth is not None else 'an unknown number of'} level(s) below the top"],
            f"{HASTY} (a seat at the leadership table)",
        )
    return None


def _hires(s: dict) -> list[tuple[str, list[str], str]]:
    out = []
    if s["builder_fte"] > 0 and s["productioniser_fte"] == 0:
        out.append(
            (
                "an ML engineer who can take models to production and keep them running (about six months to hire, "
                "so train a software engineer or data scientist meanwhile)",
                [
                    f"{fte(s['builder_fte'])} model builder FTE and no productioniser",
                    f"{s['production_systems']} of {s['systems']} ML systems in production",
                ],
                f"{PETUUM} (after the prototype, ML engineers take a product to production; scarce talent)",
            )
        )
    if s["ml_lead"] is None and s["ml_fte"] >= 2:
        out.append(
            (
                "an AI team lead who can speak with stakeholders and understands engineering, data science and ML "
                "infrastructure (or grow one of the team into the role)",
                ["no ML lead"],
                f"{PETUUM} (a strong AI team leader)",
            )
        )
    if s["data_engineer_fte"] == 0 and s["ml_fte"] > 0:
        out.append(
            (
                "a data engineer to build the pipelines the models need",
                ["no data engineers"],
                f"{FSDL} (ML teams without data engineers struggle to get quality data)",
            )
        )
    return out


def _hire_next(s: dict) -> dict | None:
    hires = _hires(s)[:2]
    if not hires:
        return None
    text = "Hire next: " + "; then ".join(h[0] for h in hires) + "."
    return item("hire_next", text, [f for h in hires for f in h[1]], "; ".join(h[2] for h in hires))


ARCHETYPE_WATCH = {
    1: "There is little support for ML and hiring is hard: start where a sponsor cares about the result.",
    2: "Research rarely turns into business value and quality data is hard to get: fund data engineering and a "
    "path to production for the projects that work.",
    3: "Long ML projects are hard to justify under engineering management and data and compute can lag: protect "
    "time for longer work and agree data access with the data engineers.",
    4: "Hand-offs to the business lines are slow, because users must buy in and learn the models: put ML product "
    "managers between the division and each business line.",
    5: "Embedding ML thinking everywhere is culturally hard: keep research and engineering working closely and let "
    "product teams operate the models they receive.",
}


def size_advice(s: dict, archetype: int, recommended: str, archetype_reasons: list[str]) -> list[dict]:
    """The advice items: for a handful of ML people, where they go first, whom they report to and whom to hire;
    for larger organisations the reporting line and hiring gaps; for all, what the archetype should watch."""
    handful = s["ml_fte"] < HANDFUL_MAX_ML_FTE
    items = [_where_first(s, archetype, recommended)] if handful else []
    items += [x for x in (_reports_to(s, recommended, handful), _hire_next(s)) if x]
    typical = f"{archetype} {ARCHETYPE_NAMES[archetype]}"
    items.append(
        item(
            "watch",
            ARCHETYPE_WATCH[archetype],
            [r.rstrip(".") for r in archetype_reasons if typical in r][:3],
            f"{FSDL} (the strengths and pains of each archetype)",
        )
    )
    return items
