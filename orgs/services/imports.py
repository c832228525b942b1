"""Import and export of an organisation's data as a workbook: the direct import (commands), and the path of
the browser and the API, where a worker checks an upload and writes it once an admin confirms (or at once after
a clean check, for the API's `dry_run=false`).
"""

import datetime
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from teamplanner.exceptions import ConflictError, ForbiddenError

from ..choices import ImportRunStatus, MembershipRole
from ..exporter import export_workbook
from ..importer import ImportReport, run_import
from ..models import ImportRun, Membership, Organization

ALREADY_APPLIED = "This import has already been applied."
STILL_CHECKING = "This file is still being checked. Try again in a moment."
HAS_ERRORS = "This file has errors, so it cannot be imported. Fix them and upload it again."


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


def _new_run(*, org: Organization, user, filename: str, content: bytes, status: str, report: dict) -> ImportRun:
    return ImportRun.objects.create(
        organization=org,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        filename=(filename or "upload")[:255],
        content=content,
        status=status,
        report=report,
    )


def import_run_create(
    *, org: Organization, user, uploaded_file_or_bytes: bytes | IO[bytes], filename: str
) -> ImportRun:
    """Check an upload (a dry run) and keep it with its report until someone confirms it.

    The file itself is kept only when it has no errors, since only then can it be applied.
    """
    data = _read_upload(uploaded_file_or_bytes)
    report = run_import(org=org, data=data, filename=filename, dry_run=True)
    return _new_run(
        org=org,
        user=user,
        filename=filename,
        content=data if report.ok else b"",
        status=ImportRunStatus.CHECKED if report.ok else ImportRunStatus.REJECTED,
        report=report.to_dict(),
    )


def _check_writable(run: ImportRun, *writable: str) -> None:
    """409 unless the run's status is one of `writable`, saying why it cannot be written."""
    if run.status in writable:
        return
    if run.status == ImportRunStatus.APPLIED:
        raise ConflictError(ALREADY_APPLIED)
    if run.status == ImportRunStatus.CHECKING:
        raise ConflictError(STILL_CHECKING)
    raise ConflictError(HAS_ERRORS)


def import_run_apply(*, run: ImportRun, user=None) -> ImportRun:
    """Write a checked upload. It is checked again against the data as it is now, so it is still all or nothing.

    Raises ConflictError when the run was applied already or was rejected.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("organization").get(pk=run.pk)
        _check_writable(run, ImportRunStatus.CHECKED, ImportRunStatus.APPLYING)
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


ONLY_ADMINS_IMPORT = "Only an admin of this organisation can import its data."


def _require_admin(org_id: int, user) -> None:
    if not Membership.objects.filter(user=user, organization_id=org_id, role=MembershipRole.ADMIN).exists():
        raise ForbiddenError(ONLY_ADMINS_IMPORT)


def import_run_upload(
    *, org: Organization, user, uploaded_file_or_bytes: bytes | IO[bytes], filename: str, apply: bool = False
) -> ImportRun:
    """Keep an upload and queue its check (a dry run) for a worker; the run is `checking` until then.

    With `apply` (the API's `dry_run=false`), a file the check finds without errors is then queued to be
    written as if an admin had confirmed it; one with errors ends rejected, and nothing is written.
    """
    from outbox.services import outbox_enqueue

    _require_admin(org.pk, user)
    data = _read_upload(uploaded_file_or_bytes)
    with transaction.atomic():
        run = _new_run(org=org, user=user, filename=filename, content=data, status=ImportRunStatus.CHECKING, report={})
        outbox_enqueue(task_name=CHECK_TASK, args=[run.pk, True] if apply else [run.pk])
    return run


def import_run_check(*, run_id: int, apply: bool = False) -> ImportRun | None:
    """Check a queued upload against the organisation's current data (the worker's half of `import_run_upload`).

    Runs once: a run that is no longer `checking` (checked already, or deleted) is left as it is. With
    `apply`, a file without errors goes on to `applying` and its write is queued in the same transaction.
    """
    from outbox.services import outbox_enqueue

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
        if report.ok and apply:
            run.status = ImportRunStatus.APPLYING
        run.save(update_fields=["report", "status", "content"])
        if run.status == ImportRunStatus.APPLYING:
            outbox_enqueue(task_name=APPLY_TASK, args=[run.pk])
    return run


def import_run_confirm(*, run: ImportRun, user=None) -> ImportRun:
    """An admin confirms a checked upload: it is queued to be written (`applying`) by a worker.

    Raises ConflictError when it was applied already or has errors; confirming twice queues it once.
    """
    from outbox.services import outbox_enqueue

    if user is not None:  # the import_org command confirms as the operator, without an account
        _require_admin(run.organization_id, user)
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ImportRunStatus.APPLYING:
            return run
        _check_writable(run, ImportRunStatus.CHECKED)
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
