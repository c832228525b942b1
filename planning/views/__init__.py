"""Planning pages: thin views that parse with a form, call a service or selector, and render.

A domain error is shown next to the form that caused it, with what the user typed kept.
"""

from .analysis import forecast, what_if, what_if_person
from .scenarios import (
    change_add,
    change_form,
    change_remove,
    index,
    scenario_apply,
    scenario_compare,
    scenario_copy,
    scenario_create,
    scenario_delete,
    scenario_detail,
    scenario_edit,
    scenario_score,
)
from .targets import roadmap, roles, targets

__all__ = [
    "change_add",
    "change_form",
    "change_remove",
    "forecast",
    "index",
    "roadmap",
    "roles",
    "scenario_apply",
    "scenario_compare",
    "scenario_copy",
    "scenario_create",
    "scenario_delete",
    "scenario_detail",
    "scenario_edit",
    "scenario_score",
    "targets",
    "what_if",
    "what_if_person",
]
