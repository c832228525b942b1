from django.db import models


class RoleCategory(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership"
    CORE_ML = "core_ml", "Core ML"
    ML_ADJACENT = "ml_adjacent", "ML-adjacent"
    BUSINESS_ANALYTICS = "business_analytics", "Business analytics"
    PRODUCT_ENGINEERING = "product_engineering", "Product and engineering"
    EXECUTIVE = "executive", "Executive"


class RoleFamily(models.TextChoices):
    """The families scoring uses (see docs/scoring.md)."""

    BUILDER = "builder", "Model builder"
    PRODUCTIONISER = "productioniser", "Productioniser"
    ML_SUPPORT = "ml_support", "Other ML practitioner"
    OTHER = "other", "Not an ML practitioner"


ML_PRACTITIONER_FAMILIES = (RoleFamily.BUILDER, RoleFamily.PRODUCTIONISER, RoleFamily.ML_SUPPORT)


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
