"""Role families: how scoring and planning group people by what they do with models."""

BUILDER = "builder"
PRODUCTIONISER = "productioniser"
ML_SUPPORT = "ml_support"
OTHER = "other"

# In the order charts and tables show them.
FAMILIES = (BUILDER, PRODUCTIONISER, ML_SUPPORT, OTHER)
ML_PRACTITIONER_FAMILIES = (BUILDER, PRODUCTIONISER, ML_SUPPORT)

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
