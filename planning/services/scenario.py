"""Scenarios and their changes: create, edit, copy, delete, and score them. The real data is never written here."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from orgs.choices import AssignmentLevel, MembershipRole, OpeningStatus
from orgs.models import Person, Team
from orgs.tenancy import OrgAccess
from outbox.services import outbox_enqueue
from roles.models import Responsibility, RoleTemplate
from teamplanner.exceptions import ApplicationError, ConflictError

from ..choices import ChangeKind, ScenarioScoringStatus
from ..models import Scenario, ScenarioChange

logger = logging.getLogger(__name__)

EDITOR_ROLES = (MembershipRole.ADMIN, MembershipRole.EXECUTIVE, MembershipRole.LEAD)
NOT_YOURS = "You can only change scenarios you created; copy this one to make your own version."
SCORE_TASK = "planning.tasks.scenario_score_task"


def can_create_scenarios(access: OrgAccess) -> bool:
    return access.role in EDITOR_ROLES


def can_edit_scenario(access: OrgAccess, scenario: Scenario) -> bool:
    """Admins edit every scenario of their org; executives and leads edit the ones they created."""
    if scenario.organization_id != access.org.pk or scenario.applied_at is not None:
        return False
    if access.is_admin:
        return True
    return access.role in EDITOR_ROLES and scenario.created_by_id == access.membership.user_id


def _check_create(access: OrgAccess) -> None:
    if not can_create_scenarios(access):
        raise ApplicationError("Viewers can read scenarios but not create or change them.", status_code=403)


def _check_edit(access: OrgAccess, scenario: Scenario) -> None:
    if scenario.organization_id != access.org.pk:
        raise ApplicationError("This scenario belongs to another organisation.", status_code=404)
    if scenario.applied_at is not None:
        raise ConflictError(
            "This scenario has been applied to the real data and can no longer change; copy it to plan further."
        )
    if not can_edit_scenario(access, scenario):
        raise ApplicationError(NOT_YOURS, status_code=403)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Give the scenario a name.", extra={"name": ["This field is required."]})
    if len(name) > 200:
        raise ApplicationError("The name is too long.", extra={"name": ["At most 200 characters."]})
    return name


def _name_taken(org, name: str, exclude_pk=None) -> bool:
    qs = Scenario.objects.for_org(org).filter(name__iexact=name)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _save_name(scenario: Scenario) -> None:
    if _name_taken(scenario.organization, scenario.name, scenario.pk):
        raise ApplicationError(
            f'A scenario called "{scenario.name}" exists already.', extra={"name": ["Choose another name."]}
        )
    try:
        with transaction.atomic():
            scenario.save()
    except IntegrityError:
        raise ConflictError(f'A scenario called "{scenario.name}" was just created by someone else.')


@transaction.atomic
def scenario_create(*, access: OrgAccess, name: str, description: str = "") -> Scenario:
    """A new, empty scenario of the member's organisation."""
    _check_create(access)
    scenario = Scenario(
        organization=access.org,
        name=_clean_name(name),
        description=(description or "").strip(),
        created_by_id=access.membership.user_id,
    )
    _save_name(scenario)
    return scenario


@transaction.atomic
def scenario_update(*, access: OrgAccess, scenario: Scenario, name: str, description: str = "") -> Scenario:
    _check_edit(access, scenario)
    scenario.name = _clean_name(name)
    scenario.description = (description or "").strip()
    _save_name(scenario)
    return scenario


def _copy_name(org, base: str) -> str:
    for n in range(1, 1000):
        candidate = f"{base} (copy{'' if n == 1 else ' ' + str(n)})"[:200]
        if not _name_taken(org, candidate):
            return candidate
    raise ApplicationError("Too many copies of this scenario; rename some first.")


@transaction.atomic
def scenario_copy(*, access: OrgAccess, scenario: Scenario, name: str | None = None) -> Scenario:
    """A new scenario (owned by the member) with the same changes; the original is untouched."""
    _check_create(access)
    if scenario.organization_id != access.org.pk:
        raise ApplicationError("This scenario belongs to another organisation.", status_code=404)
    copy = Scenario(
        organization=access.org,
        name=_clean_name(name) if name else _copy_name(access.org, scenario.name),
        description=scenario.description,
        copied_from=scenario,
        created_by_id=access.membership.user_id,
    )
    _save_name(copy)
    changes = list(scenario.changes.prefetch_related("people"))
    new_rows = []
    for c in changes:
        row = ScenarioChange(**{f.attname: getattr(c, f.attname) for f in ScenarioChange._meta.concrete_fields})
        row.pk = None
        row.id = None
        row.scenario = copy
        new_rows.append(row)
    ScenarioChange.objects.bulk_create(new_rows)
    through = ScenarioChange.people.through
    through.objects.bulk_create(
        [
            through(scenariochange_id=new.pk, person_id=p.pk)
            for old, new in zip(changes, new_rows, strict=True)
            for p in old.people.all()
        ]
    )
    return copy


