from django.core.management.base import BaseCommand

from demo.org import DEMO_SLUG, demo_extras_seed, demo_org_seed, demo_scored_assessments_seed


class Command(BaseCommand):
    help = "Create (or re-create) the demo organisation with people, teams, systems, openings and log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default=DEMO_SLUG)
        parser.add_argument("--if-missing", action="store_true", help="Do nothing when the demo org exists.")
        parser.add_argument("--without-assessments", action="store_true", help="Only the org data, no assessments.")

    def handle(self, *args, slug, if_missing, without_assessments, **options):
        from orgs.models import Organization

        if if_missing and Organization.objects.filter(slug=slug).exists():
            self.stdout.write(f"Demo organisation '{slug}' already exists; left as it is.")
            return
        org, logins = demo_org_seed(slug=slug)
        runs = [] if without_assessments else demo_scored_assessments_seed(org=org)
        if runs:
            demo_extras_seed(org=org)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation '{org.name}' ({org.slug}): {org.people.count()} people, {org.teams.count()} teams, "
                f"{org.systems.count()} ML systems, {org.openings.filter(status='open').count()} open roles."
            )
        )
        if runs:
            latest = runs[-1]
            self.stdout.write(
                f"Scored {len(runs)} org-wide assessments, four team assessments and a what-if scenario: "
                f"overall level {latest.overall_level}, truck factor "
                f"{latest.truck_factor}, {latest.findings.count()} findings."
            )
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/ with:")
        for login in logins:
            self.stdout.write(f"  {login.username:<12} {login.role:<10} password: {login.password}")
