"""The one chart pipeline of the pages: plain data (rows, DataFrames) in, a Plotly figure out.

No database, no request, no Django: results and planning both draw through it. A figure is
Plotly's own JSON form (a dict of `data` and `layout`), which plotly.js draws as is. Building
`plotly.graph_objects.Figure`s instead would validate and deep-copy every value on each request
(over a second for a 400-team sunburst); the tests validate each builder's output with
`go.Figure(...)` instead.

Labels and colours come from `vocabulary`, so a role family or a dimension looks the same on
every page. Plotly renders labels and hover text as a small subset of HTML, so every name that a
user typed (teams, people, roles, assessments) is HTML-escaped here: `<b>x</b>` shows as typed.
"""

from .base import Figure, esc, script_json, to_json
from .forecast import capacity_chart, openings_chart, roadmap_cost_chart, team_probability_chart
from .maturity import comparison_levels_chart, maturity_heatmap, maturity_radar, maturity_trend
from .people import comparison_families_chart, composition_sunburst, coverage_bars, family_bars
from .timeline import scenario_timeline_chart

__all__ = [
    "Figure",
    "capacity_chart",
    "comparison_families_chart",
    "comparison_levels_chart",
    "composition_sunburst",
    "coverage_bars",
    "esc",
    "family_bars",
    "maturity_heatmap",
    "maturity_radar",
    "maturity_trend",
    "openings_chart",
    "roadmap_cost_chart",
    "scenario_timeline_chart",
    "script_json",
    "team_probability_chart",
    "to_json",
]
