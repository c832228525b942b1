"""Server-side time of the org dashboard for the large customer of product.md.

Builds (once, in its own database) an organisation of 5,000 people in 400 teams with 200 scored
assessments (40 org-wide, 160 of single teams), each org-wide run with a full summary (composition
of every team x role, coverage, 600 production systems, findings), then requests the dashboard
through the Django test client and reports the median time and the number of SQL queries.

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python benchmarks/dashboard_bench.py [--runs 30]

The database is `benchmarks/out/dashboard.sqlite3` unless DATABASE_URL is set (e.g. a PostgreSQL
database of your own); `--rebuild` builds the organisation again.
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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'dashboard.sqlite3'}")
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

from orgs.models import Membership, Organization, Person, Team  # noqa: E402
from roles.services import catalog_seed  # noqa: E402
from scoring.models import ScoringRun  # noqa: E402
from tests.scoring.factories import large_org_seed  # noqa: E402

SLUG = "bench-large"
SIZE = {"teams": 400, "people": 5000, "assessments": 200}


def build(rebuild: bool) -> Organization:
    call_command("migrate", verbosity=0)
    catalog_seed()
    org = Organization.objects.filter(slug=SLUG).first()
    if org and not rebuild and Team.objects.filter(organization=org).count() == SIZE["teams"]:
        return org
    if org:
        ScoringRun.objects.filter(organization=org).delete()
        org.delete()
    started = time.perf_counter()
    org = large_org_seed(slug=SLUG, **SIZE)
    print(f"built the organisation in {time.perf_counter() - started:.0f} s")
    return org


def measure(client: Client, url: str, runs: int) -> tuple[list[float], list[float], int, int]:
    """Wall-clock and CPU milliseconds per request, the number of queries and the size of the page.

    CPU time is this process's only: with SQLite it is the whole server-side work, and it does not
    grow when other programs compete for the cores (wall time does).
    """
    for _ in range(3):  # warm caches, template loading, first-import costs
        assert client.get(url).status_code == 200
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return wall, cpu, len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    org = build(args.rebuild)
    user, _ = get_user_model().objects.get_or_create(username="bench-exec")
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": "executive"})
    client = Client()
    client.force_login(user)
    run = ScoringRun.objects.filter(organization=org, team__isnull=True).order_by("-created_at").first()
    division = Team.objects.filter(organization=org, parent__isnull=True).order_by("pk").first()
    team_with_run = ScoringRun.objects.filter(organization=org, team__isnull=False).values_list("team", flat=True)[0]
    print(
        f"{connection.vendor}: {Person.objects.filter(organization=org).count()} people, "
        f"{Team.objects.filter(organization=org).count()} teams, "
        f"{ScoringRun.objects.filter(organization=org).count()} scored runs; "
        f"summary of the latest org run {len(str(run.summary)) // 1024} kB, {run.findings.count()} findings"
    )
    dashboard = reverse("results:dashboard", kwargs={"org_slug": org.slug})
    pages = [
        ("dashboard", dashboard),
        ("dashboard, one division", f"{dashboard}?team={division.pk}"),
        ("team page", reverse("results:team", kwargs={"org_slug": org.slug, "team_id": team_with_run})),
    ]
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    for name, url in pages:
        wall, cpu, queries, size = measure(client, url, args.runs)
        p90 = sorted(wall)[max(0, int(len(wall) * 0.9) - 1)]
        print(
            f"{name:26s} median {statistics.median(wall):6.1f} ms (p90 {p90:6.1f} ms), "
            f"CPU median {statistics.median(cpu):6.1f} ms, {queries} queries, {size // 1024} kB HTML, "
            f"{args.runs} requests"
        )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
