"""A database error in the middle of an import leaves nothing half-written.

A trigger makes the database itself refuse the import's last write (the openings, after teams,
people, skills, assignments and systems have been inserted). Whatever the error, none of the
workbook's rows stay, the organisation's data is as before, and the admin can confirm the same
upload again once the database is healthy.
"""

import pytest
from django.db import connection
from django.test import Client

from orgs.models import Assignment, ImportRun, MLSystem, Opening, Organization, Person, PersonSkill, Team
from orgs.services import import_run_apply, import_run_create, org_import
from tests.orgs.factories import TeamFactory
from tests.orgs.workbooks import small_org, xlsx

pytestmark = pytest.mark.django_db

MODELS = (Team, Person, PersonSkill, Assignment, MLSystem, Opening)


def _counts(org):
    return {m.__name__: m.objects.for_org(org).count() for m in MODELS}


def _refuse_openings(sqlstate: str, message: str):
    """Make the database refuse every new opening with `message` (SQLSTATE `sqlstate` on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION tp_refuse() RETURNS trigger AS $$ BEGIN "
                f"RAISE EXCEPTION '{message}' USING ERRCODE = '{sqlstate}'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER tp_refuse BEFORE INSERT ON orgs_opening FOR EACH ROW EXECUTE FUNCTION tp_refuse()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER tp_refuse BEFORE INSERT ON orgs_opening BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


def _heal():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER tp_refuse ON orgs_opening")
        else:
            cursor.execute("DROP TRIGGER tp_refuse")


@pytest.fixture
def existing(org):
    """What the organisation had before: one team, which must be there, unchanged, afterwards."""
    TeamFactory(organization=org, name="Existing team", description="before")
    return _counts(org), Organization.objects.values_list("data_changed_at", flat=True).get(pk=org.pk)


def test_a_constraint_error_mid_import_is_reported_and_nothing_is_written(org, existing):
    before, changed_at = existing
    _refuse_openings("23505", "duplicate key value violates unique constraint")
    report = org_import(org=org, uploaded_file_or_bytes=xlsx(small_org()), filename="org.xlsx", dry_run=False)
    assert not report.ok and not report.applied
    assert "nothing was written" in report.to_dict()["errors"][0]["message"]
    assert _counts(org) == before
    assert Organization.objects.values_list("data_changed_at", flat=True).get(pk=org.pk) == changed_at
    assert Team.objects.get(organization=org).description == "before"


def test_the_database_failing_mid_import_loses_nothing_and_the_upload_can_be_confirmed_again(
    org, existing, make_member, after_commit_now
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite triggers can only raise constraint errors (tested above)")
    # (`after_commit_now`: the confirmed import, queued after commit, runs at once; tasks are eager here)
    before, _ = existing
    admin = make_member(org, "admin")
    run = import_run_create(org=org, user=admin, uploaded_file_or_bytes=xlsx(small_org()), filename="org.xlsx")
    assert run.status == "checked"

    _refuse_openings("53100", "could not extend file: No space left on device")
    browser = Client(raise_request_exception=False)
    browser.force_login(admin)
    response = browser.post(f"/o/{org.slug}/import/{run.pk}/", follow=True)
    # The import (a task) failed; the page says so and what to do, without any trace of the code.
    assert response.status_code == 200
    body = response.content.decode()
    assert "Importing the file failed because the database was unreachable" in body
    assert "confirm the import again" in body and 'id="confirm-import"' in body
    assert "Traceback" not in body and "orgs_opening" not in body
    assert _counts(org) == before
    run.refresh_from_db()
    assert run.status == "checked" and bytes(run.content)  # the upload is kept for the next attempt

    _heal()
    response = browser.post(f"/o/{org.slug}/import/{run.pk}/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "applied"
    after = _counts(org)
    assert after == {"Team": 3, "Person": 3, "PersonSkill": 2, "Assignment": 3, "MLSystem": 1, "Opening": 2}


def test_the_service_raises_and_writes_nothing_when_the_database_fails(org, existing, make_member):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite triggers can only raise constraint errors (tested above)")
    from django.db import OperationalError

    before, _ = existing
    run = import_run_create(org=org, user=None, uploaded_file_or_bytes=xlsx(small_org()), filename="org.xlsx")
    _refuse_openings("53100", "could not extend file: No space left on device")
    with pytest.raises(OperationalError, match="No space left"):
        import_run_apply(run=run)
    assert _counts(org) == before
    assert ImportRun.objects.get(pk=run.pk).status == "checked"
