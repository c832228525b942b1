"""Scenarios and their changes: create, edit, copy, delete, and score them. The real data is never written here."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from orgs.choices import MembershipRole
from orgs.tenancy import OrgAccess
from outbox.services import outbox_enqueue
from teamplanner.exceptions import ApplicationError, ConflictError, ForbiddenError

from ..choices import ScenarioScoringStatus
from ..models import Scenario, ScenarioChange
from .changes import build_change

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
        raise ForbiddenError("Viewers can read scenarios but not create or change them.")


def _check_edit(access: OrgAccess, scenario: Scenario) -> None:
    if scenario.organization_id != access.org.pk:
        raise ApplicationError("This scenario belongs to another organisation.", status_code=404)
    if scenario.applied_at is not None:
        raise ConflictError(
            "This scenario has been applied to the real data and can no longer change; copy it to plan further."
        )
    if not can_edit_scenario(access, scenario):
        raise ForbiddenError(NOT_YOURS)


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
        raise ForbiddenError(NOT_YOURS)
    scenario.delete()


# --- changes ---------------------------------------------------------------------------------------------


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
    change, people = build_change(access, scenario, kind, data)
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
        raise ForbiddenError("Viewers can read comparisons but not start a scoring.")
    from .. import tasks  # noqa: F401 - registers the task, so eager mode runs it in-process

    Scenario.objects.filter(pk=scenario.pk).update(scoring_status=ScenarioScoringStatus.QUEUED, scoring_error="")
    outbox_enqueue(task_name=SCORE_TASK, args=[scenario.pk])
    scenario.refresh_from_db()
    return scenario


def scenario_score(*, scenario_id: int):
    """Score today's data and the scenario's version of it; store both runs and the timeline on the scenario.

    Both use the organisation's latest submitted organisation-wide assessment, so they differ only by
    the scenario's changes. The scenario's run scores the end of its timeline (every change made); the
    timeline (key figures today, at each dated step and at the end) is stored with it. Returns the
    scenario's `ScoringRun`. Raises ApplicationError (the scenario is marked failed with the message);
    transient errors propagate so the task can retry.
    """
    from scoring.selectors import load_inputs
    from scoring.services import latest_submitted_assessment, org_score
    from teamplanner.tasks import TRANSIENT_ERRORS

    from ..engine.timeline import scenario_timeline
    from ..selectors import scenario_specs

    scenario = Scenario.objects.select_related("organization").filter(pk=scenario_id).first()
    if scenario is None:
        raise ApplicationError("This scenario does not exist any more.")
    org = scenario.organization
    try:
        assessment = latest_submitted_assessment(org=org)
        baseline = org_score(org=org, assessment=assessment)
        loaded = load_inputs(org=org, assessment=assessment)
        timeline, outcome = scenario_timeline(loaded.inputs, scenario_specs(scenario=scenario))
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
        scored_run=run,
        baseline_run=baseline,
        timeline={"run": run.pk, **timeline},
        scoring_status=ScenarioScoringStatus.DONE,
        scoring_error="",
    )
    return run


def scenario_score_mark_failed(*, scenario_id: int, message: str) -> None:
    Scenario.objects.filter(pk=scenario_id).update(scoring_status=ScenarioScoringStatus.FAILED, scoring_error=message)
