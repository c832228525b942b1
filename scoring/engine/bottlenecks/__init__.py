"""Bottleneck risk from the org data: bus factors, the truck factor, universal experts, deployment
capacity, responsibility coverage and overlaps, overloaded people and teams, the ML lead's distance
from the top. Every function reads `OrgFrames` and returns plain frames, dicts and findings.
"""

from .bus_factor import (
    bus_factor_summary,
    bus_factor_system_findings,
    coverage_summary,
    responsibility_coverage,
    responsibility_findings,
    system_bus_factors,
)
from .deployment import deployment, deployment_findings
from .experts import sole_carriers, universal_expert_findings
from .lead import ml_lead, ml_lead_findings
from .load import overload_findings, person_load, team_load
from .truck_factor import (
    TruckFactorResult,
    truck_factor,
    truck_factor_findings,
    truck_factor_of,
    truck_factor_summary,
)

__all__ = [
    "TruckFactorResult",
    "bus_factor_summary",
    "bus_factor_system_findings",
    "coverage_summary",
    "deployment",
    "deployment_findings",
    "ml_lead",
    "ml_lead_findings",
    "overload_findings",
    "person_load",
    "responsibility_coverage",
    "responsibility_findings",
    "sole_carriers",
    "system_bus_factors",
    "team_load",
    "truck_factor",
    "truck_factor_findings",
    "truck_factor_of",
    "truck_factor_summary",
    "universal_expert_findings",
]
