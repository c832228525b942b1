"""Writes to an organisation's data. Keyword-only, one transaction each; domain failures raise ApplicationError.

Edits that belong to a team take the editor's `OrgAccess` and check `access.can_edit_team(...)`
themselves, so every caller (pages, API, commands) obeys the same rule.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from roles.models import Responsibility, RoleTemplate, Skill
from teamplanner.exceptions import ApplicationError, ConflictError

from .choices import AssignmentLevel, ImportRunStatus
from .exporter import export_workbook
from .importer import ImportReport, run_import
from .models import Assignment, ImportRun, MLSystem, Opening, Organization, Person, PersonSkill, Team
from .tenancy import OrgAccess

NOT_ALLOWED = "You can only change the teams you lead."


# --- import and export ------------------------------------------------------------------------------


def _read_upload(uploaded_file_or_bytes: bytes | IO[bytes]) -> bytes:
    """The upload's bytes, reading at most one byte past the limit (the importer then reports it too large)."""
    if isinstance(uploaded_file_or_bytes, bytes | bytearray | memoryview):
        return bytes(uploaded_file_or_bytes)
    limit = settings.IMPORT_MAX_BYTES + 1
    if hasattr(uploaded_file_or_bytes, "seek"):
        uploaded_file_or_bytes.seek(0)
    return uploaded_file_or_bytes.read(limit)


def org_import(
    *, org: Organization, uploaded_file_or_bytes: bytes | IO[bytes], filename: str, dry_run: bool, user=None
) -> ImportReport:
    """Import a workbook into `org`: all or nothing; with `dry_run`, only check and count.

    Returns the report (`report.to_dict()` is JSON): created/updated/unchanged per sheet and every
    error as sheet, row, column and message. A bad file never raises.
    """
    return run_import(
        org=org, data=_read_upload(uploaded_file_or_bytes), filename=filename or "upload", dry_run=dry_run
    )


def org_import_by_slug(*, slug: str, uploaded_file_or_bytes: bytes | IO[bytes], filename: str, dry_run: bool):
    """Like `org_import` for the organisation `slug`, created (name = slug in title case) if it does not exist.

    A new organisation is only kept when the import succeeds. Returns (report, organisation or None).
    """
    data = _read_upload(uploaded_file_or_bytes)
    with transaction.atomic():
        org = Organization.objects.filter(slug=slug).first()
        created = org is None
        if created:
            org = Organization(slug=slug, name=slug.replace("-", " ").replace("_", " ").title())
            if not dry_run:
                org.save()
        report = run_import(org=org, data=data, filename=filename, dry_run=dry_run)
        if created and (dry_run or not report.ok):
            transaction.set_rollback(True)
            org = None
    return report, org


def org_export(*, org: Organization) -> bytes:
    """The organisation's data as an .xlsx workbook in the import format."""
    return export_workbook(org)


def import_run_create(
    *, org: Organization, user, uploaded_file_or_bytes: bytes | IO[bytes], filename: str
) -> ImportRun:
    """Check an upload (a dry run) and keep it with its report until someone confirms it.

    The file itself is kept only when it has no errors, since only then can it be applied.
    """
    data = _read_upload(uploaded_file_or_bytes)
    report = run_import(org=org, data=data, filename=filename, dry_run=True)
    return ImportRun.objects.create(
        organization=org,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        filename=(filename or "upload")[:255],
        content=data if report.ok else b"",
        status=ImportRunStatus.CHECKED if report.ok else ImportRunStatus.REJECTED,
        report=report.to_dict(),
    )


