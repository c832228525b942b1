"""Hiring and capacity forecast at the size of the large customer: 10,000 draws, target under 1 s.

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python benchmarks/planning_forecast_bench.py [--runs 5] [--page]

Times the Monte Carlo forecast (planning.engine.forecast_inputs.forecast_org: 10,000 draws of every open
position, capacity per role family over 24 months, 800 headcount targets of 400 teams) on the large
customer of benchmarks/scoring_data.py (5,000 people, 400 teams, 200 openings of which about 120 open),
then a stress case with 1,000 open positions. With --page it also times the forecast page through the
Django test client on the organisation of benchmarks/planning_data.py.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.planning_data import build, setup_django  # noqa: E402
from benchmarks.scoring_data import ROLES, large_org  # noqa: E402
from planning.engine.forecast_inputs import TargetRow, forecast_org  # noqa: E402
from planning.engine.hire_times import hire_time  # noqa: E402


def timed(runs, fn):
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return result, wall, cpu


def report(name, wall, cpu):
    print(
        f"{name}: median {statistics.median(wall) * 1000:.0f} ms (min {min(wall) * 1000:.0f}, "
        f"max {max(wall) * 1000:.0f}; CPU median {statistics.median(cpu) * 1000:.0f} ms)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", action="store_true", help="also time the forecast page on a database")
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    inputs = large_org()
    times = {slug: hire_time(role=slug, prior_median=months, prior_sigma=0.4) for slug, _, _, months, _ in ROLES}
    family = {slug: fam for slug, _, fam, _, _ in ROLES}
    teams = inputs.teams["id"].tolist()
    targets = [TargetRow(f"t{t}-{r}", t, r, 3) for t in teams for r in ("ml-engineer", "data-scientist")]
    names = dict(zip(teams, inputs.teams["name"].tolist(), strict=True))

    def run(openings):
        return forecast_org(
            people=inputs.people,
            openings=openings,
            team_names=names,
            role_family=family,
            hire_times=times,
            targets=targets,
            as_of=inputs.as_of,
            by_date=inputs.as_of + timedelta(days=365),
            draws=10_000,
            seed=1,
        )

    n_open = int((inputs.openings["status"] == "open").sum())
    result, wall, cpu = timed(args.runs, lambda: run(inputs.openings))
    report(f"forecast, {n_open} open positions, {len(targets)} targets, 10,000 draws", wall, cpu)
    print(
        f"  e.g. productioniser FTE in 12 months: median {result.capacity['productioniser']['p50'][12]:.1f}, "
        f"10-90% {result.capacity['productioniser']['p10'][12]:.1f}-{result.capacity['productioniser']['p90'][12]:.1f}"
    )

    rng = np.random.default_rng(2)
    role_idx = rng.integers(0, len(ROLES), 1000)
    many = pd.DataFrame(
        {
            "id": np.arange(1, 1001),
            "role_slug": [ROLES[i][0] for i in role_idx],
            "role_name": [ROLES[i][1] for i in role_idx],
            "team_id": rng.choice(teams, 1000),
            "opened_on": [inputs.as_of - timedelta(days=int(d)) for d in rng.integers(-90, 400, 1000)],
            "status": "open",
            "months_to_hire": [ROLES[i][3] for i in role_idx],
        }
    )
    _, wall, cpu = timed(args.runs, lambda: run(many))
    report("stress: 1,000 open positions (a tenth opening later), 800 targets, 10,000 draws", wall, cpu)

    if args.page:
        setup_django()
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from orgs.models import Membership

        org, _ = build()
        user, _ = get_user_model().objects.get_or_create(username="bench-exec")
        Membership.objects.get_or_create(user=user, organization=org, defaults={"role": "executive"})
        client = Client()
        client.force_login(user)
        url = reverse("planning:forecast", kwargs={"org_slug": org.slug})
        by = (date.today() + timedelta(days=365)).isoformat()
        _, wall, cpu = timed(args.runs, lambda: client.get(url, {"by": by}))
        report("forecast page (database, 800 targets, charts and tables)", wall, cpu)


if __name__ == "__main__":
    main()
