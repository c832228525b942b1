"""The structure the organisation has today and the one that fits its size, stage, focus and archetype."""

from __future__ import annotations

from ..thresholds import (
    CENTRALIZED_MIN_SHARE,
    DECENTRALIZED_MAX_SHARE,
    EMBEDDED_TEAM_KINDS,
    HANDFUL_MAX_ML_FTE,
    STRUCTURE_MIN_ML_FTE,
    WITH_PRODUCT_MIN_SHARE,
)
from .labels import FSDL, HASTY, PETUUM, STRUCTURE_LABELS, STRUCTURES, cite, fte
from .votes import answer_value

STARTUPS = ("startup-small", "startup-large")


def _read_structure(signals: dict) -> tuple[str, str]:
    """The structure the team data shows, with the sentence that says why."""
    total, share = signals["ml_fte"], signals["central_share"]
    where = (
        f"{fte(signals['central_ml_fte'])} of {fte(total)} ML practitioner FTE ({share:.0%}) sit in central teams "
        "(central ML, platform, research, or pooled in a BI, data or IT team), the rest in product teams or alone "
        "in a function"
    )
    if share >= CENTRALIZED_MIN_SHARE:
        if (
            signals["central_product_roles"]
            and signals["central_dev_roles"]
            and signals["central_product_dev_share"] >= WITH_PRODUCT_MIN_SHARE
        ):
            share_text = f"{signals['central_product_dev_share']:.0%}"
            return "centralized-with-product", f"{where}; product managers and engineers make up {share_text} of " + (
                "the central teams"
            )
        return "centralized", where
    if share <= DECENTRALIZED_MAX_SHARE:
        return "decentralized", where
    return "hybrid", where


def _read_handful(signals: dict) -> tuple[str, str]:
    """A handful of ML people: together in one team, or spread over several."""
    sits = signals["where_ml_sits"]
    if not sits:
        return "centralized", "No ML practitioners are recorded; the first ones count as one central team"
    names = ", ".join(f"{w['team']} ({fte(w['fte'])})" for w in sits)
    if len(sits) == 1:
        structure = "decentralized" if sits[0]["kind"] in EMBEDDED_TEAM_KINDS else "centralized"
        place = "inside a product team" if structure == "decentralized" else "together in one team"
        return structure, f"{fte(signals['ml_fte'])} ML practitioner FTE, all {place}: {names}"
    return "decentralized", f"{fte(signals['ml_fte'])} ML practitioner FTE spread over {len(sits)} teams: {names}"


def current_structure(signals: dict, answers: dict) -> tuple[str, list[str], str | None]:
    """(structure, reasons, what the team data alone says when there is enough of it)."""
    claimed = answer_value(answers, "ctx-structure")
    claimed = claimed if claimed in STRUCTURES else None
    if signals["ml_fte"] >= STRUCTURE_MIN_ML_FTE:
        structure, where = _read_structure(signals)
        reasons = [f"{where[0].upper()}{where[1:]}: {STRUCTURE_LABELS[structure]}."]
        if claimed and claimed != structure:
            reasons.append(f"The assessment calls the structure {STRUCTURE_LABELS[claimed]}; the team data wins.")
        elif claimed:
            reasons.append("The assessment agrees.")
        return structure, reasons, structure
    structure, where = _read_handful(signals)
    if claimed:
        return (
            claimed,
            [
                f"{where}: too few to read the structure from the data; the assessment calls it "
                f"{STRUCTURE_LABELS[claimed]}."
            ],
            None,
        )
    return structure, [f"{where}: {STRUCTURE_LABELS[structure]}."], None


def _recommend_handful(stage: str, focus: str, archetype: int, signals: dict) -> tuple[str, list[str]]:
    n = f"{fte(signals['ml_fte'])} ML practitioner FTE"
    if focus == "research" or archetype == 2:
        return "centralized", [
            f"With {n} and a research focus, keep the ML people in one team with a clear function (long-term R&D) "
            f"and a budget for exploring {cite(HASTY)}."
        ]
    if stage in STARTUPS and focus in ("product", "both"):
        return "decentralized", [
            f"A startup that builds ML into its product is fastest with its ML people inside the product team "
            f"{cite(HASTY)}. With {n} that means one product team, together: one ML hire per team is hard to "
            f"recruit and leaves each alone {cite(HASTY)}."
        ]
    return "centralized", [
        f"With {n} there are too few people for a central core plus embedded units, and splitting them would leave "
        f"each alone {cite(HASTY)}. Keep them in one small team with a clear mission and a lead who can speak for "
        f"them {cite(PETUUM)}."
    ]


def recommend(
    stage: str, focus: str, archetype: int, current: str, signals: dict | None = None
) -> tuple[str, list[str]]:
    """The recommended structure and why: a handful of ML people stay together; above that, the rules of thumb
    for the stage and focus (docs/scoring.md)."""
    if signals is not None and signals["ml_fte"] < HANDFUL_MAX_ML_FTE:
        return _recommend_handful(stage, focus, archetype, signals)
    focus_text = {"research": "mainly explores", "product": "mainly implements ML in its product", "both": "does both"}
    focus_text = focus_text.get(focus, "does both")
    src = cite(HASTY)
    if stage == "startup-small":
        if focus == "research":
            return "centralized", [f"A small startup that {focus_text} keeps its ML people together {src}."]
        return "decentralized", [
            f"A small startup that {focus_text} is fastest with ML people inside the product teams {src}."
        ]
    if stage == "startup-large":
        if focus == "research":
            return "centralized", [f"A larger startup that {focus_text} gains from a central ML team {src}."]
        if focus == "product":
            return "decentralized", [f"A larger startup that {focus_text} puts ML people in the product teams {src}."]
        return "hybrid", [f"A larger startup that {focus_text} needs both a central core and embedded builders {src}."]
    if archetype == 4 and current in ("centralized", "centralized-with-product"):
        return "centralized-with-product", [
            "An enterprise with an independent ML division does best when that division has its own product and "
            f"development capabilities and picks the projects with the most company-wide value {src}; its ML "
            f"product managers work with researchers and engineers on client-facing products {cite(FSDL)}."
        ]
    return "hybrid", [
        "Enterprises are usually best served by a hybrid: a central core for infrastructure, practices and research, "
        f"and decentralized units that build applications {src}."
    ]
