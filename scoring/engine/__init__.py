"""The pure scoring engine: DataFrames and dataclasses in, plain results out; no ORM inside.

Entry points: `score_org(inputs)`, `departure_impact(inputs, person_ids)` and
`deployment_capacity(inputs)`; inputs are a
`ScoringInputs` (see inputs.py). docs/scoring.md documents every formula.
"""

from .engine import departure_impact, deployment_capacity, score_org
from .inputs import OrgInfo, ScoringInputs
from .results import DimensionResult, FindingResult, ScoreResult
from .thresholds import PRODUCTION_STAGE, RETIRED_STAGE, SCORING_VERSION

__all__ = [
    "PRODUCTION_STAGE",
    "RETIRED_STAGE",
    "SCORING_VERSION",
    "DimensionResult",
    "FindingResult",
    "OrgInfo",
    "ScoreResult",
    "ScoringInputs",
    "departure_impact",
    "deployment_capacity",
    "score_org",
]
