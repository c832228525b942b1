from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from orgs.services import org_import_by_slug


class Command(BaseCommand):
    help = (
        "Import an organisation's teams, people, skills, assignments, ML systems and openings from an .xlsx "
        "workbook, a .zip of CSV files or one CSV file. All or nothing; the organisation is created if needed."
    )

    def add_arguments(self, parser):
        parser.add_argument("org", help="The organisation's slug.")
        parser.add_argument("file", help="The .xlsx, .zip or .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, *args, org, file, dry_run, **options):
        try:
            validate_slug(org)
        except ValidationError:
            raise CommandError(f"'{org}' is not a valid organisation slug (letters, digits, '-' and '_').")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with path.open("rb") as handle:
            data = handle.read(settings.IMPORT_MAX_BYTES + 1)
        report, _ = org_import_by_slug(slug=org, uploaded_file_or_bytes=data, filename=path.name, dry_run=dry_run)

        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for name, counts in report.sheets.items():
            if counts.total:
                line = f"{counts.created:>6} created {counts.updated:>6} updated {counts.unchanged:>6} unchanged"
                self.stdout.write(f"{name:<12} {line}")
        if not report.ok:
            for error in report.sorted_errors():
                self.stderr.write(str(error))
            if report.hidden_error_count:
                self.stderr.write(f"... and {report.hidden_error_count} more errors")
            raise CommandError(f"{report.error_count} error(s) in {path.name}; nothing was written.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"{path.name} is valid (dry run: nothing was written)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name} into '{org}'."))
