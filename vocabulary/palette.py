"""Colours and short labels that charts and pages share, so one thing always looks the same."""

from .families import BUILDER, ML_SUPPORT, OTHER, PRODUCTIONISER

FAMILY_COLORS = {BUILDER: "#4c78a8", PRODUCTIONISER: "#f58518", ML_SUPPORT: "#54a24b", OTHER: "#8c8c8c"}
# The same colours, translucent: the range bands of forecasts.
FAMILY_BANDS = {
    BUILDER: "rgba(76,120,168,0.18)",
    PRODUCTIONISER: "rgba(245,133,24,0.18)",
    ML_SUPPORT: "rgba(84,162,75,0.18)",
    OTHER: "rgba(140,140,140,0.15)",
}
# Maturity level 1 (red) to 5 (green), as a Plotly colour scale over 0-1.
LEVEL_COLORSCALE = [[0.0, "#d73027"], [0.25, "#fc8d59"], [0.5, "#fee08b"], [0.75, "#91cf60"], [1.0, "#1a9850"]]
# Today's data against a scenario.
TODAY_COLOR, SCENARIO_COLOR = "#8c8c8c", "#4c78a8"
# The default colours of a chart's series, in order.
COLORWAY = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d", "#eeca3b"]
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Maturity dimensions as short as a chart axis needs them (the full names are Django choices).
DIMENSION_SHORT_LABELS = {
    "mlops_level": "MLOps",
    "structure_leadership": "Structure",
    "roles_responsibilities": "Roles",
    "talent_hiring": "Talent",
    "expertise_bottlenecks": "Bottlenecks",
    "collaboration": "Collaboration",
    "infra_code": "Infra: code",
    "infra_model": "Infra: model",
    "infra_data": "Infra: data",
    "tools_self_service": "Tools",
    "ownership_kpis": "Ownership/KPIs",
    "planning_management": "Planning",
    "governance_safety": "Governance",
}

# Good to bad, for coverage and probabilities (the ends of LEVEL_COLORSCALE).
GOOD_COLOR, FAIR_COLOR, WARNING_COLOR, BAD_COLOR = "#1a9850", "#91cf60", "#fdae61", "#d73027"
MUTED_COLOR = "#c7c7c7"  # what counts least (contributors)
GUIDE_COLOR = "#888888"  # reference lines: a target, today
# A scenario's range, translucent (an opening's 10-90% fill dates).
SCENARIO_BAND = "rgba(76,120,168,0.45)"
# Team rings of the composition chart in pale blue, lighter with depth.
TEAM_COLORS = ["#c3d3e6", "#d9e4f0", "#ebf1f7"]
GRID_COLOR, ZERO_LINE_COLOR = "#e5e5e5", "#cccccc"
