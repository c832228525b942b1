"""Import benchmark: a 5,000-person workbook (the large customer of docs) into an empty org, then again.

    python benchmarks/import_5000.py [--people 5000]

Uses DATABASE_URL when set (e.g. PostgreSQL); otherwise a throwaway SQLite database in a temporary
folder. Prints the time and the number of SQL statements for: reading and checking only (dry run),
the first import, the same file again (nothing changes) and a file with most people changed. "cpu" is
this process's CPU time (with SQLite it includes the database's work; with PostgreSQL the server's is not counted);
on a busy machine wall time also includes waiting for a core. The run happens in one transaction that is
rolled back at the end, so it leaves nothing behind (the imports themselves run in savepoints).
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_workbook(people: int, seed: int = 7) -> tuple[bytes, dict]:
    """A workbook with the proportions of the large customer: 400 teams, 5 assignments and 7 skills a person."""
    import openpyxl

    from roles.defaults import RESPONSIBILITIES, ROLES, SKILLS

    rng = random.Random(seed)  # deterministic
    n_teams = max(2, people * 400 // 5000)
    n_systems = people * 1500 // 5000
    teams = [f"Team {i:03d}" for i in range(n_teams)]
    roles = [r[0] for r in ROLES]
    resps = [r[0] for r in RESPONSIBILITIES]
    skills = [s[0] for s in SKILLS]
    emails = [f"person{i:05d}@bench.example" for i in range(people)]

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("teams")
    sheet.append(["name", "parent", "kind", "pillar", "lead_email"])
    for i, name in enumerate(teams):
        parent = teams[(i - 1) // 8] if i else ""
        sheet.append([name, parent, rng.choice(["central_ml", "embedded_ml", "platform", "data"]), "mixed", emails[i]])
    sheet = workbook.create_sheet("people")
    sheet.append(["email", "name", "team", "role", "manager_email", "fte", "start_date", "location"])
    for i, email in enumerate(emails):
        manager = emails[(i - 1) // 10] if i else ""
        team = teams[i % n_teams]
        sheet.append([email, f"Person {i}", team, rng.choice(roles), manager, 1, "2022-01-01", "Remote"])
    sheet = workbook.create_sheet("skills")
    sheet.append(["email", "skill", "level"])
    for email in emails:
        for skill in skills:
            sheet.append([email, skill, rng.randint(0, 4)])
    sheet = workbook.create_sheet("assignments")
    sheet.append(["email", "responsibility", "level"])
    for email in emails:
        for resp in rng.sample(resps, 5):
            sheet.append([email, resp, rng.choice(["owner", "contributor", "backup"])])
    sheet = workbook.create_sheet("systems")
    sheet.append(["name", "team", "stage", "domain", "owners", "deployers"])
    for i in range(n_systems):
        owners = ";".join(rng.sample(emails, 2))
        sheet.append([f"System {i}", teams[i % n_teams], "production", "bench", owners, rng.choice(emails)])
    sheet = workbook.create_sheet("openings")
    sheet.append(["role", "team", "opened_on", "status", "filled_on"])
    for i in range(people // 25):
        sheet.append([rng.choice(roles), teams[i % n_teams], "2026-01-01", "open", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sizes = {
        "teams": n_teams,
        "people": people,
        "skills": people * len(skills),
        "assignments": people * 5,
        "systems": n_systems,
        "openings": people // 25,
    }
    return buffer.getvalue(), sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()

    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from orgs.importer import run_import
    from orgs.models import Organization
    from roles.services import catalog_seed

    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, 50 * 1024 * 1024)
    call_command("migrate", verbosity=0)
    catalog_seed()
    data, sizes = build_workbook(args.people)
    changed, _ = build_workbook(args.people, seed=8)  # the same keys, different levels and kinds
    print(
        f"database: {connection.vendor}; workbook: {len(data) / 1e6:.1f} MB, "
        + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
    )

    def timed(org, label, payload, dry_run):
        with CaptureQueriesContext(connection) as queries:
            start, cpu = time.perf_counter(), time.process_time()
            report = run_import(org=org, data=payload, filename="bench.xlsx", dry_run=dry_run)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert report.ok, [str(e) for e in report.errors[:5]]
        people = report.sheets["people"]
        print(
            f"{label:<24} wall {seconds:5.1f} s  cpu {cpu:5.1f} s  {len(queries):>4} queries  "
            f"people {people.created} created / {people.updated} updated / {people.unchanged} unchanged",
            flush=True,
        )

    try:
        # Everything happens in one transaction rolled back at the end, so a run leaves nothing behind
        # (deleting 100,000 rows one signal at a time would take longer than the import).
        with transaction.atomic():
            org = Organization.objects.create(slug="bench-import", name="Bench import")
            timed(org, "dry run (read + check)", data, True)
            timed(org, "first import", data, False)
            timed(org, "same file again", data, False)
            timed(org, "changed file", changed, False)
            transaction.set_rollback(True)
    finally:
        if tmp:
            tmp.cleanup()


if __name__ == "__main__":
    main()