@transaction.atomic
def scenario_delete(*, access: OrgAccess, scenario: Scenario) -> None:
    """Delete a scenario with its changes and scorings (the record of an application, if any, stays)."""
    if scenario.organization_id != access.org.pk:
        raise ApplicationError("This scenario belongs to another organisation.", status_code=404)
    if not (access.is_admin or (access.role in EDITOR_ROLES and scenario.created_by_id == access.membership.user_id)):
        raise ApplicationError(NOT_YOURS, status_code=403)
    scenario.delete()


# --- changes ---------------------------------------------------------------------------------------------


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


def _build_change(access: OrgAccess, scenario: Scenario, kind: str, data: dict) -> tuple[ScenarioChange, list]:
    """Validate one change of `kind` and return it unsaved with the people of a split."""
    c = ScenarioChange(scenario=scenario, kind=kind)
    people: list[Person] = []
    month = _first_of_month(data.get("month"))
    when = f" in {_month_label(month)}" if month else ""
    existing = list(scenario.changes.all()) if scenario.pk else []
    if kind == ChangeKind.LEAVE:
        c.person = _in_org(access, data.get("person"), "person", "the person who leaves")
        if any(e.kind == kind and e.person_id == c.person.pk for e in existing):
            raise ApplicationError(f"{c.person.name} already leaves in this scenario.", extra={"person": ["Twice."]})
        c.month = month
        c.label = f"{c.person.name} leaves{when or ' now'}"
    elif kind == ChangeKind.JOIN:
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
        c.month = month
        who = c.name or f"A new {c.role.name}"
        fte = f" ({c.fte:g} FTE)" if c.fte is not None and c.fte != 1 else ""
        c.label = f"{who} joins {c.team.name} as {c.role.name}{fte}{when or ' now'}"
    elif kind == ChangeKind.MOVE:
        c.person = _in_org(access, data.get("person"), "person", "the person who moves")
        c.to_team = _in_org(access, data.get("to_team"), "to_team", "the team they move to")
        if c.person.team_id == c.to_team.pk:
            raise ApplicationError(
                f"{c.person.name} is in {c.to_team.name} already.", extra={"to_team": ["Choose another team."]}
            )
        c.label = f"{c.person.name} moves to {c.to_team.name}"
    elif kind == ChangeKind.REASSIGN:
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
    elif kind == ChangeKind.MERGE_TEAMS:
        c.team = _in_org(access, data.get("team"), "team", "the team that is merged")
        c.to_team = _in_org(access, data.get("to_team"), "to_team", "the team it merges into")
        if c.team.pk == c.to_team.pk:
            raise ApplicationError("A team cannot merge into itself.", extra={"to_team": ["Choose another team."]})
        c.label = f"{c.team.name} merges into {c.to_team.name}"
    elif kind == ChangeKind.SPLIT_TEAM:
        c.team = _in_org(access, data.get("team"), "team", "the team that splits")
        c.name = (data.get("name") or "").strip()[:150]
        if not c.name:
            raise ApplicationError("Name the new team.", extra={"name": ["This field is required."]})
        taken = Team.objects.for_org(access.org).filter(name__iexact=c.name).exists() or any(
            e.kind == kind and e.name.lower() == c.name.lower() for e in existing
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
        c.label = (
            f"{c.team.name} splits: {len(people)} {'person goes' if len(people) == 1 else 'people go'} to {c.name}"
        )
    elif kind == ChangeKind.ADD_OPENING:
        c.team = _in_org(access, data.get("team"), "team", "the team of the opening")
        c.role = data.get("role") or None
        if not isinstance(c.role, RoleTemplate):
            raise ApplicationError("Choose the role to hire.", extra={"role": ["This field is required."]})
        c.month = month
        c.label = f"Open a {c.role.name} position in {c.team.name}{when or ' now'}"
    elif kind == ChangeKind.CANCEL_OPENING:
        c.opening = _in_org(access, data.get("opening"), "opening", "the opening to cancel")
        if c.opening.status != OpeningStatus.OPEN:
            raise ApplicationError("Only an open opening can be cancelled.", extra={"opening": ["Not open."]})
        if any(e.kind == kind and e.opening_id == c.opening.pk for e in existing):
            raise ApplicationError("This opening is cancelled in this scenario already.", extra={"opening": ["Twice."]})
        c.label = (
            f"Cancel the {c.opening.role.name} opening in {c.opening.team.name} (open since {c.opening.opened_on})"
        )
    else:
        raise ApplicationError("Choose what kind of change this is.", extra={"kind": [f"'{kind}' is not a change."]})
    c.label = c.label[:300]
    c.position = max((e.position for e in existing), default=0) + 1
    return c, people


def _mark_unscored(scenario: Scenario) -> None:
    """Any edit makes the last comparison out of date: it is kept, but the scenario needs scoring again."""
    Scenario.objects.filter(pk=scenario.pk).update(
        updated_at=timezone.now(), scoring_status=ScenarioScoringStatus.NONE, scoring_error=""
    )
    scenario.refresh_from_db(fields=["updated_at", "scoring_status", "scoring_error"])


@transaction.atomic
def scenario_change_add(*, access: OrgAccess, scenario: Scenario, kind: str, **data) -> ScenarioChange:
    """Add one change to a scenario. `data` holds model objects (person, team, role...) and plain values
    (month as a date or "YYYY-MM", fte, name, email, level, people as a list of Person)."""
    _check_edit(access, scenario)
    change, people = _build_change(access, scenario, kind, data)
    change.save()
    if people:
        change.people.set(people)
    _mark_unscored(scenario)
    return change


@transaction.atomic
def scenario_change_remove(*, access: OrgAccess, scenario: Scenario, change_id) -> None:
    _check_edit(access, scenario)
    try:
        change_id = int(change_id)
    except (TypeError, ValueError):
        raise ApplicationError("Choose a change of this scenario.", extra={"change": ["Not a change."]})
    deleted, _ = ScenarioChange.objects.filter(scenario=scenario, pk=change_id).delete()
    if not deleted:
        raise ApplicationError("This change is not part of the scenario (any more).", status_code=404)
    _mark_unscored(scenario)


# --- scoring ---------------------------------------------------------------------------------------------


@transaction.atomic
def scenario_score_request(*, access: OrgAccess, scenario: Scenario) -> Scenario:
    """Queue the scoring of the scenario (and of today's data to compare with), after this transaction commits."""
    if scenario.organization_id != access.org.pk:
        raise ApplicationError("This scenario belongs to another organisation.", status_code=404)
    if not can_create_scenarios(access):
        raise ApplicationError("Viewers can read comparisons but not start a scoring.", status_code=403)
    from .. import tasks  # noqa: F401 - registers the task, so eager mode runs it in-process

    Scenario.objects.filter(pk=scenario.pk).update(scoring_status=ScenarioScoringStatus.QUEUED, scoring_error="")
    outbox_enqueue(task_name=SCORE_TASK, args=[scenario.pk])
    scenario.refresh_from_db()
    return scenario


def scenario_score(*, scenario_id: int):
    """Score today's data and the scenario's version of it; store both runs on the scenario.

    Both use the organisation's latest submitted organisation-wide assessment, so they differ only by
    the scenario's changes. Returns the scenario's `ScoringRun`. Raises ApplicationError (the scenario
    is marked failed with the message); transient errors propagate so the task can retry.
    """
    from scoring.loader import load_inputs
    from scoring.services import TRANSIENT_ERRORS, latest_submitted_assessment, org_score

    from ..engine.scenarios import apply_changes
    from ..selectors import scenario_specs

    scenario = Scenario.objects.select_related("organization").filter(pk=scenario_id).first()
    if scenario is None:
        raise ApplicationError("This scenario does not exist any more.")
    org = scenario.organization
    try:
        assessment = latest_submitted_assessment(org=org)
        baseline = org_score(org=org, assessment=assessment)
        loaded = load_inputs(org=org, assessment=assessment)
        outcome = apply_changes(loaded.inputs, scenario_specs(scenario=scenario))
        run = org_score(org=org, assessment=assessment, scenario_inputs=outcome.inputs, scenario=scenario)
    except TRANSIENT_ERRORS:
        raise
    except ApplicationError as exc:
        scenario_score_mark_failed(scenario_id=scenario.pk, message=exc.message)
        raise
    except Exception as exc:
        logger.exception("Scoring scenario %s failed", scenario.pk)
        message = (
            f"Scoring the scenario failed because of an unexpected error ({type(exc).__name__}). "
            "The scenario and the real data are unchanged; try again, and tell an administrator if it happens again."
        )
        scenario_score_mark_failed(scenario_id=scenario.pk, message=message)
        raise ApplicationError(message) from exc
    Scenario.objects.filter(pk=scenario.pk).update(
        scored_run=run, baseline_run=baseline, scoring_status=ScenarioScoringStatus.DONE, scoring_error=""
    )
    return run


def scenario_score_mark_failed(*, scenario_id: int, message: str) -> None:
    Scenario.objects.filter(pk=scenario_id).update(scoring_status=ScenarioScoringStatus.FAILED, scoring_error=message)
