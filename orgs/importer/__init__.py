"""Import an organisation's data from a workbook (.xlsx), a zip of CSV files or one CSV file.

read (reader) -> typed rows (parse) -> references, cycles and the diff (plan) -> bulk writes (apply).
All or nothing: the writes happen in one transaction and only when no row has an error.
"""

import logging

from django.db import IntegrityError, transaction

from ..models import Organization
from .apply import apply_plan
from .parse import Catalog, parse_workbook
from .plan import build_plan
from .reader import read_upload
from .report import ImportIssue, ImportReport, SheetCounts
from .snapshot import Snapshot
from .spec import REQUIRED_SHEETS

logger = logging.getLogger(__name__)

__all__ = ["ImportIssue", "ImportReport", "SheetCounts", "run_import"]


def run_import(*, org: Organization, data: bytes, filename: str, dry_run: bool) -> ImportReport:
    """Check `data` against `org`'s current data and, unless `dry_run` or anything is wrong, write it.

    `org` may be unsaved (an organisation about to be created): it then has no data yet.
    Returns the report; it never raises for a bad file.
    """
    report = ImportReport(filename=filename, dry_run=dry_run)
    workbook = read_upload(data, filename, report)
    if workbook is None:
        return report
    if workbook.kind != "csv":
        for name in REQUIRED_SHEETS:
            if name not in workbook.sheets and not any(e.sheet == name for e in report.errors):
                report.error(f"The file has no '{name}' sheet, and it is required.", sheet=name)
    parsed = parse_workbook(workbook, Catalog(), report)
    if dry_run:
        build_plan(parsed, Snapshot.load(org), report)
        return report
    try:
        with transaction.atomic():
            if org.pk is not None:
                # One import at a time per organisation: the plan must still hold when it is written.
                Organization.objects.select_for_update().filter(pk=org.pk).values_list("pk").first()
            snap = Snapshot.load(org)
            plan = build_plan(parsed, snap, report)
            if report.ok:
                apply_plan(org, plan, snap)
                report.applied = True
    except IntegrityError:
        logger.warning("import into %s hit a constraint; rolled back", org.slug, exc_info=True)
        report.applied = False
        report.error("The organisation's data changed while the import ran, so nothing was written. Try again.")
    return report
