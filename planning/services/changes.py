"""One change of a scenario, checked and labelled before it is saved: one builder per kind of change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from orgs.choices import AssignmentLevel, OpeningStatus
from orgs.models import Person, Team
from orgs.tenancy import OrgAccess
from roles.models import Responsibility, RoleTemplate
from teamplanner.exceptions import ApplicationError

from ..choices import ChangeKind
from ..models import Scenario, ScenarioChange


def _month_label(month: date | None) -> str:
    return month.strftime("%B %Y") if month else ""


def _first_of_month(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value if len(value) > 7 else value + "-01")
        except ValueError:
            raise ApplicationError("Give the month as YYYY-MM.", extra={"month": ["Enter a month like 2027-03."]})
    return value.replace(day=1)


def _fte(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        fte = Decimal(str(value))
    except InvalidOperation:
        fte = None
    if fte is None or not Decimal("0.01") <= fte <= 1:
        raise ApplicationError("FTE must be between 0.01 and 1.", extra={"fte": ["Enter a number from 0.01 to 1."]})
    return fte.quantize(Decimal("0.01"))


def _in_org(access: OrgAccess, obj, field: str, what: str):
    if obj is None:
        raise ApplicationError(f"Choose {what}.", extra={field: ["This field is required."]})
    if getattr(obj, "organization_id", access.org.pk) != access.org.pk:
        raise ApplicationError(f"Choose {what} of this organisation.", extra={field: ["Not in this organisation."]})
    return obj


@dataclass(frozen=True)
class _Context:
    month: date | None  # the month the change happens, when it has one
    when: str  # " in <month>" or ""
    existing: list[ScenarioChange]  # the scenario's changes so far


def _leave(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """Someone leaves (now or in a month)."""
    c.person = _in_org(access, data.get("person"), "person", "the person who leaves")
    if any(e.kind == c.kind and e.person_id == c.person.pk for e in ctx.existing):
        raise ApplicationError(f"{c.person.name} already leaves in this scenario.", extra={"person": ["Twice."]})
    c.month = ctx.month
    c.label = f"{c.person.name} leaves{ctx.when or ' now'}"
    return []


def _join(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """A new person joins a team."""
    c.team = _in_org(access, data.get("team"), "team", "the team they join")
    c.role = data.get("role") or None
    if not isinstance(c.role, RoleTemplate):
        raise ApplicationError("Choose the role of the new person.", extra={"role": ["This field is required."]})
    c.name = (data.get("name") or "").strip()[:200]
    c.email = (data.get("email") or "").strip().lower()
    if c.email:
        try:
            validate_email(c.email)
        except ValidationError:
            raise ApplicationError("Enter a valid email address.", extra={"email": ["Enter a valid email."]})
        if Person.objects.for_org(access.org).filter(email__iexact=c.email).exists():
            raise ApplicationError(
                f"{c.email} belongs to someone in the organisation already.", extra={"email": ["Already used."]}
            )
    c.fte = _fte(data.get("fte"))
    c.month = ctx.month
    who = c.name or f"A new {c.role.name}"
    fte = f" ({c.fte:g} FTE)" if c.fte is not None and c.fte != 1 else ""
    c.label = f"{who} joins {c.team.name} as {c.role.name}{fte}{ctx.when or ' now'}"
    return []


def _move(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """Someone moves to another team."""
    c.person = _in_org(access, data.get("person"), "person", "the person who moves")
    c.to_team = _in_org(access, data.get("to_team"), "to_team", "the team they move to")
    if c.person.team_id == c.to_team.pk:
        raise ApplicationError(
            f"{c.person.name} is in {c.to_team.name} already.", extra={"to_team": ["Choose another team."]}
        )
    c.label = f"{c.person.name} moves to {c.to_team.name}"
    return []


def _reassign(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """A responsibility goes to another person."""
    c.responsibility = data.get("responsibility")
    if not isinstance(c.responsibility, Responsibility):
        raise ApplicationError("Choose the responsibility.", extra={"responsibility": ["This field is required."]})
    c.person = data.get("person") or None
    if c.person is not None:
        _in_org(access, c.person, "person", "the person it is taken from")
    c.to_person = _in_org(access, data.get("to_person"), "to_person", "the person who takes it on")
    if c.person is not None and c.person.pk == c.to_person.pk:
        raise ApplicationError("Choose two different people.", extra={"to_person": ["Same person."]})
    c.level = data.get("level") or AssignmentLevel.OWNER
    if c.level not in AssignmentLevel.values:
        raise ApplicationError("Choose owner, contributor or backup.", extra={"level": ["Not a level."]})
    source = f" from {c.person.name}" if c.person else ""
    c.label = f"{c.responsibility.name}{source} to {c.to_person.name} ({c.level})"
    return []


def _merge_teams(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """A team merges into another."""
    c.team = _in_org(access, data.get("team"), "team", "the team that is merged")
    c.to_team = _in_org(access, data.get("to_team"), "to_team", "the team it merges into")
    if c.team.pk == c.to_team.pk:
        raise ApplicationError("A team cannot merge into itself.", extra={"to_team": ["Choose another team."]})
    c.label = f"{c.team.name} merges into {c.to_team.name}"
    return []


def _split_team(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """Some people of a team form a new team."""
    c.team = _in_org(access, data.get("team"), "team", "the team that splits")
    c.name = (data.get("name") or "").strip()[:150]
    if not c.name:
        raise ApplicationError("Name the new team.", extra={"name": ["This field is required."]})
    taken = Team.objects.for_org(access.org).filter(name__iexact=c.name).exists() or any(
        e.kind == c.kind and e.name.lower() == c.name.lower() for e in ctx.existing
    )
    if taken:
        raise ApplicationError(f'A team called "{c.name}" exists already.', extra={"name": ["Choose another."]})
    people = list(data.get("people") or [])
    if not people:
        raise ApplicationError("Choose who goes to the new team.", extra={"people": ["Choose at least one."]})
    wrong = [p.name for p in people if p.organization_id != access.org.pk or p.team_id != c.team.pk]
    if wrong:
        raise ApplicationError(
            f"Only people of {c.team.name} can go to the new team: {', '.join(wrong)}.",
            extra={"people": ["Not in the team that splits."]},
        )
    c.label = f"{c.team.name} splits: {len(people)} {'person goes' if len(people) == 1 else 'people go'} to {c.name}"
    return people


def _add_opening(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """A position opens."""
    c.team = _in_org(access, data.get("team"), "team", "the team of the opening")
    c.role = data.get("role") or None
    if not isinstance(c.role, RoleTemplate):
        raise ApplicationError("Choose the role to hire.", extra={"role": ["This field is required."]})
    c.month = ctx.month
    c.label = f"Open a {c.role.name} position in {c.team.name}{ctx.when or ' now'}"
    return []


def _cancel_opening(access: OrgAccess, c: ScenarioChange, data: dict, ctx: _Context) -> list[Person]:
    """An open position is cancelled."""
    c.opening = _in_org(access, data.get("opening"), "opening", "the opening to cancel")
    if c.opening.status != OpeningStatus.OPEN:
        raise ApplicationError("Only an open opening can be cancelled.", extra={"opening": ["Not open."]})
    if any(e.kind == c.kind and e.opening_id == c.opening.pk for e in ctx.existing):
        raise ApplicationError("This opening is cancelled in this scenario already.", extra={"opening": ["Twice."]})
    c.label = f"Cancel the {c.opening.role.name} opening in {c.opening.team.name} (open since {c.opening.opened_on})"
    return []


BUILDERS = {
    ChangeKind.LEAVE: _leave,
    ChangeKind.JOIN: _join,
    ChangeKind.MOVE: _move,
    ChangeKind.REASSIGN: _reassign,
    ChangeKind.MERGE_TEAMS: _merge_teams,
    ChangeKind.SPLIT_TEAM: _split_team,
    ChangeKind.ADD_OPENING: _add_opening,
    ChangeKind.CANCEL_OPENING: _cancel_opening,
}


def build_change(access: OrgAccess, scenario: Scenario, kind: str, data: dict) -> tuple[ScenarioChange, list]:
    """Validate one change of `kind` and return it unsaved with the people of a split."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ApplicationError("Choose what kind of change this is.", extra={"kind": [f"'{kind}' is not a change."]})
    c = ScenarioChange(scenario=scenario, kind=kind)
    month = _first_of_month(data.get("month"))
    existing = list(scenario.changes.all()) if scenario.pk else []
    people = builder(access, c, data, _Context(month, f" in {_month_label(month)}" if month else "", existing))
    c.label = c.label[:300]
    c.position = max((e.position for e in existing), default=0) + 1
    return c, people
