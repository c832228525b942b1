from django.db import models

from assessments.choices import SCORED_DIMENSIONS


class ChangeKind(models.TextChoices):
    LEAVE = "leave", "A person leaves"
    JOIN = "join", "A person joins"
    MOVE = "move", "A person moves team"
    REASSIGN = "reassign", "A responsibility is reassigned"
    MERGE_TEAMS = "merge_teams", "Two teams merge"
    SPLIT_TEAM = "split_team", "A team splits"
    ADD_OPENING = "add_opening", "An opening is added"
    CANCEL_OPENING = "cancel_opening", "An opening is cancelled"


class ScenarioScoringStatus(models.TextChoices):
    NONE = "none", "Not scored yet"
    QUEUED = "queued", "Scoring is under way"
    DONE = "done", "Scored"
    FAILED = "failed", "Scoring failed"


# The dimensions a maturity target can name (every scored one; context is not scored).
SCORED_DIMENSION_CHOICES = [(d.value, d.label) for d in SCORED_DIMENSIONS]