def import_run_apply(*, run: ImportRun, user=None) -> ImportRun:
    """Write a checked upload. It is checked again against the data as it is now, so it is still all or nothing.

    Raises ConflictError when the run was applied already or was rejected.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("organization").get(pk=run.pk)
        if run.status == ImportRunStatus.APPLIED:
            raise ConflictError("This import has already been applied.")
        if run.status == ImportRunStatus.CHECKING:
            raise ConflictError("This file is still being checked. Try again in a moment.")
        if run.status not in (ImportRunStatus.CHECKED, ImportRunStatus.APPLYING):
            raise ConflictError("This file has errors, so it cannot be imported. Fix them and upload it again.")
        report = run_import(org=run.organization, data=bytes(run.content), filename=run.filename, dry_run=False)
        run.report = report.to_dict()  # (without an earlier attempt's error)
        if report.applied:
            run.status = ImportRunStatus.APPLIED
            run.applied_at = timezone.now()
            run.content = b""  # the report says what was written; the upload is not needed any more
        else:
            run.status = ImportRunStatus.REJECTED
        run.save(update_fields=["report", "status", "applied_at", "content"])
    return run


# The browser's path: the upload is kept and checked, then written, by a worker, while the page waits.
CHECK_TASK = "orgs.tasks.import_run_check_task"
APPLY_TASK = "orgs.tasks.import_run_apply_task"


def import_run_upload(
    *, org: Organization, user, uploaded_file_or_bytes: bytes | IO[bytes], filename: str
) -> ImportRun:
    """Keep an upload and queue its check (a dry run) for a worker; the run is `checking` until then."""
    from outbox.services import outbox_enqueue

    data = _read_upload(uploaded_file_or_bytes)
    with transaction.atomic():
        run = ImportRun.objects.create(
            organization=org,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            filename=(filename or "upload")[:255],
            content=data,
            status=ImportRunStatus.CHECKING,
            report={},
        )
        outbox_enqueue(task_name=CHECK_TASK, args=[run.pk])
    return run


def import_run_check(*, run_id: int) -> ImportRun | None:
    """Check a queued upload against the organisation's current data (the worker's half of `import_run_upload`).

    Runs once: a run that is no longer `checking` (checked already, or deleted) is left as it is.
    """
    with transaction.atomic():
        run = (
            ImportRun.objects.select_for_update()
            .select_related("organization")
            .filter(pk=run_id, status=ImportRunStatus.CHECKING)
            .first()
        )
        if run is None:
            return None
        data = bytes(run.content)
        report = run_import(org=run.organization, data=data, filename=run.filename, dry_run=True)
        run.report = report.to_dict()
        run.status = ImportRunStatus.CHECKED if report.ok else ImportRunStatus.REJECTED
        run.content = data if report.ok else b""
        run.save(update_fields=["report", "status", "content"])
    return run


def import_run_confirm(*, run: ImportRun, user=None) -> ImportRun:
    """An admin confirms a checked upload: it is queued to be written (`applying`) by a worker.

    Raises ConflictError when it was applied already or has errors; confirming twice queues it once.
    """
    from outbox.services import outbox_enqueue

    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ImportRunStatus.APPLIED:
            raise ConflictError("This import has already been applied.")
        if run.status == ImportRunStatus.APPLYING:
            return run
        if run.status == ImportRunStatus.CHECKING:
            raise ConflictError("This file is still being checked. Try again in a moment.")
        if run.status != ImportRunStatus.CHECKED:
            raise ConflictError("This file has errors, so it cannot be imported. Fix them and upload it again.")
        run.status = ImportRunStatus.APPLYING
        run.save(update_fields=["status"])
        outbox_enqueue(task_name=APPLY_TASK, args=[run.pk])
    return run


def import_run_apply_queued(*, run_id: int) -> ImportRun | None:
    """Write a confirmed upload (the worker's half of `import_run_confirm`); once only."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRunStatus.APPLYING).first()
    if run is None:
        return None
    try:
        return import_run_apply(run=run)
    except ConflictError:  # applied meanwhile by another delivery of the same message
        return ImportRun.objects.filter(pk=run_id).first()


def import_run_fail(*, run_id: int, message: str) -> None:
    """A check or an import that crashed, so nobody waits forever.

    A check that crashed ends rejected with the message. An import that crashed wrote nothing (it is one
    transaction): the upload goes back to checked, kept, with the message, so it can be confirmed again.
    """
    report = ImportReport(filename="", dry_run=True)
    report.error(message)
    ImportRun.objects.filter(pk=run_id, status=ImportRunStatus.CHECKING).update(
        status=ImportRunStatus.REJECTED, report=report.to_dict(), content=b""
    )
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id, status=ImportRunStatus.APPLYING).first()
        if run is not None:
            run.status = ImportRunStatus.CHECKED
            run.report = {**run.report, "last_error": message}
            run.save(update_fields=["status", "report"])


def import_runs_expire(*, older_than: datetime.timedelta) -> int:
    """Forget uploads nobody confirmed (checked or rejected) after `older_than`; applied imports stay as history.

    Returns how many were deleted. The uploaded files hold people's data, so they are not kept forever.
    """
    cutoff = timezone.now() - older_than
    stale = ImportRun.objects.filter(created_at__lt=cutoff).exclude(status=ImportRunStatus.APPLIED)
    deleted, _ = stale.delete()
    return deleted


# --- the responsibility matrix ----------------------------------------------------------------------


def _check_team(access: OrgAccess, team: Team | int | None):
    if not access.can_edit_team(team):
        raise ApplicationError(NOT_ALLOWED, status_code=403)


