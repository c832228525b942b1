"""Server-side time of the API's list endpoints for the large customer of product.md.

Builds (once, in its own database) an organisation of 5,000 people in 400 teams with 25,000
assignments, 1,500 ML systems (two owners and a deployer each) and 200 scored assessments, then
requests the list endpoints with an API token through DRF's test client, at page sizes 50 and 500,
and reports median and p90 wall time, CPU time and the number of SQL queries (the token throttle is
lifted for the run).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python benchmarks/api_bench.py [--runs 20] [--rebuild]

The database is `benchmarks/out/api.sqlite3` unless DATABASE_URL is set (e.g. a PostgreSQL
database of your own).
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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'api.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from orgs.models import Assignment, Membership, MLSystem, Organization, Person, Team  # noqa: E402
from roles.models import Responsibility  # noqa: E402
from roles.services import catalog_seed  # noqa: E402
from scoring.models import ScoringRun  # noqa: E402
from teamplanner.throttling import TokenRateThrottle  # noqa: E402
from teamplanner.tokens import token_issue  # noqa: E402
from tests.scoring.factories import large_org_seed  # noqa: E402

SLUG = "bench-api"
SIZE = {"teams": 400, "people": 5000, "assessments": 200}
ASSIGNMENTS_PER_PERSON, SYSTEMS = 5, 1500


def build(rebuild: bool) -> Organization:
    call_command("migrate", verbosity=0)
    catalog_seed()
    org = Organization.objects.filter(slug=SLUG).first()
    if org and not rebuild and MLSystem.objects.filter(organization=org).count() == SYSTEMS:
        return org
    if org:
        ScoringRun.objects.filter(organization=org).delete()
        org.delete()
    started = time.perf_counter()
    org = large_org_seed(slug=SLUG, **SIZE)
    people = list(Person.objects.filter(organization=org).order_by("pk"))
    teams = list(Team.objects.filter(organization=org).order_by("pk"))
    responsibilities = list(Responsibility.objects.order_by("pk"))
    Assignment.objects.bulk_create(
        [
            Assignment(
                person=person,
                responsibility=responsibilities[(i + k) % len(responsibilities)],
                level=("owner", "contributor", "backup")[k % 3],
            )
            for i, person in enumerate(people)
            for k in range(ASSIGNMENTS_PER_PERSON)
        ],
        batch_size=2000,
    )
    systems = MLSystem.objects.bulk_create(
        [
            MLSystem(organization=org, name=f"System {n:04d}", team=teams[n % len(teams)], stage="production")
            for n in range(SYSTEMS)
        ]
    )
    owners, deployers = MLSystem.owners.through, MLSystem.deployers.through
    owners.objects.bulk_create(
        [
            owners(mlsystem=system, person=people[(n * 3 + k) % len(people)])
            for n, system in enumerate(systems)
            for k in range(2)
        ],
        batch_size=2000,
    )
    deployers.objects.bulk_create(
        [deployers(mlsystem=system, person=people[(n * 5) % len(people)]) for n, system in enumerate(systems)]
    )
    print(f"built the organisation in {time.perf_counter() - started:.0f} s")
    return org


def measure(client: APIClient, url: str, runs: int) -> tuple[list[float], list[float], int, int]:
    for _ in range(3):
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
    return wall, cpu, len(queries), len(response.json()["results"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    org = build(args.rebuild)
    TokenRateThrottle.THROTTLE_RATES["token"] = "1000000/min"
    user, _ = get_user_model().objects.get_or_create(username="bench-api-admin")
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": "admin"})
    key = token_issue(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    run = ScoringRun.objects.filter(organization=org, team__isnull=True).order_by("-created_at").first()
    base = f"/api/v1/orgs/{org.slug}"
    print(
        f"{connection.vendor}: {Person.objects.filter(organization=org).count()} people, "
        f"{Team.objects.filter(organization=org).count()} teams, "
        f"{Assignment.objects.filter(person__organization=org).count()} assignments, "
        f"{MLSystem.objects.filter(organization=org).count()} systems, "
        f"{ScoringRun.objects.filter(organization=org).count()} scoring runs"
    )
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    endpoints = ["teams", "people", "assignments", "person-skills", "systems", "openings", "assessments", "results"]
    for name in [*endpoints, f"results/{run.pk}/findings"]:
        for size in (50, 500):
            wall, cpu, queries, rows = measure(client, f"{base}/{name}/?page_size={size}", args.runs)
            p90 = statistics.quantiles(wall, n=10)[-1]
            print(
                f"{name:24s} page {size:3d} ({rows:3d} rows)  median {statistics.median(wall):6.1f} ms  "
                f"p90 {p90:6.1f} ms  CPU median {statistics.median(cpu):6.1f} ms  {queries} queries"
            )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
