"""python manage.py score ORG: score an organisation now and print what the scoring found."""

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organization
from scoring.choices import RunStatus
from scoring.models import DimensionScore, Finding, ScoringRun
from scoring.services import assessment_score, latest_submitted_assessment, org_score
from teamplanner.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Score the organisation's latest submitted assessment and its current data now (no worker needed) "
        "and print the levels, the truck factor, every finding with the names involved, and the structure advice."
    )

    def add_arguments(self, parser):
        parser.add_argument("org", metavar="ORG", help="the organisation's slug")

    def handle(self, *args, org, **options):
        organisation = Organization.objects.filter(slug=org).first()
        if organisation is None:
            known = ", ".join(Organization.objects.order_by("slug").values_list("slug", flat=True)[:20]) or "none"
            raise CommandError(f"No organisation with the slug '{org}'. Known slugs: {known}.")
        assessment = latest_submitted_assessment(org=organisation)
        before = set(ScoringRun.objects.filter(organization=organisation).values_list("pk", flat=True))
        try:
            if assessment is not None:
                run = assessment_score(assessment_id=assessment.pk)
            else:
                run = org_score(org=organisation)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.print_run(organisation, run, assessment, reused=run.pk in before)

    def print_run(self, org, run: ScoringRun, assessment, *, reused: bool):
        out, style = self.stdout, self.style
        out.write(style.MIGRATE_HEADING(f"Scoring of {org.name} ({org.slug})"))
        note = " (inputs unchanged since this run: nothing re-scored)" if reused else ""
        out.write(
            f"Run #{run.pk}, scoring version {run.scoring_version}, data as of {run.inputs_at:%Y-%m-%d %H:%M}{note}"
        )
        if run.status != RunStatus.DONE:
            raise CommandError(f"The scoring did not finish: {run.error or run.status}")
        summary = run.summary
        out.write("")
        if assessment is None:
            out.write(
                "Maturity: no assessment is submitted yet, so there are no maturity levels; data risks are scored."
            )
        else:
            title = assessment.title or "organisation-wide assessment"
            out.write(f"Assessment: {title} (submitted {assessment.submitted_at:%Y-%m-%d})")
            overall = (
                f"level {run.overall_level} (score {run.overall_score:.2f})"
                if run.overall_level
                else "no level (nothing answered)"
            )
            out.write(f"Maturity overall: {overall}")
            for d in DimensionScore.objects.filter(run=run).order_by("dimension"):
                level = f"level {d.level} ({d.score:.2f})" if d.level else "not scored"
                out.write(f"  {d.get_dimension_display():<40} {level:<18} {d.answered}/{d.total} answered")
            unanswered = summary["maturity"]["unanswered"]
            if unanswered:
                out.write(f"  Unanswered ({len(unanswered)}): " + ", ".join(u["code"] for u in unanswered))
        tf = summary["truck_factor"]
        out.write("")
        if tf["production_systems"]:
            names = ", ".join(p["name"] for p in tf["removed"]) or "nobody"
            out.write(
                f"Truck factor: {tf['value']} (of {tf['production_systems']} production systems, "
                f"{tf['orphaned_after']} orphaned after losing: {names})"
            )
        else:
            out.write("Truck factor: no production systems recorded.")
        cls = summary["classification"]
        out.write(f"Archetype: {cls['archetype']} {cls['archetype_name']}")
        for reason in cls["archetype_reasons"]:
            out.write(f"  - {reason}")
        out.write(f"Current structure: {cls['current_structure']}")
        for reason in cls["structure_reasons"]:
            out.write(f"  - {reason}")
        out.write(f"Recommended structure: {cls['recommended_structure']}")
        for reason in cls["recommendation_reasons"]:
            out.write(f"  - {reason}")
        for key, choice in cls["design_choices"].items():
            out.write(f"  {key.replace('_', ' ')}: {choice['choice']} - {choice['reason']}")
        for change in cls["changes_needed"]:
            out.write(f"  Change: {change}")
        findings = list(Finding.objects.filter(run=run).order_by("rank", "pk"))
        out.write("")
        out.write(style.MIGRATE_HEADING(f"Findings ({len(findings)}), most important first"))
        for f in findings:
            out.write(f"{f.rank:>3}. [{f.severity.upper()}] {f.title}")
            ev = f.evidence
            for label, key in (
                ("people", "people"),
                ("teams", "teams"),
                ("systems", "systems"),
                ("responsibilities", "responsibilities"),
            ):
                if ev.get(key):
                    out.write(f"       {label}: " + ", ".join(item["name"] for item in ev[key]))
            for answer in ev.get("answers", []):
                out.write(f"       answer {answer['code']}: {answer['value']!r}")