def _same_org(access: OrgAccess, *objects):
    for obj in objects:
        if obj is not None and obj.organization_id != access.org.pk:
            raise Http404("Not found.")


def assignment_set(
    *, access: OrgAccess, person: Person, responsibility: Responsibility, level: str | None
) -> Assignment | None:
    """Set one cell of the matrix: `level` owner/contributor/backup, or None/"" to remove the assignment."""
    _same_org(access, person)
    _check_team(access, person.team_id)
    if level and level not in AssignmentLevel.values:
        raise ApplicationError(
            "Choose owner, contributor, backup or none.", extra={"level": [f"'{level}' is not a level."]}
        )
    with transaction.atomic():
        if not level:
            Assignment.objects.filter(person=person, responsibility=responsibility).delete()
            return None
        assignment, _ = Assignment.objects.update_or_create(
            person=person, responsibility=responsibility, defaults={"level": level}
        )
    return assignment


# --- people and ML systems --------------------------------------------------------------------------

PERSON_FIELDS = ("name", "email", "team", "role", "manager", "fte", "start_date", "location")


def _validated_save(obj):
    try:
        obj.full_clean(validate_unique=True)
    except ValidationError as exc:
        raise ApplicationError("Please correct the errors below.", extra=exc.message_dict)
    try:
        obj.save()
    except IntegrityError:
        raise ConflictError("Someone else saved a conflicting change at the same time. Please try again.")


def _check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ApplicationError(f"Unknown field(s): {', '.join(sorted(unknown))}.")


def _update_team_member(access: OrgAccess, obj, fields: dict, allowed: tuple[str, ...], *related) -> None:
    """Set `fields` on a person, ML system or opening and save it; moving it needs both teams editable."""
    _check_fields(fields, allowed)
    _same_org(access, obj, fields.get("team"), *related)
    _check_team(access, obj.team_id)
    if "team" in fields:
        _check_team(access, fields["team"])
    for name, value in fields.items():
        setattr(obj, name, value)
    _validated_save(obj)


def _set_skills(person: Person, skills: dict[Skill, int | None]):
    existing = {ps.skill_id: ps for ps in PersonSkill.objects.filter(person=person)}
    for skill, level in skills.items():
        current = existing.get(skill.pk)
        if level is None:
            if current:
                current.delete()
        elif current is None:
            PersonSkill.objects.create(person=person, skill=skill, level=level)
        elif current.level != level:
            current.level = level
            current.save(update_fields=["level"])


@transaction.atomic
def person_create(
    *,
    access: OrgAccess,
    name: str,
    email: str,
    team: Team,
    role: RoleTemplate,
    manager: Person | None = None,
    fte: Decimal = Decimal("1"),
    start_date=None,
    location: str = "",
    skills: dict[Skill, int | None] | None = None,
) -> Person:
    """Add a person to a team the editor may edit."""
    _same_org(access, team, manager)
    _check_team(access, team)
    person = Person(
        organization=access.org,
        name=name,
        email=email,
        team=team,
        role=role,
        manager=manager,
        fte=fte,
        start_date=start_date,
        location=location,
    )
    _validated_save(person)
    _set_skills(person, skills or {})
    return person


@transaction.atomic
def person_update(
    *, access: OrgAccess, person: Person, skills: dict[Skill, int | None] | None = None, **fields
) -> Person:
    """Change a person's fields (any of PERSON_FIELDS) and skill levels; moving them needs both teams editable."""
    _update_team_member(access, person, fields, PERSON_FIELDS, fields.get("manager"))
    _set_skills(person, skills or {})
    return person


@transaction.atomic
def person_delete(*, access: OrgAccess, person: Person) -> None:
    _same_org(access, person)
    _check_team(access, person.team_id)
    person.delete()


SYSTEM_FIELDS = ("name", "team", "stage", "domain", "description")


def _set_system_people(system: MLSystem, owners: Iterable[Person] | None, deployers: Iterable[Person] | None):
    for relation, people in (("owners", owners), ("deployers", deployers)):
        if people is None:
            continue
        people = list(people)
        for p in people:
            if p.organization_id != system.organization_id:
                raise ApplicationError("Owners and deployers must be people of this organisation.")
        getattr(system, relation).set(people)


@transaction.atomic
def system_create(
    *,
    access: OrgAccess,
    name: str,
    team: Team,
    stage: str,
    domain: str = "",
    description: str = "",
    owners: Iterable[Person] = (),
    deployers: Iterable[Person] = (),
) -> MLSystem:
    """Add an ML system to a team the editor may edit."""
    _same_org(access, team)
    _check_team(access, team)
    system = MLSystem(
        organization=access.org, name=name, team=team, stage=stage, domain=domain, description=description
    )
    _validated_save(system)
    _set_system_people(system, owners, deployers)
    return system


