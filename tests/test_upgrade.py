"""An existing database upgrades: one made by the code before scoring and results became apps of their own
(commit cf0841e) with the demo organisation and its scoring runs migrates with `manage.py migrate` and keeps
every row.

The old tree is exported from git into a temporary folder and run there, in its own processes, on a fresh
database: SQLite by default, a temporary PostgreSQL database when the test session runs on PostgreSQL. Then
the current tree migrates the same database, and the row count of every table is compared, the scoring
tables under their new names.
"""

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from scoring.engine import SCORING_VERSION

ROOT = Path(__file__).resolve().parent.parent
BEFORE_SPLIT = "cf0841e"  # the last commit before the scoring models moved from assessments to scoring
RENAMED = {
    "assessments_scoringrun": "scoring_scoringrun",
    "assessments_dimensionscore": "scoring_dimensionscore",
    "assessments_finding": "scoring_finding",
}
MOVED_MODELS = ("scoringrun", "dimensionscore", "finding")
MOVED_IN = "('scoringrun', 'dimensionscore', 'finding')"
# The current tree's migrations are recorded on top of the old ones; models added since the split get their
# content type and permissions. These tables may only grow.
GROWS = {"django_migrations", "django_content_type", "auth_permission"}

pytestmark = pytest.mark.slow


# --- databases ---------------------------------------------------------------------------------------------


class SqliteDatabase:
    def __init__(self, folder: Path):
        self.path = folder / "upgrade.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def query(self, sql: str, params=None) -> list[tuple]:
        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql, params or ()).fetchall()

    def tables(self) -> list[str]:
        rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return sorted(name for (name,) in rows)

    def broken_foreign_keys(self) -> list[tuple]:
        return self.query("PRAGMA foreign_key_check")

    def drop(self) -> None:
        pass


class PostgresDatabase:
    def __init__(self, session_url: str):
        import psycopg

        self.psycopg = psycopg
        parts = urlsplit(session_url)
        self.name = f"tp_upgrade_{uuid.uuid4().hex[:10]}"
        self.server = urlunsplit(parts._replace(path="/postgres"))
        self.url = urlunsplit(parts._replace(scheme="postgres", path=f"/{self.name}"))
        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')

    def query(self, sql: str, params=None) -> list[tuple]:
        with self.psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as connection:
            return connection.execute(sql, params).fetchall()

    def tables(self) -> list[str]:
        rows = self.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        return sorted(name for (name,) in rows)

    def broken_foreign_keys(self) -> list[tuple]:
        # PostgreSQL enforces foreign keys; what must hold is that the scenario's point at the renamed table.
        rows = self.query(
            "SELECT conname, confrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = 'planning_scenario'::regclass AND confrelid::regclass::text LIKE '%run'"
        )
        return [row for row in rows if row[1] != "scoring_scoringrun"]

    def drop(self) -> None:
        with self.psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def database(tmp_path):
    session_url = os.environ.get("DATABASE_URL", "")
    db = PostgresDatabase(session_url) if session_url.startswith("postgres") else SqliteDatabase(tmp_path)
    yield db
    db.drop()


def row_counts(db) -> dict[str, int]:
    return {table: db.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in db.tables()}  # noqa: S608


# --- the two trees -----------------------------------------------------------------------------------------


