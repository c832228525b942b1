"""Scoring benchmark: the pure engine on the large customer and twice its size, and the loader's queries.

    .venv/bin/python benchmarks/scoring_bench.py            # pure scoring + loader (throwaway SQLite file)
    .venv/bin/python benchmarks/scoring_bench.py --pure     # pure scoring only
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tp_bench .venv/bin/python benchmarks/scoring_bench.py

The large customer of docs/product.md: 5,000 people, 400 teams, 60 responsibilities, 25,000 assignments,
1,500 ML systems (benchmarks/scoring_data.py). Target: pure scoring under 1 s, at most ~2x for 2x data,
and a loader whose number of queries does not depend on the size of the organisation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scoring_data import large_org  # noqa: E402


def time_pure(runs: int) -> dict[int, float]:
    from scoring.engine import score_org

    medians = {}
    for scale in (1, 2):
        inputs = large_org(scale)
        result = score_org(inputs)  # warm-up
        samples, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            score_org(inputs)
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        medians[scale] = statistics.median(samples)
        print(
            f"pure scoring x{scale}: {len(inputs.people):,} people, {len(inputs.teams):,} teams, "
            f"{len(inputs.responsibilities):,} responsibilities, {len(inputs.assignments):,} assignments, "
            f"{len(inputs.systems):,} systems -> median {medians[scale] * 1000:.0f} ms over {runs} runs "
            f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}; CPU median "
            f"{statistics.median(cpu) * 1000:.0f} ms); {len(result.findings)} findings, "
            f"truck factor {result.truck_factor}"
        )
    print(f"pure scoring: 2x data takes {medians[2] / medians[1]:.2f}x the time")
    return medians


def _setup_django() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        path = Path(tempfile.gettempdir()) / "teamplanner-scoring-bench.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from roles.services import catalog_seed

    catalog_seed()


def _store(inputs, slug: str):
    """Write generated inputs as an organisation (bulk inserts)."""
    from datetime import timedelta
    from decimal import Decimal

    import pandas as pd

    from orgs.models import Assignment, MLSystem, Opening, Organization, Person, Team
    from roles.models import Responsibility, RoleTemplate

    Organization.objects.filter(slug=slug).delete()
    org = Organization.objects.create(name=slug, slug=slug, stage="enterprise", ml_focus="both")
    roles = {r.slug: r.pk for r in RoleTemplate.objects.all()}
    existing = set(Responsibility.objects.values_list("slug", flat=True))
    Responsibility.objects.bulk_create(
        [
            Responsibility(slug=r.slug, name=f"Bench {r.name}", pillar=r.pillar, stage=r.stage)
            for r in inputs.responsibilities.itertuples()
            if r.slug not in existing
        ]
    )
    resp_ids = dict(Responsibility.objects.values_list("slug", "pk"))
    resp_by_gen = {int(r.id): resp_ids[r.slug] for r in inputs.responsibilities.itertuples()}
    team_objs = Team.objects.bulk_create(
        [Team(organization=org, name=f"{t.name}", kind=t.kind, pillar=t.pillar) for t in inputs.teams.itertuples()]
    )
    team_ids = dict(zip(inputs.teams["id"].tolist(), [t.pk for t in team_objs], strict=True))
    people = Person.objects.bulk_create(
        [
            Person(
                organization=org,
                email=f"p{p.id}@{slug}.example",
                name=p.name,
                team_id=team_ids[p.team_id],
                role_id=roles[p.role_slug],
                fte=Decimal(str(p.fte)),
            )
            for p in inputs.people.itertuples()
        ],
        batch_size=2000,
    )
    person_ids = dict(zip(inputs.people["id"].tolist(), [p.pk for p in people], strict=True))
    # Hierarchy: parent teams, team leads and managers, as generated.
    for team, t in zip(team_objs, inputs.teams.itertuples(), strict=True):
        team.parent_id = None if t.parent_id is pd.NA else team_ids[t.parent_id]
        team.lead_id = None if t.lead_id is pd.NA else person_ids[t.lead_id]
    Team.objects.bulk_update(team_objs, ["parent", "lead"], batch_size=1000)
    for person, p in zip(people, inputs.people.itertuples(), strict=True):
        person.manager_id = None if p.manager_id is pd.NA else person_ids[p.manager_id]
    Person.objects.bulk_update(people, ["manager"], batch_size=2000)
    Assignment.objects.bulk_create(
        [
            Assignment(
                person_id=person_ids[a.person_id], responsibility_id=resp_by_gen[a.responsibility_id], level=a.level
            )
            for a in inputs.assignments.itertuples()
        ],
        batch_size=5000,
    )
    systems = MLSystem.objects.bulk_create(
        [
            MLSystem(organization=org, name=s.name, team_id=team_ids[s.team_id], stage=s.stage)
            for s in inputs.systems.itertuples()
        ],
        batch_size=2000,
    )
    system_ids = dict(zip(inputs.systems["id"].tolist(), [s.pk for s in systems], strict=True))
    for through, frame in (
        (MLSystem.owners.through, inputs.system_owners),
        (MLSystem.deployers.through, inputs.system_deployers),
    ):
        through.objects.bulk_create(
            [
                through(mlsystem_id=system_ids[row.system_id], person_id=person_ids[row.person_id])
                for row in frame.itertuples()
            ],
            batch_size=5000,
        )
    Opening.objects.bulk_create(
        [
            Opening(
                organization=org,
                role_id=roles[o.role_slug],
                team_id=team_ids[o.team_id],
                opened_on=o.opened_on,
                status=o.status,
                filled_on=o.opened_on + timedelta(days=120) if o.status == "filled" else None,
            )
            for o in inputs.openings.itertuples()
        ]
    )
    return org


def measure_loader() -> None:
    _setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scoring.selectors import load_inputs
    from scoring.services import org_score

    for scale in (1, 2):
        org = _store(large_org(scale), f"bench-x{scale}")
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            loaded = load_inputs(org=org)
            elapsed = time.perf_counter() - start
        start = time.perf_counter()
        run = org_score(org=org)
        end_to_end = time.perf_counter() - start
        print(
            f"loader x{scale}: {len(queries.captured_queries)} queries, {elapsed * 1000:.0f} ms for "
            f"{len(loaded.inputs.people):,} people and {len(loaded.inputs.assignments):,} assignments "
            f"({connection.vendor}); load + score + save: {end_to_end:.2f} s, {run.findings.count()} findings stored"
        )


def load_average() -> str:
    try:
        return f"load average {os.getloadavg()[0]:.1f}"
    except OSError:  # pragma: no cover - not on every platform
        return "load average unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per size (median reported)")
    parser.add_argument("--pure", action="store_true", help="only the pure engine, no database")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, {load_average()}")
    time_pure(args.runs)
    if not args.pure:
        measure_loader()


if __name__ == "__main__":
    main()
