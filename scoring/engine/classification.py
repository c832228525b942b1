"""Archetype (1-5), current and recommended structure, design choices and the changes to get there.

The archetype is a vote: each context answer and each data signal adds points to the archetypes it
is typical of (table in docs/scoring.md); the most points win, ties go to the lower number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .frames import OrgFrames
from .thresholds import (
    CENTRAL_DEV_ROLE_SLUGS,
    CENTRAL_PRODUCT_ROLE_SLUGS,
    CENTRAL_TEAM_KINDS,
    CENTRALIZED_MIN_SHARE,
    DATA_ENGINEER_ROLE_SLUG,
    DATA_ENGINEER_SHARE_STRONG,
    DECENTRALIZED_MAX_SHARE,
    EMBEDDED_TEAM_KINDS,
    NASCENT_MAX_ML_FTE,
    PRODUCTION_SHARE_HIGH,
    PRODUCTION_SHARE_LOW,
    PRODUCTION_STAGE,
    RESEARCH_SHARE_RND,
    STRUCTURE_MIN_ML_FTE,
    WITH_PRODUCT_MIN_SHARE,
)

ARCHETYPE_NAMES = {
    1: "Nascent / ad-hoc",
    2: "R&D",
    3: "Product-embedded",
    4: "Independent ML division",
    5: "ML-first",
}
STRUCTURES = ("centralized", "decentralized", "hybrid", "centralized-with-product")
STRUCTURE_LABELS = {
    "centralized": "centralized",
    "decentralized": "decentralized",
    "hybrid": "hybrid",
    "centralized-with-product": "centralized with its own product and development capabilities",
}

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
}

# the organisation's ML focus (an answer, else the org's profile) -> (votes, reason)
FOCUS_VOTES: dict[str, tuple[dict[int, float], str]] = {
    "research": ({2: 0.5}, "research (exploring)"),
    "product": ({3: 0.5}, "implementing ML in the product"),
    "both": ({4: 0.25, 5: 0.25}, "both research and product"),
}

CHOICE_LABELS = {
    "engineering_vs_research": {
        "research": "research first",
        "engineering": "engineering first",
        "balanced": "research and engineering balanced",
    },
    "data_ownership": {
        "none": "no data ownership",
        "works-with-data-eng": "work with data engineers, do not own data",
        "voice-in-governance": "a voice in data governance, strong data engineering",
        "owns-data-infra": "own company-wide data infrastructure",
    },
    "model_ownership": {
        "none": "nobody owns models",
        "builders-own-deployed": "builders own what they deploy",
        "handed-maintained": "hand models to users, keep maintaining them",
        "handed-operated": "hand models to users, who operate them",
    },
}
DESIGN_ANSWER_CODES = {
    "engineering_vs_research": "ctx-research-vs-engineering",
    "data_ownership": "ctx-data-ownership",
    "model_ownership": "ctx-model-ownership",
}
MOVE_ADVICE = {
    "centralized": "pool the ML people in one team with a seat at the leadership table, its own budget, a clear "
    "function (R&D or near-term business metrics) and a transparent way to prioritise use cases",
    "decentralized": "embed ML people in the product teams that use their models (pods of a data scientist, a data "
    "engineer and an application engineer) and agree shared tools and CI/CD so their decisions do not diverge",
    "hybrid": "keep a central core for infrastructure, practices and research, move the people who build "
    "applications into the business units, and write down who is responsible for what between the two",
    "centralized-with-product": "give the central ML team its own product managers and software engineers so it "
    "can pick and ship the projects with the most company-wide value, and integrate it with the business lines",
}


@dataclass
class Classification:
    archetype: int
    archetype_reasons: list[str]
    current_structure: str
    structure_reasons: list[str]
    data_structure: str | None  # what the team data alone says, when there is enough of it
    recommended_structure: str
    recommendation_reasons: list[str]
    design_choices: dict[str, dict]
    changes_needed: list[str]
    metrics: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {
            "archetype": self.archetype,
            "archetype_name": ARCHETYPE_NAMES[self.archetype],
            "archetype_reasons": self.archetype_reasons,
            "current_structure": self.current_structure,
            "structure_reasons": self.structure_reasons,
            "recommended_structure": self.recommended_structure,
            "recommendation_reasons": self.recommendation_reasons,
            "design_choices": self.design_choices,
            "changes_needed": self.changes_needed,
        }


def _value(answers: dict, code: str):
    a = answers.get(code)
    return None if a is None else a.get("value")


def data_signals(f: OrgFrames) -> dict:
    """The numbers classification reads from the org data."""
    ml = f.ml_people
    ml_fte = float(ml["fte"].sum())
    kind = ml["team_id"].map(f.teams["kind"].to_dict())
    central_fte = float(ml.loc[kind.isin(CENTRAL_TEAM_KINDS), "fte"].sum())
    embedded_fte = float(ml.loc[kind.isin(EMBEDDED_TEAM_KINDS), "fte"].sum())
    research_fte = float(ml.loc[kind == "research", "fte"].sum())
    de_fte = float(f.people.loc[f.people["role_slug"] == DATA_ENGINEER_ROLE_SLUG, "fte"].sum())
    central_teams = f.teams.index[f.teams["kind"].isin(CENTRAL_TEAM_KINDS)]
    in_central = f.people[f.people["team_id"].isin(central_teams)]
    product_roles = in_central["role_slug"].isin(CENTRAL_PRODUCT_ROLE_SLUGS)
    dev_roles = in_central["role_slug"].isin(CENTRAL_DEV_ROLE_SLUGS)
    central_total = float(in_central["fte"].sum())
    product_dev_fte = float(in_central.loc[product_roles | dev_roles, "fte"].sum())
    live = len(f.systems)
    production = int((f.systems["stage"] == PRODUCTION_STAGE).sum())
    return {
        "ml_fte": round(ml_fte, 2),
        "central_ml_fte": round(central_fte, 2),
        "embedded_ml_fte": round(embedded_fte, 2),
        "central_share": round(central_fte / (central_fte + embedded_fte), 3) if central_fte + embedded_fte else None,
        "research_share": round(research_fte / ml_fte, 3) if ml_fte else None,
        "data_engineer_fte": round(de_fte, 2),
        "data_engineer_share": round(de_fte / ml_fte, 3) if ml_fte else None,
        "central_product_roles": bool(product_roles.any()),
        "central_dev_roles": bool(dev_roles.any()),
        "central_product_dev_share": round(product_dev_fte / central_total, 3) if central_total else 0.0,
        "systems": live,
        "production_systems": production,
        "production_share": round(production / live, 3) if live else None,
    }


def archetype_vote(signals: dict, answers: dict) -> tuple[int, list[str], dict[int, float]]:
    votes = dict.fromkeys(ARCHETYPE_NAMES, 0.0)
    reasons: list[str] = []

    def vote(weights: dict[int, float], reason: str):
        for k, w in weights.items():
            votes[k] += w
        typical = " / ".join(f"{k} {ARCHETYPE_NAMES[k]}" for k in sorted(weights))
        reasons.append(f"{reason[0].upper()}{reason[1:]} (typical of {typical}).")

    for code, options in ANSWER_VOTES.items():
        value = _value(answers, code)
        if value in options:
            weights, reason = options[value]
            vote(weights, f"the assessment says {reason}")
    focus = signals.get("ml_focus")
    if focus in FOCUS_VOTES:
        weights, reason = FOCUS_VOTES[focus]
        vote(weights, f"the organisation's ML focus is {reason}")
    ml_fte = signals["ml_fte"]
    if ml_fte < NASCENT_MAX_ML_FTE:
        vote({1: 2}, f"only {ml_fte:g} ML practitioner FTE in the org data")
    else:
        if signals["systems"] == 0:
            vote({1: 0.5, 2: 0.5}, "no ML systems are recorded")
        elif signals["production_share"] < PRODUCTION_SHARE_LOW:
            vote(
                {2: 1},
                f"only {signals['production_systems']} of {signals['systems']} ML systems are in production",
            )
        elif signals["production_share"] >= PRODUCTION_SHARE_HIGH:
            vote(
                {3: 0.5, 4: 0.5, 5: 0.5},
                f"{signals['production_systems']} of {signals['systems']} ML systems are in production",
            )
        if signals["research_share"] is not None and signals["research_share"] >= RESEARCH_SHARE_RND:
            vote({2: 1}, f"{signals['research_share']:.0%} of ML practitioner FTE sit in research teams")
        if signals["data_engineer_fte"] == 0:
            vote({2: 0.5}, "there are no data engineers")
        elif signals["data_engineer_share"] >= DATA_ENGINEER_SHARE_STRONG:
            vote(
                {4: 0.5, 5: 0.5},
                f"{signals['data_engineer_fte']:g} data engineer FTE for {ml_fte:g} ML practitioner FTE",
            )
    best = max(votes.values())
    archetype = min(k for k, v in votes.items() if v == best)
    if best == 0:
        reasons.append("Nothing points elsewhere, so the organisation counts as nascent.")
    return archetype, reasons, votes


def current_structure(signals: dict, answers: dict) -> tuple[str, list[str], str | None]:
    claimed = _value(answers, "ctx-structure")
    claimed = claimed if claimed in STRUCTURES else None
    data_structure = None
    reasons: list[str] = []
    total = signals["central_ml_fte"] + signals["embedded_ml_fte"]
    if total >= STRUCTURE_MIN_ML_FTE:
        share = signals["central_share"]
        where = (
            f"{signals['central_ml_fte']:g} of {total:g} ML practitioner FTE ({share:.0%}) sit in central teams "
            f"(central ML, platform, research), the rest in embedded or product teams"
        )
        if share >= CENTRALIZED_MIN_SHARE:
            data_structure = "centralized"
            if (
                signals["central_product_roles"]
                and signals["central_dev_roles"]
                and signals["central_product_dev_share"] >= WITH_PRODUCT_MIN_SHARE
            ):
                data_structure = "centralized-with-product"
                where += (
                    f"; product managers and engineers make up {signals['central_product_dev_share']:.0%} "
                    "of the central teams"
                )
        elif share <= DECENTRALIZED_MAX_SHARE:
            data_structure = "decentralized"
        else:
            data_structure = "hybrid"
        reasons.append(f"{where[0].upper()}{where[1:]}: {STRUCTURE_LABELS[data_structure]}.")
        if claimed and claimed != data_structure:
            reasons.append(f"The assessment calls the structure {STRUCTURE_LABELS[claimed]}; the team data wins.")
        elif claimed:
            reasons.append("The assessment agrees.")
        return data_structure, reasons, data_structure
    if claimed:
        reasons.append(
            f"Too few ML practitioners in central or embedded teams to read the structure from the data "
            f"({total:g} FTE); the assessment calls it {STRUCTURE_LABELS[claimed]}."
        )
        return claimed, reasons, None
    reasons.append(
        f"Too few ML practitioners in central or embedded teams to read the structure from the data ({total:g} FTE) "
        "and no answer about it: a handful of ML people counts as one central team."
    )
    return "centralized", reasons, None


def recommend(stage: str, focus: str, archetype: int, current: str) -> tuple[str, list[str]]:
    focus_text = {"research": "mainly explores", "product": "mainly implements ML in its product", "both": "does both"}
    focus_text = focus_text.get(focus, "does both")
    if stage == "startup-small":
        if focus == "research":
            return "centralized", [f"A small startup that {focus_text} keeps its ML people together: centralized."]
        return "decentralized", [
            f"A small startup that {focus_text} is fastest with ML people inside the product teams: decentralized."
        ]
    if stage == "startup-large":
        if focus == "research":
            return "centralized", [f"A larger startup that {focus_text} gains from a central ML team: centralized."]
        if focus == "product":
            return "decentralized", [
                f"A larger startup that {focus_text} puts ML people in the product teams: decentralized."
            ]
        return "hybrid", [
            f"A larger startup that {focus_text} needs both a central core and embedded builders: hybrid."
        ]
    if archetype == 4 and current in ("centralized", "centralized-with-product"):
        return "centralized-with-product", [
            "An enterprise with an independent ML division does best when that division has its own product and "
            "development capabilities and picks the projects with the most company-wide value."
        ]
    return "hybrid", [
        "Enterprises are usually best served by a hybrid: a central core for infrastructure, practices and research, "
        "and decentralized units that build applications."
    ]


def design_choices(stage: str, focus: str, archetype: int, recommended: str) -> dict[str, dict]:
    evr = {"research": "research", "product": "engineering"}.get(focus, "balanced")
    evr_reason = {
        "research": "The ML work mainly explores, so research leads and engineering supports it.",
        "engineering": "Models ship inside products, so engineering weighs more than research.",
        "balanced": "The org both explores and ships, so researchers and engineers should work side by side.",
    }[evr]
    if archetype == 5:
        data, data_reason = "owns-data-infra", "ML-first organisations run the company-wide data infrastructure."
    elif stage == "enterprise" or (stage == "startup-large" and focus != "product"):
        data, data_reason = (
            "voice-in-governance",
            "At this size the ML team needs strong data engineering and a say in how data is governed.",
        )
    else:
        data, data_reason = (
            "works-with-data-eng",
            "Work closely with data engineers rather than owning data: owning it would distract a team this size.",
        )
    if archetype == 5:
        model, model_reason = "handed-operated", "Users of the models are mature enough to operate them."
    elif recommended == "decentralized" or (focus == "product" and recommended != "hybrid"):
        model, model_reason = (
            "builders-own-deployed",
            "Embedded builders deploy what they build, so they own it in production.",
        )
    else:
        model, model_reason = (
            "handed-maintained",
            "Models are handed to the business units that use them while the ML team keeps maintaining them.",
        )
    return {
        "engineering_vs_research": {"choice": evr, "reason": evr_reason},
        "data_ownership": {"choice": data, "reason": data_reason},
        "model_ownership": {"choice": model, "reason": model_reason},
    }


def classify(f: OrgFrames, answers: dict) -> Classification:
    signals = data_signals(f)
    stage = _value(answers, "ctx-company-stage") or f.inputs.org.stage
    focus = _value(answers, "ctx-ml-focus") or f.inputs.org.ml_focus
    archetype, archetype_reasons, votes = archetype_vote({**signals, "ml_focus": focus}, answers)
    current, structure_reasons, data_structure = current_structure(signals, answers)
    recommended, rec_reasons = recommend(stage, focus, archetype, current)
    choices = design_choices(stage, focus, archetype, recommended)
    changes: list[str] = []
    if current != recommended:
        changes.append(
            f"Move from {STRUCTURE_LABELS[current]} to {STRUCTURE_LABELS[recommended]}: {MOVE_ADVICE[recommended]}."
        )
    for key, choice in choices.items():
        today = _value(answers, DESIGN_ANSWER_CODES[key])
        labels = CHOICE_LABELS[key]
        if today in labels and today != choice["choice"]:
            changes.append(
                f"{key.replace('_', ' ').capitalize()}: from '{labels[today]}' to '{labels[choice['choice']]}'. "
                f"{choice['reason']}"
            )
    if recommended in ("decentralized", "hybrid"):
        changes.append(
            "Have the ML people in different teams meet regularly (e.g. weekly) to share knowledge and tools."
        )
    return Classification(
        archetype=archetype,
        archetype_reasons=archetype_reasons,
        current_structure=current,
        structure_reasons=structure_reasons,
        data_structure=data_structure,
        recommended_structure=recommended,
        recommendation_reasons=rec_reasons,
        design_choices=choices,
        changes_needed=changes,
        metrics={**signals, "votes": votes, "stage": stage, "ml_focus": focus},
    )
