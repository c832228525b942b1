from django.core.management.base import BaseCommand

from roles.services import catalog_seed


class Command(BaseCommand):
    help = "Load the default role templates, responsibilities, skills and archetypes (never overwrites edits)."

    def handle(self, *args, **options):
        report = catalog_seed()
        self.stdout.write(self.style.SUCCESS(f"Catalog ready: {report}."))
