"""Classification: archetype (1-5), current and recommended structure, design choices and advice."""

from .core import Classification, classify, design_choices
from .labels import ARCHETYPE_NAMES, STRUCTURE_LABELS, STRUCTURES
from .structure import current_structure, recommend
from .votes import archetype_vote, vote_table

__all__ = [
    "ARCHETYPE_NAMES",
    "STRUCTURES",
    "STRUCTURE_LABELS",
    "Classification",
    "archetype_vote",
    "classify",
    "current_structure",
    "design_choices",
    "recommend",
    "vote_table",
]
