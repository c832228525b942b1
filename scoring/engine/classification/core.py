"""Archetype (1-5), current and recommended structure, design choices, advice and the changes to get there.

The archetype is a vote (votes.py); the structure is read from where the ML practitioner FTE sit (structure.py);
the advice fits the organisation's size and archetype (advice.py). docs/scoring.md documents all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..frames import OrgFrames
from ..thresholds import HANDFUL_MAX_ML_FTE
from .advice import size_advice
from .labels import ARCHETYPE_NAMES, CHOICE_LABELS, DESIGN_ANSWER_CODES, FSDL, HASTY, STRUCTURE_LABELS, cite, fte
from .signals import data_signals
from .structure import current_structure, recommend
from .votes import answer_value, archetype_vote

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
# A handful of ML people moves as one group: nobody is split off on their own.
HANDFUL_MOVE_ADVICE = {
    "centralized": "bring the {n} ML practitioner FTE together in one small team with its own mission and a lead who "
    "speaks for it, instead of leaving them spread over other teams",
    "decentralized": "seat the {n} ML practitioner FTE together in the product team whose feature needs ML most, "
    "reporting to its engineering lead; do not give each product team one ML person of its own",
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
    advice: list[dict] = field(default_factory=list)
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
            "ml_fte": self.metrics.get("ml_fte", 0.0),
            "where_ml_sits": self.metrics.get("where_ml_sits", []),
            "votes": {str(k): v for k, v in self.metrics.get("votes", {}).items()},
            "advice": self.advice,
        }


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
        "engineering_vs_research": {"choice": evr, "reason": f"{evr_reason} {cite(FSDL)}"},
        "data_ownership": {"choice": data, "reason": f"{data_reason} {cite(FSDL)}"},
        "model_ownership": {"choice": model, "reason": f"{model_reason} {cite(FSDL)}"},
    }


def _changes(s: dict, current: str, recommended: str, choices: dict, answers: dict) -> list[str]:
    changes: list[str] = []
    handful = s["ml_fte"] < HANDFUL_MAX_ML_FTE
    if current != recommended:
        move = HANDFUL_MOVE_ADVICE.get(recommended) if handful else None
        text = move.format(n=fte(s["ml_fte"])) if move else MOVE_ADVICE[recommended]
        changes.append(
            f"Move from {STRUCTURE_LABELS[current]} to {STRUCTURE_LABELS[recommended]}: {text} {cite(HASTY)}."
        )
    for key, choice in choices.items():
        today = answer_value(answers, DESIGN_ANSWER_CODES[key])
        labels = CHOICE_LABELS[key]
        if today in labels and today != choice["choice"]:
            changes.append(
                f"{key.replace('_', ' ').capitalize()}: from '{labels[today]}' to '{labels[choice['choice']]}'. "
                f"{choice['reason']}"
            )
    if recommended in ("decentralized", "hybrid") and len(s["where_ml_sits"]) > 1:
        changes.append(
            "Have the ML people in different teams meet regularly (e.g. weekly) to share knowledge and tools "
            f"{cite(HASTY)}."
        )
    return changes


def classify(f: OrgFrames, answers: dict) -> Classification:
    signals = data_signals(f)
    stage = answer_value(answers, "ctx-company-stage") or f.inputs.org.stage
    focus = answer_value(answers, "ctx-ml-focus") or f.inputs.org.ml_focus
    archetype, archetype_reasons, votes = archetype_vote({**signals, "ml_focus": focus}, answers)
    current, structure_reasons, data_structure = current_structure(signals, answers)
    recommended, rec_reasons = recommend(stage, focus, archetype, current, signals)
    choices = design_choices(stage, focus, archetype, recommended)
    return Classification(
        archetype=archetype,
        archetype_reasons=archetype_reasons,
        current_structure=current,
        structure_reasons=structure_reasons,
        data_structure=data_structure,
        recommended_structure=recommended,
        recommendation_reasons=rec_reasons,
        design_choices=choices,
        changes_needed=_changes(signals, current, recommended, choices, answers),
        advice=size_advice(signals, archetype, recommended, archetype_reasons),
        metrics={**signals, "votes": votes, "stage": stage, "ml_focus": focus},
    )
