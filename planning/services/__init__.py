"""Writes of the planning app: keyword-only, one transaction each; domain failures raise ApplicationError.

Scenarios never write the real data, except `scenario_apply` (admins only, all or nothing, recorded).
"""

from .apply import ONLY_ADMINS_APPLY, scenario_apply, stale_reason
from .scenario import (
    can_create_scenarios,
    can_edit_scenario,
    scenario_change_add,
    scenario_change_remove,
    scenario_copy,
    scenario_create,
    scenario_delete,
    scenario_score,
    scenario_score_mark_failed,
    scenario_score_request,
    scenario_update,
)
from .targets import (
    can_set_targets,
    headcount_target_set,
    maturity_target_set,
    role_setting_set,
    target_delete,
)

__all__ = [
    "can_create_scenarios",
    "can_edit_scenario",
    "can_set_targets",
    "headcount_target_set",
    "maturity_target_set",
    "role_setting_set",
    "ONLY_ADMINS_APPLY",
    "scenario_apply",
    "scenario_change_add",
    "scenario_change_remove",
    "scenario_copy",
    "scenario_create",
    "scenario_delete",
    "scenario_score",
    "scenario_score_mark_failed",
    "scenario_score_request",
    "scenario_update",
    "stale_reason",
    "target_delete",
]
