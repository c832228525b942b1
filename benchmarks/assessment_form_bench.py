"""Server-side time of the assessment form at the scale of product.md.

Builds (once, in its own database) an organisation with 400 teams and 200 assessments of the
default questionnaire (66 questions), every one answered in full, plus one open draft; then
requests the pages a lead uses through the Django test client and reports median and p90 times
and the number of SQL queries: a section page, an autosave (each one a real change, so a write),
the review page and the history list. It also times seeding the default questionnaire.

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python benchmarks/assessment_form_bench.py [--runs 50] [--rebuild]

The database is `benchmarks/out/assessment_form.sqlite3` unless DATABASE_URL is set (e.g. a
PostgreSQL database of your own).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
OUT.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'assessment_form.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.choices import AssessmentStatus, QuestionKind  # noqa: E402
from assessments.models import Answer, Assessment, QuestionnaireTemplate  # noqa: E402
from assessments.selectors import template_questions  # noqa: E402
from assessments.services import questionnaire_default_seed  # noqa: E402
from orgs.models import Membership, Organization, Team  # noqa: E402

SLUG = "bench-assessments"
TEAMS, ASSESSMENTS = 400, 200


def _value(question, i: int):
    kind = question.kind
    if kind == QuestionKind.SCALE:
        return i % 5
    if kind == QuestionKind.YES_NO:
        return i % 2 == 0
    if kind == QuestionKind.SINGLE:
        return question.choices[i % len(question.choices)]["value"]
    if kind == QuestionKind.MULTIPLE:
        return [question.choices[i % len(question.choices)]["value"]]
    if kind == QuestionKind.NUMBER:
        return i
    return f"Notes {i}"


def build(rebuild: bool):
    call_command("migrate", verbosity=0)
    fresh = not QuestionnaireTemplate.objects.filter(slug="default").exists()
    started = time.perf_counter()
    template = questionnaire_default_seed()
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    questionnaire_default_seed()
    again = time.perf_counter() - started
    print(
        f"seed_questionnaire: {seeded * 1000:.0f} ms"
        + (" (created)" if fresh else " (already there)")
        + f", {again * 1000:.1f} ms when it exists"
    )
    user = get_user_model().objects.filter(username="bench-admin").first() or get_user_model().objects.create_user(
        "bench-admin", password="bench-only-password"
    )
    org = Organization.objects.filter(slug=SLUG).first()
    if org and not rebuild and Assessment.objects.filter(organization=org).count() == ASSESSMENTS + 1:
        return org, user, template
    if org:
        org.delete()
    started = time.perf_counter()
    org = Organization.objects.create(name="Bench assessments", slug=SLUG, stage="enterprise")
    Membership.objects.create(user=user, organization=org, role="admin")
    teams = Team.objects.bulk_create([Team(organization=org, name=f"Team {i:03d}") for i in range(TEAMS)])
    questions = template_questions(template=template)
    now = timezone.now()
    for i in range(ASSESSMENTS):
        a = Assessment.objects.create(
            organization=org,
            team=teams[i % TEAMS] if i % 5 else None,
            template=template,
            status=AssessmentStatus.SCORED,
            created_by=user,
            submitted_by=user,
            submitted_at=now,
        )
        Answer.objects.bulk_create(
            [Answer(assessment=a, question=q, value=_value(q, i + j), updated_by=user) for j, q in enumerate(questions)]
        )
    draft = Assessment.objects.create(organization=org, team=teams[1], template=template, created_by=user)
    Answer.objects.bulk_create(
        [
            Answer(assessment=draft, question=q, value=_value(q, j), updated_by=user)
            for j, q in enumerate(questions[:30])
        ]
    )
    print(f"built {ASSESSMENTS} assessments of {len(questions)} questions in {time.perf_counter() - started:.0f} s")
    return org, user, template


def timed(fn, runs: int) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU milliseconds per call, and the number of queries of one call.

    CPU time is this process's only: with SQLite it is the whole server-side work, and it does not
    grow when other programs compete for the cores (wall time does).
    """
    for _ in range(3):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    return wall, cpu, len(queries)


def report(name: str, wall: list[float], cpu: list[float], queries: int) -> None:
    p90 = statistics.quantiles(wall, n=10)[-1]
    print(
        f"{name:<32} median {statistics.median(wall):6.1f} ms   p90 {p90:6.1f} ms   "
        f"CPU median {statistics.median(cpu):6.1f} ms   {queries:3d} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    org, user, template = build(args.rebuild)
    draft = Assessment.objects.get(organization=org, status=AssessmentStatus.DRAFT)
    client = Client()
    client.force_login(user)
    kw = {"org_slug": org.slug, "pk": draft.pk}

    def get(url):
        def fn():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return fn

    scale = next(q for q in template_questions(template=template) if q.kind == QuestionKind.SCALE)
    answer_url = reverse("assessments:answer", kwargs={**kw, "question_id": scale.pk})
    current = Answer.objects.filter(assessment=draft, question=scale).first()
    state = {"i": 0, "version": current.version if current else 0}

    def autosave():
        state["i"] += 1
        response = client.post(
            answer_url, {"version": state["version"], "value": str(state["i"] % 5)}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200 and b"Saved" in response.content, response.content[:300]
        state["version"] += 1

    print(
        f"database: {connection.vendor}; {args.runs} runs each after 3 warm-ups; load average {os.getloadavg()[0]:.1f}"
    )
    report("section page (1 of 12)", *timed(get(reverse("assessments:section", kwargs={**kw, "number": 1})), args.runs))
    report("section page (7 of 12)", *timed(get(reverse("assessments:section", kwargs={**kw, "number": 7})), args.runs))
    report("autosave of one answer", *timed(autosave, args.runs))
    report("review page", *timed(get(reverse("assessments:review", kwargs=kw)), args.runs))
    report(
        "history list (201 assessments)",
        *timed(get(reverse("assessments:list", kwargs={"org_slug": org.slug})), args.runs),
    )
    report(
        "submitted assessment (read-only)",
        *timed(
            get(
                reverse(
                    "assessments:detail",
                    kwargs={
                        "org_slug": org.slug,
                        "pk": Assessment.objects.filter(organization=org, status="scored").first().pk,
                    },
                )
            ),
            args.runs,
        ),
    )


if __name__ == "__main__":
    main()
