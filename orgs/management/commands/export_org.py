from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organization
from orgs.services import org_export


class Command(BaseCommand):
    help = "Export an organisation's data as an .xlsx workbook in the import format (import_org reads it back)."

    def add_arguments(self, parser):
        parser.add_argument("org", help="The organisation's slug.")
        parser.add_argument("file", help="Where to write the .xlsx workbook.")

    def handle(self, *args, org, file, **options):
        organisation = Organization.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug '{org}'.")
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        data = org_export(org=organisation)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Could not write {file}: {exc.strerror}")
        self.stdout.write(self.style.SUCCESS(f"Wrote {organisation.name} to {file} ({len(data):,} bytes)."))
