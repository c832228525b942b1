"""From stored results to what a page shows: headline numbers, chart inputs and their text alternatives.

Pure functions over the data the selectors read (no queries). Each chart comes with a table that
says the same thing in text, for screen readers and for people who prefer numbers.
"""

from __future__ import annotations

from ..selectors import DashboardData, TeamResults
from .base import Chart, Table, subtree_names
from .headline import Headline, headline, open_roles_table
from .maturity import HEATMAP_ROWS, heatmap_chart, radar_chart, trend_chart
from .people import (
    composition_chart,
    composition_rows,
    coverage_chart,
    family_chart,
    family_groups,
    production_systems_in,
)

__all__ = [
    "HEATMAP_ROWS",
    "Chart",
    "Headline",
    "Table",
    "composition_chart",
    "composition_rows",
    "coverage_chart",
    "dashboard_charts",
    "family_chart",
    "family_groups",
    "headline",
    "open_roles_table",
    "production_systems_in",
    "radar_chart",
    "subtree_names",
    "team_charts",
    "team_coverage",
    "trend_chart",
]


def dashboard_charts(data: DashboardData) -> list[Chart]:
    """Every chart of the org dashboard, in page order."""
    s = data.summary
    name = data.org.name
    overlays = [(data.team.name, data.team_dimensions)] if data.team and data.team_dimensions else []
    out = [radar_chart(data.dimensions, target_level=data.org.target_level, name=name, overlays=overlays)]
    out.append(heatmap_chart(data.team_levels))
    trend_series = [(name, data.trend)] + ([(data.team.name, data.team_trend)] if data.team else [])
    out.append(trend_chart(trend_series))
    rows = composition_rows(s, data.subtree)
    root_id = data.team.id if data.team else None
    out.append(
        family_chart(
            rows,
            deployment=s["deployment"],
            tree=data.tree,
            root_team_id=root_id,
            systems=production_systems_in(s, data.subtree),
        )
    )
    out.append(
        composition_chart(rows, tree=data.tree, root_label=data.team.name if data.team else name, root_team_id=root_id)
    )
    out.append(coverage_chart(s["coverage"], selection=subtree_names(data.tree, data.subtree)))
    if data.run is None:
        for chart in out:
            if chart.key in ("radar", "families", "composition", "coverage") and not chart.empty:
                chart.empty = "No organisation-wide scoring yet."
    return out


def team_charts(results: TeamResults) -> list[Chart]:
    """The team page's charts: its levels against the org and the target, its coverage and its trend."""
    team = results.team.name
    overlays = [(results.org.name, results.org_dimensions)] if results.org_dimensions else []
    radar = radar_chart(
        results.dimensions,
        target_level=results.org.target_level,
        name=team,
        overlays=overlays,
        title="The team's maturity against the organisation and the target",
    )
    if not any(d.level is not None for d in results.dimensions):
        radar.empty = "This team has no scored assessment yet: assess the team to see its levels here."
    trend = trend_chart([(team, results.trend)], title="The team's maturity over time")
    coverage = team_coverage(results)
    return [radar, coverage, trend]


def team_coverage(results: TeamResults) -> Chart:
    """The team run's own coverage when it has one, otherwise the org's with the team's ownership marked."""
    own = results.summary["coverage"]
    if own:
        return coverage_chart(own)
    org_cov = results.org_summary["coverage"]
    chart = coverage_chart(org_cov or [], selection=subtree_names(results.tree, results.subtree))
    if not org_cov:
        chart.empty = "No responsibility coverage stored yet."
    return chart
