from django.db import models


class Dimension(models.TextChoices):
    MLOPS_LEVEL = "mlops_level", "MLOps level"
    STRUCTURE = "structure_leadership", "Structure and leadership"
    ROLES = "roles_responsibilities", "Roles and responsibilities"
    TALENT = "talent_hiring", "Talent and hiring"
    BOTTLENECKS = "expertise_bottlenecks", "Expertise bottlenecks"
    COLLABORATION = "collaboration", "Collaboration and knowledge sharing"
    INFRA_CODE = "infra_code", "Infrastructure: code"
    INFRA_MODEL = "infra_model", "Infrastructure: model"
    INFRA_DATA = "infra_data", "Infrastructure: data"
    TOOLS = "tools_self_service", "Tools and self-service"
    OWNERSHIP = "ownership_kpis", "Ownership and KPIs"
    PLANNING = "planning_management", "Planning and management"
    GOVERNANCE = "governance_safety", "Governance and safety"
    CONTEXT = "context", "Context (classification only, not scored)"


SCORED_DIMENSIONS = [d for d in Dimension if d != Dimension.CONTEXT]


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Maturity scale 0-4"
    YES_NO = "yes_no", "Yes / no"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    NUMBER = "number", "Number"
    TEXT = "text", "Free text"


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    SCORING = "scoring", "Scoring"
    SCORED = "scored", "Scored"
    FAILED = "failed", "Scoring failed"


# An assessment in any of these states has been submitted: its answers are locked and it can be scored.
SUBMITTED_STATES = (
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.SCORING,
    AssessmentStatus.SCORED,
    AssessmentStatus.FAILED,
)
