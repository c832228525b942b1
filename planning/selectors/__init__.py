"""Reads of the planning app, each with a fixed number of queries whatever the size of the organisation."""

from .comparison import Comparison, run_view, scenario_comparison
from .forecast import (
    ForecastView,
    RoleEstimate,
    filled_durations,
    headcount_targets,
    org_forecast,
    org_hire_times,
    role_estimates,
)
from .inputs import org_data_inputs, org_frames, what_if_leaves
from .scenarios import change_kinds, scenario_applications, scenario_changes, scenario_list, scenario_specs
from .targets import latest_org_run, org_roadmap, target_gaps

__all__ = [
    "Comparison",
    "ForecastView",
    "RoleEstimate",
    "change_kinds",
    "filled_durations",
    "headcount_targets",
    "latest_org_run",
    "org_data_inputs",
    "org_forecast",
    "org_frames",
    "org_hire_times",
    "org_roadmap",
    "role_estimates",
    "run_view",
    "scenario_applications",
    "scenario_changes",
    "scenario_comparison",
    "scenario_list",
    "scenario_specs",
    "target_gaps",
    "what_if_leaves",
]
