"""The large customer of docs/product.md in a database, for the planning benchmarks.

Writes the synthetic organisation of benchmarks/scoring_data.py (5,000 people, 400 teams, 60
responsibilities, 25,000 assignments, 1,500 ML systems, 200 openings) as real rows, plus two headcount
targets per team. Call `setup_django()` first; the database is `benchmarks/out/planning.sqlite3` unless
DATABASE_URL is set.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SLUG = "bench-planning"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'planning.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()


def build(*, rebuild: bool = False):
    """The benchmark organisation (built once, then reused) and the scoring inputs it was made from."""
    from django.core.management import call_command
    from django.db import transaction

    from benchmarks.scoring_data import large_org
    from orgs.models import Organization, Person
    from roles.models import RoleTemplate
    from roles.services import catalog_seed

    inputs = large_org()
    call_command("migrate", verbosity=0)
    catalog_seed()
    org = Organization.objects.filter(slug=SLUG).first()
    if org and not rebuild and Person.objects.filter(organization=org).count() == len(inputs.people):
        return org, inputs
    if org:
        org.delete()
    started = time.perf_counter()
    with transaction.atomic():
        org = Organization.objects.create(name="Large customer", slug=SLUG, stage="enterprise", ml_focus="both")
        roles = {r.slug: r for r in RoleTemplate.objects.all()}
        team_ids, person_ids = _write_people(org, inputs, roles)
        _write_work(org, inputs, team_ids, person_ids)
        _write_plans(org, inputs, roles, team_ids)
    print(f"built the benchmark organisation in {time.perf_counter() - started:.0f} s")
    return org, inputs


def _write_people(org, inputs, roles) -> tuple[dict, dict]:
    """Teams (with their parents and leads) and people; their ids by the ids of the inputs."""
    from orgs.models import Person, Team

    team_ids = {}
    for row in inputs.teams.itertuples():
        team_ids[row.id] = Team.objects.create(organization=org, name=row.name, kind=row.kind, pillar=row.pillar).pk
    for row in inputs.teams.itertuples():
        if not pd.isna(row.parent_id):
            Team.objects.filter(pk=team_ids[row.id]).update(parent_id=team_ids[int(row.parent_id)])
    Person.objects.bulk_create(
        [
            Person(
                organization=org,
                email=f"p{row.id}@large.example",
                name=row.name,
                team_id=team_ids[row.team_id],
                role=roles[row.role_slug],
                fte=row.fte,
            )
            for row in inputs.people.itertuples()
        ],
        batch_size=1000,
    )
    person_ids = dict(
        zip(
            inputs.people["id"].tolist(),
            Person.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True),
            strict=True,
        )
    )
    for row in inputs.teams.itertuples():
        if not pd.isna(row.lead_id):
            Team.objects.filter(pk=team_ids[row.id]).update(lead_id=person_ids[int(row.lead_id)])
    return team_ids, person_ids


def _write_work(org, inputs, team_ids: dict, person_ids: dict) -> None:
    """Responsibilities and who carries them, ML systems with their owners and deployers."""
    from orgs.models import Assignment, MLSystem
    from roles.models import Responsibility

    resp_ids = {}
    for row in inputs.responsibilities.itertuples():
        r, _ = Responsibility.objects.get_or_create(
            slug=f"bench-{row.slug}",
            defaults={"name": f"Bench {row.name}", "pillar": row.pillar, "stage": row.stage},
        )
        resp_ids[row.id] = r.pk
    Assignment.objects.bulk_create(
        [
            Assignment(
                person_id=person_ids[a.person_id], responsibility_id=resp_ids[a.responsibility_id], level=a.level
            )
            for a in inputs.assignments.itertuples()
        ],
        batch_size=2000,
    )
    MLSystem.objects.bulk_create(
        [
            MLSystem(organization=org, name=s.name, team_id=team_ids[s.team_id], stage=s.stage)
            for s in inputs.systems.itertuples()
        ],
        batch_size=1000,
    )
    system_ids = dict(
        zip(
            inputs.systems["id"].tolist(),
            MLSystem.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True),
            strict=True,
        )
    )
    for frame, through in (
        (inputs.system_owners, MLSystem.owners.through),
        (inputs.system_deployers, MLSystem.deployers.through),
    ):
        through.objects.bulk_create(
            [
                through(mlsystem_id=system_ids[r.system_id], person_id=person_ids[r.person_id])
                for r in frame.itertuples()
            ],
            batch_size=2000,
        )


def _write_plans(org, inputs, roles, team_ids: dict) -> None:
    """Openings (filled ones halfway to today) and two headcount targets per team."""
    from orgs.models import Opening
    from planning.models import HeadcountTarget

    Opening.objects.bulk_create(
        [
            Opening(
                organization=org,
                role=roles[o.role_slug],
                team_id=team_ids[o.team_id],
                opened_on=o.opened_on,
                status=o.status,
                filled_on=o.opened_on + (inputs.as_of - o.opened_on) / 2 if o.status == "filled" else None,
            )
            for o in inputs.openings.itertuples()
        ]
    )
    HeadcountTarget.objects.bulk_create(
        [
            HeadcountTarget(organization=org, team_id=tid, role=roles[slug], headcount=3)
            for tid in team_ids.values()
            for slug in ("ml-engineer", "data-scientist")
        ]
    )
