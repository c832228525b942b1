"""The archetype vote: each answer and each data signal adds points to the archetypes it is typical of.

The archetypes and what marks each of them follow the organisation archetypes of Full Stack Deep Learning's
Lecture 13 (ML Teams and Startups); `vote_table()` renders the table that docs/scoring.md shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..thresholds import (
    DATA_ENGINEER_SHARE_STRONG,
    DIVISION_MIN_SHARE,
    EMBEDDED_SHARE_PRODUCT,
    ML_LEAD_MAX_DEPTH,
    ML_THROUGHOUT_MIN_TEAMS,
    ML_THROUGHOUT_SHARE,
    NASCENT_MAX_ML_FTE,
    PRODUCTION_SHARE_HIGH,
    PRODUCTION_SHARE_LOW,
    RESEARCH_SHARE_RND,
    RESEARCHER_SHARE_RND,
    SUPPORT_SHARE_NASCENT,
)
from .labels import ARCHETYPE_NAMES, fte

# answer code -> value -> (votes, reason)
ANSWER_VOTES: dict[str, dict[str, tuple[dict[int, float], str]]] = {
    "ctx-data-ownership": {
        "none": ({1: 1, 2: 1}, "the ML team has no data ownership"),
        "works-with-data-eng": ({3: 1}, "the ML team works with data engineers but does not own data"),
        "voice-in-governance": ({4: 1}, "the ML team has a voice in data governance"),
        "owns-data-infra": ({5: 1}, "the ML team owns company-wide data infrastructure"),
    },
    "ctx-model-ownership": {
        "none": ({1: 1, 2: 1}, "nobody owns models after they are built"),
        "builders-own-deployed": ({3: 1}, "the people who build models own what they deploy"),
        "handed-maintained": ({4: 1}, "models are handed to users and still maintained by the ML team"),
        "handed-operated": ({5: 1}, "models are handed to users who operate them"),
    },
    "ctx-research-vs-engineering": {
        "research": ({2: 1}, "research weighs more than engineering"),
        "engineering": ({3: 1}, "engineering weighs more than research"),
        "balanced": ({4: 0.5, 5: 0.5}, "research and engineering are balanced"),
    },
    "ctx-path-to-production": {
        "none": ({1: 0.5, 2: 0.5}, "models rarely reach production"),
        "handoff": ({2: 0.5, 4: 0.5}, "another team rebuilds models for production"),
        "ml-team-deploys": ({3: 1}, "the ML team deploys its own models"),
        "self-serve": ({5: 1}, "a platform lets model builders ship themselves"),
    },
    "ctx-ml-reports-to": {
        "c-level": ({4: 0.5, 5: 0.5}, "the most senior ML person reports to the executive team"),
        "department": ({2: 0.5, 3: 0.5}, "the most senior ML person reports inside a department or business unit"),
        "it-or-bi": ({1: 1}, "the most senior ML person reports inside IT or BI"),
    },
}

# the organisation's ML focus (an answer, else the org's profile) -> (votes, reason)
FOCUS_VOTES: dict[str, tuple[dict[int, float], str]] = {
    "research": ({2: 0.5}, "research (exploring)"),
    "product": ({3: 0.5}, "implementing ML in the product"),
    "both": ({4: 0.25, 5: 0.25}, "both research and product"),
}


def _ge(m: dict, key: str, bound: float) -> bool:
    return m.get(key) is not None and m[key] >= bound


def _lead_near_top(m: dict) -> bool:
    return m["ml_lead"] is not None and m["ml_lead_depth"] is not None and m["ml_lead_depth"] <= ML_LEAD_MAX_DEPTH


def _throughout(m: dict) -> bool:
    return m["product_teams_with_ml"] >= ML_THROUGHOUT_MIN_TEAMS and _ge(
        {"s": m["product_teams_with_ml"] / m["product_teams"] if m["product_teams"] else None}, "s", ML_THROUGHOUT_SHARE
    )


def _sits(m: dict) -> str:
    return ", ".join(f"{w['team']} {fte(w['fte'])}" for w in m["where_ml_sits"][:4]) or "nowhere"


@dataclass(frozen=True)
class DataSignal:
    key: str
    when: str  # the condition, as docs/scoring.md shows it
    votes: dict[int, float]
    holds: Callable[[dict], bool]
    reason: Callable[[dict], str]


DATA_SIGNALS: tuple[DataSignal, ...] = (
    DataSignal(
        "few-ml-people",
        f"fewer than `NASCENT_MAX_ML_FTE` ({NASCENT_MAX_ML_FTE:g}) ML practitioner FTE",
        {1: 1},
        lambda m: m["ml_fte"] < NASCENT_MAX_ML_FTE,
        lambda m: f"only {fte(m['ml_fte'])} ML practitioner FTE in the org data ({_sits(m)})",
    ),
    DataSignal(
        "ml-in-support-teams",
        f">= `SUPPORT_SHARE_NASCENT` ({SUPPORT_SHARE_NASCENT:g}) of ML FTE in BI, data, IT or business teams",
        {1: 1},
        lambda m: _ge(m, "support_share", SUPPORT_SHARE_NASCENT),
        lambda m: (
            f"{fte(m['support_ml_fte'])} of {fte(m['ml_fte'])} ML practitioner FTE sit in BI, data, IT or "
            f"business teams rather than in an ML, research or product team ({_sits(m)})"
        ),
    ),
    DataSignal(
        "no-ml-lead",
        "no ML lead (no AI Team Lead, no lead of a central ML or research team)",
        {1: 0.5, 3: 0.5},
        lambda m: m["ml_fte"] > 0 and m["ml_lead"] is None,
        lambda m: "nobody leads ML as such: no AI team lead and no lead of a central ML or research team",
    ),
    DataSignal(
        "ml-lead-near-top",
        "the ML lead is at most `ML_LEAD_MAX_DEPTH` (1) level below the top",
        {4: 0.5, 5: 0.5},
        _lead_near_top,
        lambda m: (
            f"the ML lead ({m['ml_lead']}) is "
            + ("at the top of the hierarchy" if m["ml_lead_depth"] == 0 else "one level below the top of the hierarchy")
        ),
    ),
    DataSignal(
        "ml-division",
        f">= `DIVISION_MIN_SHARE` ({DIVISION_MIN_SHARE:g}) of ML FTE in the ML lead's team and the teams below it, "
        "the lead near the top, other teams outside it, ML not throughout the product teams",
        {4: 1},
        lambda m: (
            _lead_near_top(m)
            and _ge(m, "division_share", DIVISION_MIN_SHARE)
            and m["outside_division_fte"] > 0
            and not _throughout(m)
        ),
        lambda m: (
            f"{m['division_share']:.0%} of ML practitioner FTE sit in one ML division ({m['division']}) whose "
            "lead reports to the top"
        ),
    ),
    DataSignal(
        "ml-throughout",
        f"ML people in >= `ML_THROUGHOUT_SHARE` ({ML_THROUGHOUT_SHARE:g}) of the product and embedded teams "
        f"(at least `ML_THROUGHOUT_MIN_TEAMS`, {ML_THROUGHOUT_MIN_TEAMS}), with an ML lead near the top",
        {5: 1},
        lambda m: _lead_near_top(m) and _throughout(m),
        lambda m: (
            f"ML people work in {m['product_teams_with_ml']} of {m['product_teams']} product teams and the ML "
            "lead reports to the top"
        ),
    ),
    DataSignal(
        "ml-in-product-teams",
        f">= `EMBEDDED_SHARE_PRODUCT` ({EMBEDDED_SHARE_PRODUCT:g}) of ML FTE in product or embedded teams",
        {3: 1},
        lambda m: _ge(m, "product_share", EMBEDDED_SHARE_PRODUCT),
        lambda m: f"{fte(m['product_ml_fte'])} of {fte(m['ml_fte'])} ML practitioner FTE work inside product teams",
    ),
    DataSignal(
        "research-beside-production",
        "some ML FTE in research teams (below `RESEARCH_SHARE_RND`) and production share >= `PRODUCTION_SHARE_HIGH`",
        {4: 0.5, 5: 0.5},
        lambda m: (
            _ge(m, "production_share", PRODUCTION_SHARE_HIGH)
            and (m["research_share"] or 0) > 0
            and not _ge(m, "research_share", RESEARCH_SHARE_RND)
        ),
        lambda m: (
            f"a research team ({m['research_share']:.0%} of ML practitioner FTE) works beside systems that "
            "are mostly in production"
        ),
    ),
    DataSignal(
        "no-systems",
        "no ML systems recorded",
        {1: 0.5, 2: 0.5},
        lambda m: m["systems"] == 0,
        lambda m: "no ML systems are recorded",
    ),
    DataSignal(
        "little-in-production",
        f"production share of live systems < `PRODUCTION_SHARE_LOW` ({PRODUCTION_SHARE_LOW:g})",
        {1: 0.5, 2: 0.5},
        lambda m: m["systems"] > 0 and m["production_share"] < PRODUCTION_SHARE_LOW,
        lambda m: f"only {m['production_systems']} of {m['systems']} ML systems are in production",
    ),
    DataSignal(
        "most-in-production",
        f"production share >= `PRODUCTION_SHARE_HIGH` ({PRODUCTION_SHARE_HIGH:g})",
        {3: 0.5, 4: 0.5, 5: 0.5},
        lambda m: _ge(m, "production_share", PRODUCTION_SHARE_HIGH),
        lambda m: f"{m['production_systems']} of {m['systems']} ML systems are in production",
    ),
    DataSignal(
        "research-teams",
        f">= `RESEARCH_SHARE_RND` ({RESEARCH_SHARE_RND:g}) of ML FTE in research teams",
        {2: 1},
        lambda m: _ge(m, "research_share", RESEARCH_SHARE_RND),
        lambda m: f"{m['research_share']:.0%} of ML practitioner FTE sit in research teams",
    ),
    DataSignal(
        "researchers",
        f"ML Researchers >= `RESEARCHER_SHARE_RND` ({RESEARCHER_SHARE_RND:g}) of model builder FTE",
        {2: 0.5},
        lambda m: _ge(m, "researcher_share", RESEARCHER_SHARE_RND),
        lambda m: f"ML researchers are {m['researcher_share']:.0%} of the model builders",
    ),
    DataSignal(
        "no-data-engineers",
        "no data engineers",
        {2: 0.5},
        lambda m: m["ml_fte"] > 0 and m["data_engineer_fte"] == 0,
        lambda m: "there are no data engineers",
    ),
    DataSignal(
        "strong-data-engineering",
        f"data engineer FTE / ML FTE >= `DATA_ENGINEER_SHARE_STRONG` ({DATA_ENGINEER_SHARE_STRONG:g})",
        {4: 0.5, 5: 0.5},
        lambda m: m["data_engineer_fte"] > 0 and _ge(m, "data_engineer_share", DATA_ENGINEER_SHARE_STRONG),
        lambda m: f"{fte(m['data_engineer_fte'])} data engineer FTE for {fte(m['ml_fte'])} ML practitioner FTE",
    ),
)


def answer_value(answers: dict, code: str):
    a = answers.get(code)
    return None if a is None else a.get("value")


def archetype_vote(signals: dict, answers: dict) -> tuple[int, list[str], dict[int, float]]:
    """(archetype, reasons, points per archetype): the most points win, ties go to the lower number."""
    votes = dict.fromkeys(ARCHETYPE_NAMES, 0.0)
    reasons: list[str] = []

    def vote(weights: dict[int, float], reason: str):
        for k, w in weights.items():
            votes[k] += w
        typical = " / ".join(f"{k} {ARCHETYPE_NAMES[k]}" for k in sorted(weights))
        reasons.append(f"{reason[0].upper()}{reason[1:]} (typical of {typical}).")

    for code, options in ANSWER_VOTES.items():
        value = answer_value(answers, code)
        if value in options:
            weights, reason = options[value]
            vote(weights, f"the assessment says {reason}")
    focus = signals.get("ml_focus")
    if focus in FOCUS_VOTES:
        weights, reason = FOCUS_VOTES[focus]
        vote(weights, f"the organisation's ML focus is {reason}")
    for signal in DATA_SIGNALS:
        if signal.holds(signals):
            vote(signal.votes, signal.reason(signals))
    best = max(votes.values())
    archetype = min(k for k, v in votes.items() if v == best)
    if best == 0:
        reasons.append("Nothing points elsewhere, so the organisation counts as nascent.")
    return archetype, reasons, {k: round(v, 2) for k, v in votes.items()}


def _votes_cell(votes: dict[int, float]) -> str:
    return ", ".join(f"{k} +{w:g}" for k, w in sorted(votes.items()))


def vote_table() -> str:
    """The vote table of docs/scoring.md, from the tables above (a test keeps the page equal to it)."""
    rows = ["| signal | votes (archetype +points) |", "|---|---|"]
    for code, options in ANSWER_VOTES.items():
        for value, (weights, _) in options.items():
            rows.append(f"| `{code}` = {value} | {_votes_cell(weights)} |")
    for focus, (weights, _) in FOCUS_VOTES.items():
        rows.append(f"| ML focus (`ctx-ml-focus`, else the org profile) = {focus} | {_votes_cell(weights)} |")
    for signal in DATA_SIGNALS:
        rows.append(f"| {signal.when} | {_votes_cell(signal.votes)} |")
    return "\n".join(rows)
