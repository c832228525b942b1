""" "What if X leaves?" at the size of the large customer of docs/product.md: target under 1 s.

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python benchmarks/planning_whatif_bench.py [--runs 10] [--rebuild]

Times (1) the pure computation (`planning.engine.whatif.departure_report`: the engine's departure impact, the
truck factor before and after, and the person's systems and responsibilities) for the five people with
the most system links, and (2) the page `/o/<org>/planning/what-if/person/<id>/` through the Django test
client, with a cold cache (the org's data is loaded from the database) and a warm one (loaded data cached
until the org's data changes). The organisation is built once in `benchmarks/out/planning.sqlite3`
(or the DATABASE_URL database) by benchmarks/planning_data.py.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.planning_data import build, setup_django  # noqa: E402

setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from orgs.models import Membership, Person  # noqa: E402
from planning.engine.whatif import departure_report  # noqa: E402


def ms(values, cpu=None):
    text = (
        f"median {statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
    )
    if cpu:
        # CPU time of this process: with SQLite the whole server-side work, whatever else runs on the machine
        text += f", CPU median {statistics.median(cpu) * 1000:.0f} ms"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    org, inputs = build(rebuild=args.rebuild)
    print(
        f"{connection.vendor}: {len(inputs.people):,} people, {len(inputs.teams):,} teams, "
        f"{len(inputs.assignments):,} assignments, {len(inputs.systems):,} systems; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )
    links = (
        inputs.system_owners["person_id"]
        .value_counts()
        .add(inputs.system_deployers["person_id"].value_counts(), fill_value=0)
    )
    top = [int(p) for p in links.sort_values(ascending=False).index[:5]]
    departure_report(inputs, top[0])  # warm-up
    pure, pure_cpu = [], []
    for _ in range(args.runs):
        for pid in top:
            start, start_cpu = time.perf_counter(), time.process_time()
            departure_report(inputs, pid)
            pure.append(time.perf_counter() - start)
            pure_cpu.append(time.process_time() - start_cpu)
    print(f"pure departure report, 5 most connected people x {args.runs}: {ms(pure, pure_cpu)}")

    user, _ = get_user_model().objects.get_or_create(username="bench-lead")
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": "lead"})
    client = Client()
    client.force_login(user)
    names = [f"Person {pid}" for pid in top]
    people = list(Person.objects.filter(organization=org, name__in=names).values_list("pk", flat=True))
    urls = [reverse("planning:what_if_person", kwargs={"org_slug": org.slug, "person_id": pk}) for pk in people]
    client.get(urls[0], HTTP_HX_REQUEST="true")  # templates, imports
    cold, warm, cold_cpu, warm_cpu = [], [], [], []
    for _ in range(args.runs):
        for url in urls:
            cache.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
            cold.append(time.perf_counter() - start)
            cold_cpu.append(time.process_time() - start_cpu)
            start, start_cpu = time.perf_counter(), time.process_time()
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
            warm.append(time.perf_counter() - start)
            warm_cpu.append(time.process_time() - start_cpu)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(urls[0], HTTP_HX_REQUEST="true")
    print(f"page, cold cache (loads the org's data): {ms(cold, cold_cpu)}, {len(queries)} queries")
    print(f"page, warm cache:                        {ms(warm, warm_cpu)}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
