"""Apply a scenario to the real data: admins only, all or nothing, recorded.

Each change is carried out with the same rules as an edit made by hand (the org services validate
people, assignments and systems); the scenario then becomes read-only and a `ScenarioApplication`
keeps what every change did. Any failure rolls the whole application back.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import Assessment
from orgs import services as org_services
from orgs.choices import OpeningStatus
from orgs.models import MLSystem, Opening, Organization, Person, Team
from orgs.tenancy import OrgAccess
from outbox.services import outbox_enqueue
from teamplanner.exceptions import ApplicationError, ConflictError, ForbiddenError

from ..choices import ChangeKind
from ..engine.scenarios import in_time_order
from ..models import HeadcountTarget, MaturityTarget, Scenario, ScenarioApplication, ScenarioChange

ONLY_ADMINS_APPLY = "Only an admin of the organisation can apply a scenario to the real data."
RESCORE_TASK = "scoring.tasks.org_score_task"
GONE_PERSON = "the person is no longer in the organisation"
GONE_TEAM = "the team no longer exists"


class _Failed(ApplicationError):
    pass


def stale_reason(change: ScenarioChange) -> str | None:
    """Why a change can no longer be applied as written (what it refers to is gone), or None."""
    k = change.kind
    if k in (ChangeKind.LEAVE, ChangeKind.MOVE) and change.person_id is None:
        return GONE_PERSON
    if k == ChangeKind.MOVE and change.to_team_id is None:
        return "the team they move to no longer exists"
    if k in (ChangeKind.JOIN, ChangeKind.ADD_OPENING, ChangeKind.SPLIT_TEAM) and change.team_id is None:
        return GONE_TEAM
    if k in (ChangeKind.JOIN, ChangeKind.ADD_OPENING) and change.role_id is None:
        return "the role was removed from the catalog"
    if k == ChangeKind.REASSIGN and change.responsibility_id is None:
        return "the responsibility was removed from the catalog"
    if k == ChangeKind.REASSIGN and change.to_person_id is None:
        return "the person who takes it on is no longer in the organisation"
    if k == ChangeKind.MERGE_TEAMS and (change.team_id is None or change.to_team_id is None):
        return "one of the teams no longer exists"
    if k == ChangeKind.CANCEL_OPENING:
        if change.opening_id is None:
            return "the opening no longer exists"
        if change.opening.status != OpeningStatus.OPEN:
            return f"the opening is {change.opening.get_status_display().lower()} already"
    return None


def _person(org, pk) -> Person:
    person = Person.objects.filter(organization=org, pk=pk).select_related("team", "role").first()
    if person is None:
        raise _Failed(f"{GONE_PERSON} (an earlier change of the scenario removed them)")
    return person


def _team(org, pk) -> Team:
    team = Team.objects.filter(organization=org, pk=pk).select_related("lead", "parent").first()
    if team is None:
        raise _Failed(f"{GONE_TEAM} (an earlier change of the scenario merged it away)")
    return team


def _leave(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    person = _person(access.org, c.person_id)
    desc = f"removed {person.name} ({person.role.name}, {person.team.name}) with their assignments and system links"
    org_services.person_delete(access=access, person=person)
    return desc


def _placeholder_email(scenario: Scenario, c: ScenarioChange, name: str) -> str:
    return f"{slugify(name)[:40] or 'new-hire'}.{scenario.pk}-{c.pk}@planned-hire.invalid"


def _join(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    team = _team(access.org, c.team_id)
    name = c.name or f"New {c.role.name}"
    email = c.email or _placeholder_email(scenario, c, name)
    person = org_services.person_create(
        access=access,
        name=name,
        email=email,
        team=team,
        role=c.role,
        manager=team.lead,
        fte=c.fte or 1,
        start_date=c.month,
    )
    note = "" if c.email else f" (placeholder email {email}: change it on the person's record)"
    return f"added {person.name} to {team.name} as {c.role.name}{note}"


def _move(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    person = _person(access.org, c.person_id)
    target = _team(access.org, c.to_team_id)
    old = person.team
    org_services.person_update(access=access, person=person, team=target)
    extra = ""
    if old.lead_id == person.pk:
        Team.objects.filter(pk=old.pk).update(lead=None)
        extra = f"; {old.name} has no lead now"
    return f"moved {person.name} from {old.name} to {target.name}{extra}"


def _reassign(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    to_person = _person(access.org, c.to_person_id)
    parts = []
    if c.person_id:
        from_person = _person(access.org, c.person_id)
        org_services.assignment_set(access=access, person=from_person, responsibility=c.responsibility, level=None)
        parts.append(f"removed {c.responsibility.name} from {from_person.name}")
    org_services.assignment_set(access=access, person=to_person, responsibility=c.responsibility, level=c.level)
    parts.append(f"made {to_person.name} {c.level} of {c.responsibility.name}")
    return "; ".join(parts)


def _merge(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    org = access.org
    src, dst = _team(org, c.team_id), _team(org, c.to_team_id)
    if src.pk == dst.pk:
        raise _Failed("a team cannot merge into itself")
    assessments = Assessment.objects.filter(team=src).count()
    if assessments:
        raise _Failed(
            f"{src.name} has {assessments} assessment{'s' if assessments != 1 else ''}, which would be deleted "
            "with the team; merge the teams by hand or keep the assessments' team"
        )
    people = Person.objects.filter(team=src).update(team=dst)
    systems = MLSystem.objects.filter(team=src).update(team=dst)
    openings = Opening.objects.filter(team=src).update(team=dst)
    Team.objects.filter(parent=src).update(parent=src.parent_id)
    dst.refresh_from_db()
    if dst.lead_id is None and src.lead_id:
        dst.lead_id = src.lead_id
        dst.save(update_fields=["lead"])
    for membership in src.lead_memberships.all():
        membership.teams.add(dst)
    for target in HeadcountTarget.objects.filter(team=src):
        mine = HeadcountTarget.objects.filter(team=dst, role=target.role).first()
        if mine:
            mine.headcount += target.headcount
            mine.save(update_fields=["headcount", "updated_at"])
            target.delete()
        else:
            HeadcountTarget.objects.filter(pk=target.pk).update(team=dst)
    for target in MaturityTarget.objects.filter(team=src):
        if not MaturityTarget.objects.filter(team=dst, dimension=target.dimension).exists():
            MaturityTarget.objects.filter(pk=target.pk).update(team=dst)
    name = src.name
    src.delete()
    return f"moved {people} people, {systems} systems and {openings} openings from {name} to {dst.name}; removed {name}"


def _split(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    org = access.org
    src = _team(org, c.team_id)
    new = Team(organization=org, name=c.name, parent_id=src.parent_id, kind=src.kind, pillar=src.pillar)
    try:
        new.full_clean()
        with transaction.atomic():
            new.save()
    except (ValidationError, IntegrityError):
        raise _Failed(f'a team called "{c.name}" exists already')
    moving = list(c.people.filter(organization=org, team=src).values_list("pk", flat=True))
    Person.objects.filter(pk__in=moving).update(team=new)
    extra = ""
    if src.lead_id in moving:
        Team.objects.filter(pk=new.pk).update(lead=src.lead_id)
        Team.objects.filter(pk=src.pk).update(lead=None)
        extra = f"; {src.lead.name} leads {new.name}"
    skipped = c.people.count() - len(moving)
    note = f" ({skipped} who had left {src.name} stayed where they are)" if skipped else ""
    return f"created {new.name} and moved {len(moving)} people from {src.name}{extra}{note}"


def _add_opening(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    team = _team(access.org, c.team_id)
    opened_on = c.month or timezone.localdate()
    opening = Opening(organization=access.org, role=c.role, team=team, opened_on=opened_on, status=OpeningStatus.OPEN)
    opening.full_clean()
    opening.save()
    return f"opened a {c.role.name} position in {team.name} on {opened_on}"


def _cancel_opening(access: OrgAccess, scenario: Scenario, c: ScenarioChange) -> str:
    opening = Opening.objects.filter(organization=access.org, pk=c.opening_id).select_related("role", "team").first()
    if opening is None or opening.status != OpeningStatus.OPEN:
        raise _Failed("the opening is no longer open")
    opening.status = OpeningStatus.CANCELLED
    opening.save(update_fields=["status", "updated_at"])
    return f"cancelled the {opening.role.name} opening in {opening.team.name}"


HANDLERS = {
    ChangeKind.LEAVE: _leave,
    ChangeKind.JOIN: _join,
    ChangeKind.MOVE: _move,
    ChangeKind.REASSIGN: _reassign,
    ChangeKind.MERGE_TEAMS: _merge,
    ChangeKind.SPLIT_TEAM: _split,
    ChangeKind.ADD_OPENING: _add_opening,
    ChangeKind.CANCEL_OPENING: _cancel_opening,
}


def scenario_apply(*, access: OrgAccess, scenario: Scenario) -> ScenarioApplication:
    """Carry out every change of `scenario` on the real data, in time order as it was scored, in one transaction.

    Admins only. Raises ApplicationError (nothing is written) when a change refers to data that is
    gone or breaks a rule; ConflictError when the scenario was applied already. On success the
    scenario is marked applied, the record is returned and the organisation is re-scored.
    """
    if scenario.organization_id != access.org.pk:
        raise ApplicationError("This scenario belongs to another organisation.", status_code=404)
    if not access.is_admin:
        raise ForbiddenError(ONLY_ADMINS_APPLY)
    with transaction.atomic():
        locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if locked.applied_at is not None:
            raise ConflictError("This scenario has been applied already.")
        changes = in_time_order(
            locked.changes.select_related("role", "responsibility", "opening__role", "opening__team").order_by(
                "position", "pk"
            ),
            timezone.localdate(),
        )
        if not changes:
            raise ApplicationError("This scenario has no changes to apply.")
        stale = [f"{c.label}: {reason}" for c in changes if (reason := stale_reason(c))]
        if stale:
            raise ApplicationError(
                "Nothing was applied: some changes refer to data that has changed since. "
                "Remove or redo them, then apply again.",
                extra={"changes": stale},
            )
        log = []
        for c in changes:
            try:
                result = HANDLERS[c.kind](access, locked, c)
            except ApplicationError as exc:
                raise ApplicationError(
                    f"Nothing was applied: “{c.label}” could not be carried out: {exc.message.rstrip('.')}.",
                    extra={"changes": [c.label], **exc.extra},
                ) from exc
            except ValidationError as exc:
                raise ApplicationError(
                    f"Nothing was applied: “{c.label}” could not be carried out: {' '.join(exc.messages)}",
                    extra={"changes": [c.label]},
                ) from exc
            log.append({"change": c.label, "result": result})
        now = timezone.now()
        locked.applied_at, locked.applied_by_id = now, access.membership.user_id
        locked.save(update_fields=["applied_at", "applied_by"])
        application = ScenarioApplication.objects.create(
            organization=access.org,
            scenario=locked,
            scenario_name=locked.name,
            applied_by_id=access.membership.user_id,
            log=log,
        )
        # Bulk moves do not send the signals that note a change of the org's data; note it here.
        Organization.objects.filter(pk=access.org.pk).update(data_changed_at=now)
        import scoring.tasks  # noqa: F401 - registers the task, so eager mode runs it in-process

        outbox_enqueue(task_name=RESCORE_TASK, args=[access.org.pk])
    scenario.refresh_from_db()
    return application
