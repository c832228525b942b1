from django.core.management.base import BaseCommand

from assessments.models import Question
from assessments.services import questionnaire_default_seed


class Command(BaseCommand):
    help = "Create and publish the default questionnaire if it does not exist yet (never changes an existing one)."

    def handle(self, *args, **options):
        template = questionnaire_default_seed()
        count = Question.objects.filter(section__template=template).count()
        self.stdout.write(
            self.style.SUCCESS(f"Questionnaire ready: {template} ({template.get_status_display()}, {count} questions).")
        )
