"""The pure scoring engine: DataFrames and dataclasses in, plain results out; no ORM inside.

Entry points: `score_org(inputs)` and `departure_impact(inputs, person_ids)`; inputs are a
`ScoringInputs` (see inputs.py). docs/scoring.md documents every formula.
"""

from .engine import departure_impact, score_org
from .inputs import OrgInfo, ScoringInputs
from .results import DimensionResult, FindingResult, ScoreResult
from .thresholds import SCORING_VERSION

__all__ = [
    "SCORING_VERSION",
    "DimensionResult",
    "FindingResult",
    "OrgInfo",
    "ScoreResult",
    "ScoringInputs",
    "departure_impact",
    "score_org",
]