@transaction.atomic
def system_update(
    *,
    access: OrgAccess,
    system: MLSystem,
    owners: Iterable[Person] | None = None,
    deployers: Iterable[Person] | None = None,
    **fields,
) -> MLSystem:
    """Change an ML system (any of SYSTEM_FIELDS, owners, deployers); moving it needs both teams editable."""
    _update_team_member(access, system, fields, SYSTEM_FIELDS)
    _set_system_people(system, owners, deployers)
    return system


@transaction.atomic
def system_delete(*, access: OrgAccess, system: MLSystem) -> None:
    _same_org(access, system)
    _check_team(access, system.team_id)
    system.delete()


# --- teams and openings -----------------------------------------------------------------------------

TEAM_FIELDS = ("name", "parent", "kind", "pillar", "lead", "description")


def _check_parent(access: OrgAccess, parent: Team | None):
    if parent is None and not access.is_admin:
        raise ApplicationError(
            "Choose the team the new team belongs to.", extra={"parent": ["Leads add teams below the teams they lead."]}
        )
    if parent is not None:
        _check_team(access, parent)


@transaction.atomic
def team_create(
    *,
    access: OrgAccess,
    name: str,
    parent: Team | None = None,
    kind: str = "other",
    pillar: str = "mixed",
    lead: Person | None = None,
    description: str = "",
) -> Team:
    """Add a team: admins anywhere, leads below a team they lead."""
    _same_org(access, parent, lead)
    _check_parent(access, parent)
    team = Team(
        organization=access.org,
        name=name,
        parent=parent,
        kind=kind,
        pillar=pillar,
        lead=lead,
        description=description,
    )
    _validated_save(team)
    return team


@transaction.atomic
def team_update(*, access: OrgAccess, team: Team, **fields) -> Team:
    """Change a team (any of TEAM_FIELDS); a new parent must be editable, and leads cannot move their own team."""
    _check_fields(fields, TEAM_FIELDS)
    _same_org(access, team, fields.get("parent"), fields.get("lead"))
    _check_team(access, team)
    if "parent" in fields and fields["parent"] != team.parent:
        if not access.can_move_team(team):
            raise ApplicationError(
                "Only an organisation admin can move the team you lead.",
                extra={"parent": ["Only an organisation admin can move the team you lead."]},
            )
        _check_parent(access, fields["parent"])
    for name, value in fields.items():
        setattr(team, name, value)
    _validated_save(team)
    return team


@transaction.atomic
def team_delete(*, access: OrgAccess, team: Team) -> None:
    """Remove an empty team (its openings go with it). People, ML systems and sub-teams must be moved first."""
    _same_org(access, team)
    _check_team(access, team)
    if not access.can_move_team(team):
        raise ApplicationError("Only an organisation admin can remove the team you lead.", status_code=403)
    team = Team.objects.select_for_update().get(pk=team.pk)
    left = {
        "people": team.members.count(),
        "ML systems": team.systems.count(),
        "sub-teams": team.children.count(),
    }
    still = [f"{count} {what}" for what, count in left.items() if count]
    if still:
        raise ApplicationError(
            f"{team.name} still has {', '.join(still)}. Move them to another team first, then remove it."
        )
    team.delete()


OPENING_FIELDS = ("team", "role", "opened_on", "status", "filled_on")


@transaction.atomic
def opening_create(
    *,
    access: OrgAccess,
    team: Team,
    role: RoleTemplate,
    opened_on: datetime.date,
    status: str = "open",
    filled_on: datetime.date | None = None,
) -> Opening:
    """Add an open role to a team the editor may edit."""
    _same_org(access, team)
    _check_team(access, team)
    opening = Opening(
        organization=access.org, team=team, role=role, opened_on=opened_on, status=status, filled_on=filled_on
    )
    _validated_save(opening)
    return opening


@transaction.atomic
def opening_update(*, access: OrgAccess, opening: Opening, **fields) -> Opening:
    """Change an opening (any of OPENING_FIELDS): fill it, cancel it, move it; both teams must be editable."""
    _update_team_member(access, opening, fields, OPENING_FIELDS)
    return opening


@transaction.atomic
def opening_delete(*, access: OrgAccess, opening: Opening) -> None:
    _same_org(access, opening)
    _check_team(access, opening.team_id)
    opening.delete()
