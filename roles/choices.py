from django.db import models

from vocabulary import families


class RoleCategory(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership"
    CORE_ML = "core_ml", "Core ML"
    ML_ADJACENT = "ml_adjacent", "ML-adjacent"
    BUSINESS_ANALYTICS = "business_analytics", "Business analytics"
    PRODUCT_ENGINEERING = "product_engineering", "Product and engineering"
    EXECUTIVE = "executive", "Executive"


class RoleFamily(models.TextChoices):
    """The families scoring uses (see docs/scoring.md); values and names come from `vocabulary.families`."""

    BUILDER = families.BUILDER, families.FAMILY_NAMES[families.BUILDER]
    PRODUCTIONISER = families.PRODUCTIONISER, families.FAMILY_NAMES[families.PRODUCTIONISER]
    ML_SUPPORT = families.ML_SUPPORT, families.FAMILY_NAMES[families.ML_SUPPORT]
    OTHER = families.OTHER, families.FAMILY_NAMES[families.OTHER]


ML_PRACTITIONER_FAMILIES = tuple(RoleFamily(family) for family in families.ML_PRACTITIONER_FAMILIES)


class Scarcity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Pillar(models.TextChoices):
    CODE = "code", "Code"
    MODEL = "model", "Model"
    DATA = "data", "Data"
    TEAM = "team", "Team (cross-cutting)"


class LifecycleStage(models.TextChoices):
    EXPERIMENT = "experiment", "Experiment"
    BUILD = "build", "Build"
    DEPLOY = "deploy", "Deploy"
    MANAGE = "manage", "Manage"
    OPTIMISE = "optimise", "Optimise"
    OPERATE = "operate", "Operate"
