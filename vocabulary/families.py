"""Role families: how scoring and planning group people by what they do with models."""

BUILDER = "builder"
PRODUCTIONISER = "productioniser"
ML_SUPPORT = "ml_support"
OTHER = "other"

# In the order charts and tables show them.
FAMILIES = (BUILDER, PRODUCTIONISER, ML_SUPPORT, OTHER)
ML_PRACTITIONER_FAMILIES = (BUILDER, PRODUCTIONISER, ML_SUPPORT)
# The roles that take longest to fill (ML and MLOps engineering, DevOps, infrastructure): an opening of
# theirs that waits too long is ranked above others.
HARD_TO_HIRE_FAMILIES = (PRODUCTIONISER,)

# One person of the family (forms, the catalog) and the family as a group (charts, tables).
FAMILY_NAMES = {
    BUILDER: "Model builder",
    PRODUCTIONISER: "Productioniser",
    ML_SUPPORT: "Other ML practitioner",
    OTHER: "Not an ML practitioner",
}
FAMILY_LABELS = {
    BUILDER: "Model builders",
    PRODUCTIONISER: "Productionisers",
    ML_SUPPORT: "Other ML practitioners",
    OTHER: "Not ML practitioners",
}


def ml_practitioner_fte(rows) -> float:
    """The one count of ML practitioner FTE, wherever they sit: (family, fte) pairs -> the FTE of the ML
    practitioner families, rounded to 2 places. Archetype, structure, talent and every page read this number."""
    return round(sum(float(fte) for family, fte in rows if family in ML_PRACTITIONER_FAMILIES), 2)
