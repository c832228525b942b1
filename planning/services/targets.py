"""Targets (headcount per role, maturity per dimension) and the organisation's own per-role estimates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from assessments.choices import SCORED_DIMENSIONS
from orgs.models import Team
from orgs.tenancy import OrgAccess
from roles.models import RoleTemplate
from teamplanner.exceptions import ApplicationError, ForbiddenError

from ..models import HeadcountTarget, MaturityTarget, RoleSetting

DIMENSION_VALUES = {d.value for d in SCORED_DIMENSIONS}


def can_set_targets(access: OrgAccess, team: Team | None) -> bool:
    """Admins set every target; leads set the targets of the teams they lead (and their sub-teams)."""
    if team is None:
        return access.is_admin
    return team.organization_id == access.org.pk and access.can_edit_team(team)


def _check(access: OrgAccess, team: Team | None) -> None:
    if team is not None and team.organization_id != access.org.pk:
        raise ApplicationError("This team belongs to another organisation.", status_code=404)
    if not can_set_targets(access, team):
        who = "an admin" if team is None else "an admin or the team's lead"
        raise ForbiddenError(f"Only {who} can set these targets.")


def _whole(value, *, field: str, lo: int, hi: int, what: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not lo <= number <= hi:
        raise ApplicationError(f"{what} must be a whole number from {lo} to {hi:,}.", extra={field: ["Out of range."]})
    return number


@transaction.atomic
def headcount_target_set(
    *, access: OrgAccess, team: Team | None, role: RoleTemplate, headcount, due_on: date | None = None
) -> HeadcountTarget:
    """Set how many people of `role` the organisation (team None) or `team` aims to have, and by when."""
    _check(access, team)
    if not isinstance(role, RoleTemplate):
        raise ApplicationError("Choose a role.", extra={"role": ["This field is required."]})
    count = _whole(headcount, field="headcount", lo=0, hi=100000, what="The target headcount")
    target, _ = HeadcountTarget.objects.update_or_create(
        organization=access.org,
        team=team,
        role=role,
        defaults={"headcount": count, "due_on": due_on, "updated_by_id": access.membership.user_id},
    )
    return target


@transaction.atomic
def maturity_target_set(*, access: OrgAccess, team: Team | None, dimension: str, level) -> MaturityTarget:
    """Set the maturity level (1-5) the organisation (team None) or `team` aims for in `dimension`."""
    _check(access, team)
    if dimension not in DIMENSION_VALUES:
        raise ApplicationError("Choose a scored dimension.", extra={"dimension": [f"'{dimension}' is not one."]})
    value = _whole(level, field="level", lo=1, hi=5, what="The target level")
    target, _ = MaturityTarget.objects.update_or_create(
        organization=access.org,
        team=team,
        dimension=dimension,
        defaults={"level": value, "updated_by_id": access.membership.user_id},
    )
    return target


@transaction.atomic
def target_delete(*, access: OrgAccess, kind: str, target_id) -> None:
    """Remove a headcount (`kind` "headcount") or maturity (`kind` "maturity") target."""
    model = {"headcount": HeadcountTarget, "maturity": MaturityTarget}.get(kind)
    try:
        pk = int(target_id)
    except (TypeError, ValueError):
        pk = None
    target = model.objects.for_org(access.org).select_related("team").filter(pk=pk).first() if model and pk else None
    if target is None:
        raise ApplicationError("This target does not exist (any more).", status_code=404)
    _check(access, target.team)
    target.delete()


def _decimal(value, *, field: str, lo: Decimal, hi: Decimal, what: str, places: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not lo <= number <= hi:
        raise ApplicationError(f"{what} must be a number from {lo} to {hi}.", extra={field: ["Out of range."]})
    return number.quantize(Decimal(places))


# Field -> (lowest, highest, its name in a message, the precision it is stored with).
ROLE_ESTIMATE_LIMITS = {
    "annual_cost": (Decimal(0), Decimal(99_999_999), "The cost", "1"),
    "months_to_hire": (Decimal("0.1"), Decimal(60), "The months to hire", "0.1"),
    "hire_time_spread": (Decimal("0.05"), Decimal(2), "The spread", "0.01"),
}


@transaction.atomic
def role_setting_set(
    *, access: OrgAccess, role: RoleTemplate, annual_cost=None, months_to_hire=None, hire_time_spread=None
) -> RoleSetting | None:
    """The organisation's own cost per position and time to hire for `role`; empty values use the catalog's.

    Admins only. Returns None when every value is empty (the setting is removed).
    """
    if not access.is_admin:
        raise ForbiddenError("Only an admin can change the organisation's role estimates.")
    given = {"annual_cost": annual_cost, "months_to_hire": months_to_hire, "hire_time_spread": hire_time_spread}
    values = {
        field: _decimal(given[field], field=field, lo=lo, hi=hi, what=what, places=places)
        for field, (lo, hi, what, places) in ROLE_ESTIMATE_LIMITS.items()
    }
    if all(v is None for v in values.values()):
        RoleSetting.objects.filter(organization=access.org, role=role).delete()
        return None
    setting, _ = RoleSetting.objects.update_or_create(organization=access.org, role=role, defaults=values)
    return setting