def export_old_tree(folder: Path) -> Path:
    found = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{BEFORE_SPLIT}^{{commit}}"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        pytest.fail(
            f"The upgrade test needs commit {BEFORE_SPLIT} (the code before the split) in the git history of {ROOT}; "
            "fetch the full history (e.g. `git fetch --unshallow`, or `fetch-depth: 0` in CI)."
        )
    archive = folder / "old.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", found.stdout.strip()], stdout=out, check=True)  # noqa: S603, S607
    tree = folder / "old"
    tree.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def manage(tree: Path, db_url: str, *args: str) -> str:
    """`manage.py *args` of `tree`, in its own process on `db_url`, with tasks run in-process; its output."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "PYTHONPATH")}
    env.update(DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="teamplanner.settings", PYTHONPATH=str(tree))
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=tree, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} in {tree} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def shell(tree: Path, db_url: str, code: str):
    """Run `code` in `manage.py shell` of `tree`; it prints one JSON value, which is returned."""
    out = manage(tree, db_url, "shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


WHERE_FROM = "import json, orgs, assessments; print(json.dumps([orgs.__file__, assessments.__file__]))"

CHANGE_DATA = """
import json
from orgs.models import Organization, Person
from django.utils import timezone
person = Person.objects.filter(organization__slug="northwind").order_by("pk").first()
Person.objects.filter(pk=person.pk).update(location="Lisbon")
Organization.objects.filter(slug="northwind").update(data_changed_at=timezone.now())
print(json.dumps(person.pk))
"""

READ_RUNS = """
import json
from planning.models import Scenario
from scoring.models import DimensionScore, Finding, ScoringRun
latest = ScoringRun.objects.filter(team__isnull=True, scenario__isnull=True).order_by("-id").first()
print(json.dumps({
    "runs": ScoringRun.objects.count(),
    "dimension_scores": DimensionScore.objects.count(),
    "findings": Finding.objects.count(),
    "latest_findings": latest.findings.count(),
    "latest_dimensions": sorted(latest.dimension_scores.values_list("dimension", flat=True)),
    "scenarios": [[s.pk, s.scored_run.pk if s.scored_run else None, s.baseline_run.pk if s.baseline_run else None]
                  for s in Scenario.objects.select_related("scored_run", "baseline_run").order_by("pk")],
}))
"""


# --- the test ----------------------------------------------------------------------------------------------


def test_a_database_made_before_the_split_migrates_and_keeps_every_row(tmp_path, database):
    started = time.monotonic()
    old = export_old_tree(tmp_path)
    where = shell(old, database.url, WHERE_FROM)
    assert all(path.startswith(str(old)) for path in where), f"the old tree imported the current code: {where}"

    manage(old, database.url, "migrate", "--no-input")
    manage(old, database.url, "seed_catalog")
    manage(old, database.url, "seed_demo")
    manage(old, database.url, "score", "northwind")
    # one more run after a change of the data, so the organisation has a history of its own runs
    shell(old, database.url, CHANGE_DATA)
    manage(old, database.url, "score", "northwind")

    before = row_counts(database)
    assert set(RENAMED) <= set(before), "the old database has no scoring tables in assessments"
    assert before["assessments_scoringrun"] >= 8 and before["assessments_finding"] > 0
    scenarios_before = database.query("SELECT id, scored_run_id, baseline_run_id FROM planning_scenario ORDER BY id")
    assert any(scored and baseline for _, scored, baseline in scenarios_before), "the demo has a scored scenario"
    run_identity = "SELECT id, idempotency_key, organization_id, team_id, assessment_id FROM {} ORDER BY id"
    runs_before = database.query(run_identity.format("assessments_scoringrun"))
    content_types_before = database.query(
        f"SELECT id FROM django_content_type WHERE app_label = 'assessments' AND model IN {MOVED_IN}"  # noqa: S608
    )

    manage(ROOT, database.url, "migrate", "--no-input")

    after = row_counts(database)
    expected = {RENAMED.get(table, table): count for table, count in before.items()}
    missing = sorted(set(expected) - set(after))
    assert not missing, f"tables gone after the upgrade: {missing}"
    changed = {
        table: (count, after[table])
        for table, count in expected.items()
        if table not in GROWS and after[table] != count
    }
    assert not changed, f"row counts changed (before, after): {changed}"
    shrunk = {table: (expected[table], after[table]) for table in GROWS if after[table] < expected[table]}
    assert not shrunk, f"rows lost (before, after): {shrunk}"
    assert after["django_migrations"] > before["django_migrations"]
    assert not set(RENAMED) & set(after), "the old scoring tables are still there"

    moved = database.query(
        f"SELECT id, app_label FROM django_content_type WHERE model IN {MOVED_IN} ORDER BY id"  # noqa: S608
    )
    assert len(moved) == len(MOVED_MODELS) and {label for _, label in moved} == {"scoring"}, moved
    assert sorted(pk for pk, _ in moved) == sorted(pk for (pk,) in content_types_before)  # the same rows, renamed

    assert database.query("SELECT id, scored_run_id, baseline_run_id FROM planning_scenario ORDER BY id") == (
        scenarios_before
    )
    assert database.query(run_identity.format("scoring_scoringrun")) == runs_before
    assert database.broken_foreign_keys() == []

    # The current code reads the moved runs through its models and scores again.
    read = shell(ROOT, database.url, READ_RUNS)
    assert read["runs"] == before["assessments_scoringrun"]
    assert read["dimension_scores"] == before["assessments_dimensionscore"]
    assert read["findings"] == before["assessments_finding"]
    assert read["latest_findings"] > 0 and read["latest_dimensions"]
    assert [tuple(s) for s in read["scenarios"]] == [tuple(s) for s in scenarios_before]
    # The current `score` scores once more only when the scoring version moved on since the old runs (the
    # same inputs under the same version are never scored twice); a second call finds that run and prints it.
    latest = max(pk for pk, *_ in runs_before)
    old_version = database.query(f"select scoring_version from scoring_scoringrun where id = {latest}")[0][0]
    first = manage(ROOT, database.url, "score", "northwind")
    new_runs = 0 if old_version == SCORING_VERSION else 1
    assert row_counts(database)["scoring_scoringrun"] == before["assessments_scoringrun"] + new_runs, first[:500]
    current = latest if not new_runs else max(pk for (pk,) in database.query("select id from scoring_scoringrun"))
    printed = manage(ROOT, database.url, "score", "northwind")
    assert f"Run #{current}," in printed and "nothing re-scored" in printed, printed[:500]
    assert row_counts(database)["scoring_scoringrun"] == before["assessments_scoringrun"] + new_runs

    print(
        f"upgrade: {len(before)} tables, {sum(before.values())} rows before and "
        f"{sum(after.values()) - (after['django_migrations'] - before['django_migrations'])} after "
        f"(runs {before['assessments_scoringrun']}, dimension scores {before['assessments_dimensionscore']}, "
        f"findings {before['assessments_finding']}), {time.monotonic() - started:.1f} s"
    )
