from django.db import models


class Stage(models.TextChoices):
    STARTUP_SMALL = "startup-small", "Small startup"
    STARTUP_LARGE = "startup-large", "Larger startup"
    ENTERPRISE = "enterprise", "Enterprise"


class MLFocus(models.TextChoices):
    RESEARCH = "research", "Research (exploring)"
    PRODUCT = "product", "Product (implementing ML in the product)"
    BOTH = "both", "Both"


class HeadcountBand(models.TextChoices):
    XS = "1-50", "1-50"
    S = "51-200", "51-200"
    M = "201-1000", "201-1,000"
    L = "1001-5000", "1,001-5,000"
    XL = "5001+", "5,001+"


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "Admin"
    EXECUTIVE = "executive", "Executive"
    LEAD = "lead", "Team lead"
    VIEWER = "viewer", "Viewer"


class TeamKind(models.TextChoices):
    CENTRAL_ML = "central_ml", "Central ML"
    EMBEDDED_ML = "embedded_ml", "Embedded ML / pod"
    PLATFORM = "platform", "Platform"
    DATA = "data", "Data"
    RESEARCH = "research", "Research"
    PRODUCT = "product", "Product"
    OTHER = "other", "Other"


class TeamPillar(models.TextChoices):
    CODE = "code", "Code"
    MODEL = "model", "Model"
    DATA = "data", "Data"
    MIXED = "mixed", "Mixed"


class AssignmentLevel(models.TextChoices):
    OWNER = "owner", "Owner"
    CONTRIBUTOR = "contributor", "Contributor"
    BACKUP = "backup", "Backup"


class SystemStage(models.TextChoices):
    IDEA = "idea", "Idea"
    PROTOTYPE = "prototype", "Prototype"
    MVP = "mvp", "MVP"
    PRODUCTION = "production", "Production"
    RETIRED = "retired", "Retired"


class OpeningStatus(models.TextChoices):
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CANCELLED = "cancelled", "Cancelled"


class ImportRunStatus(models.TextChoices):
    CHECKING = "checking", "Being checked"
    CHECKED = "checked", "Checked, waiting for confirmation"
    REJECTED = "rejected", "Rejected: the file has errors"
    APPLYING = "applying", "Being imported"
    APPLIED = "applied", "Applied"
