"""Names of the archetypes, structures and design choices, and the sources the advice rests on."""

from __future__ import annotations

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

# The public articles the advice rests on, cited by title (docs/scoring.md lists them).
FSDL = "Full Stack Deep Learning, Lecture 13: ML Teams and Startups"
HASTY = "Hasty, How to organize ML teams"
PETUUM = "Petuum, 5 Organizational Issues Holding Back Your AI Team"
SOURCES = (FSDL, HASTY, PETUUM)

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


def cite(source: str) -> str:
    return f"(after {source})"


def fte(x: float) -> str:
    """2 -> '2', 2.5 -> '2.5'."""
    return f"{x:g}"
