"""Scoring results and findings (read by every member), the org re-score action, and the
workbook import (dry run, apply, report) and export, by role and across organisations."""

import io

import openpyxl
import pytest
from django.test import override_settings

from orgs.models import ImportRun, Person
from tests.orgs.workbooks import small_org, xlsx
from tests.scoring.factories import scored_run

IMPORTED = {"ada@example.com", "ben@example.com", "cy@example.com"}
ROLES = ["admin", "executive", "lead", "viewer", "outsider", "anonymous"]


@pytest.fixture
def runs(org_data, other_org_data):
    mine = scored_run(
        org_data.org,
        levels={"mlops_level": 2, "talent_hiring": 4},
        findings=[
            {"severity": "critical", "title": "Only Ada can deploy", "team": org_data.led},
            {"severity": "low", "title": "Write the onboarding guide"},
        ],
    )
    team_run = scored_run(org_data.org, team=org_data.led, levels={"mlops_level": 3})
    theirs = scored_run(other_org_data.org, findings=[{"severity": "high", "title": "Their finding"}])
    return {"mine": mine, "team": team_run, "theirs": theirs}


@pytest.mark.parametrize("role", ROLES)
def test_results_are_read_by_every_member(api_client, members, org_data, runs, role):
    client = api_client(members[role])
    base = f"/api/v1/orgs/{org_data.org.slug}/results/"
    expected = {"outsider": 404, "anonymous": 401}.get(role, 200)
    listing = client.get(base)
    assert listing.status_code == expected
    detail = client.get(f"{base}{runs['mine'].pk}/")
    assert detail.status_code == expected
    findings = client.get(f"{base}{runs['mine'].pk}/findings/")
    assert findings.status_code == expected
    if expected != 200:
        return
    assert {r["id"] for r in listing.json()["results"]} == {runs["mine"].pk, runs["team"].pk}
    body = detail.json()
    assert body["overall_level"] == 3 and body["truck_factor"] == 2
    assert {d["dimension"]: d["level"] for d in body["dimension_scores"]} == {"mlops_level": 2, "talent_hiring": 4}
    assert "summary" in body
    assert [f["title"] for f in findings.json()["results"]] == ["Only Ada can deploy", "Write the onboarding guide"]
    critical = client.get(f"{base}{runs['mine'].pk}/findings/", {"severity": "critical"}).json()
    assert [f["team"] for f in critical["results"]] == [org_data.led.pk]
    assert client.get(f"{base}latest/").json()["id"] == runs["mine"].pk
    assert [r["id"] for r in client.get(base, {"team": org_data.led.pk}).json()["results"]] == [runs["team"].pk]
    # Another organisation's run and findings do not exist here.
    assert client.get(f"{base}{runs['theirs'].pk}/").status_code == 404
    assert client.get(f"{base}{runs['theirs'].pk}/findings/").status_code == 404
    theirs_finding = runs["theirs"].findings.get()
    assert client.get(f"{base}{runs['mine'].pk}/findings/{theirs_finding.pk}/").status_code == 404


def test_latest_is_404_before_any_scoring(api_client, members, org_data):
    response = api_client(members["viewer"]).get(f"/api/v1/orgs/{org_data.org.slug}/results/latest/")
    assert response.status_code == 404
    assert "no finished scoring" in response.json()["message"]


@pytest.mark.parametrize("role", ROLES)
def test_org_rescore_is_for_admins(api_client, members, org_data, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client(members[role]).post(f"/api/v1/orgs/{org_data.org.slug}/results/rescore/")
    expected = {"admin": 202, "outsider": 404, "anonymous": 401}.get(role, 403)
    assert response.status_code == expected
    assert len(callbacks) == (1 if expected == 202 else 0)
    if expected == 202:
        # The task ran (eagerly) and scored the org's current data.
        run = org_data.org.scoring_runs.get()
        assert run.status == "done" and run.truck_factor is not None


# --- import and export ---------------------------------------------------------------------------------


def upload(client, org, content: bytes, name="org.xlsx", **fields):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(f"/api/v1/orgs/{org.slug}/imports/", {"file": handle, **fields})


def _accepted(response, org):
    """A 202 with the import as it is now; `Location` is its status URL (returned as `status_url`)."""
    assert response.status_code == 202, response.json()
    body = response.json()
    assert response["Location"] == f"http://testserver/api/v1/orgs/{org.slug}/imports/{body['id']}/"
    return {**body, "status_url": response["Location"]}


def test_import_dry_run_then_apply(api_client, members, org, after_commit_now):
    client = api_client(members["admin"])
    run = _accepted(upload(client, org, xlsx(small_org())), org)
    assert run["status"] == "checked"  # the worker ran at once here (no broker): poll the status URL otherwise
    assert run["report"]["ok"] is True and run["report"]["applied"] is False
    assert run["report"]["sheets"]["people"]["created"] == 3
    assert not Person.objects.filter(organization=org, email="ada@example.com").exists()

    assert client.get(run["status_url"]).json()["status"] == "checked"
    applied = _accepted(client.post(f"/api/v1/orgs/{org.slug}/imports/{run['id']}/apply/"), org)
    assert applied["status"] == "applied" and applied["report"]["applied"] is True
    assert set(Person.objects.filter(organization=org).values_list("email", flat=True)) >= IMPORTED
    again = client.post(f"/api/v1/orgs/{org.slug}/imports/{run['id']}/apply/")
    assert again.status_code == 409 and "already been applied" in again.json()["message"]


def test_import_in_one_step_and_a_bad_file(api_client, members, org, after_commit_now):
    client = api_client(members["admin"])
    body = _accepted(upload(client, org, xlsx(small_org()), dry_run="false"), org)
    assert body["status"] == "applied" and body["report"]["applied"] is True
    assert set(Person.objects.filter(organization=org).values_list("email", flat=True)) >= IMPORTED

    body = _accepted(upload(client, org, b"this is not a workbook", name="notes.xlsx", dry_run="false"), org)
    assert body["status"] == "rejected" and body["report"]["ok"] is False
    assert body["report"]["errors"][0]["text"]
    assert client.post(f"/api/v1/orgs/{org.slug}/imports/{body['id']}/apply/").status_code == 409

    missing = client.post(f"/api/v1/orgs/{org.slug}/imports/", {})
    assert missing.status_code == 400 and "file" in missing.json()["errors"]


def test_the_upload_answers_before_any_worker_has_run(api_client, members, org):
    """Nothing is checked or written in the request: the import waits, `checking`, with its message in the
    outbox; the worker's run (here: the message's task, run by hand) checks it and, for dry_run=false, writes it."""
    from outbox.models import OutboxMessage
    from outbox.services import outbox_send

    client = api_client(members["admin"])
    body = _accepted(upload(client, org, xlsx(small_org()), dry_run="false"), org)
    assert body["status"] == "checking"
    assert not Person.objects.filter(organization=org, email__in=IMPORTED).exists()
    check = OutboxMessage.objects.get(task_name="orgs.tasks.import_run_check_task")
    assert check.args == [body["id"], True]

    outbox_send(message_id=check.pk)  # tasks are eager in tests: the check runs, and queues the write
    assert client.get(body["status_url"]).json()["status"] == "applying"
    write = OutboxMessage.objects.get(task_name="orgs.tasks.import_run_apply_task")
    outbox_send(message_id=write.pk)
    done = client.get(body["status_url"]).json()
    assert done["status"] == "applied" and done["report"]["sheets"]["people"]["created"] == 3
    assert set(Person.objects.filter(organization=org).values_list("email", flat=True)) >= IMPORTED


def test_a_file_with_errors_is_never_written_even_with_dry_run_false(api_client, members, org, after_commit_now):
    sheets = small_org()
    sheets["people"][1][3] = "wizard"
    body = _accepted(upload(api_client(members["admin"]), org, xlsx(sheets), dry_run="false"), org)
    assert body["status"] == "rejected"
    assert body["report"]["errors"][0]["text"].startswith("people, row 2, role: unknown role 'wizard'; valid: ")
    assert not Person.objects.filter(organization=org, email__in=IMPORTED).exists()


@override_settings(IMPORT_MAX_BYTES=100)
def test_import_too_large_is_a_field_error(api_client, members, org):
    response = upload(api_client(members["admin"]), org, xlsx(small_org()))
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]["file"][0]
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", ["executive", "lead", "viewer", "outsider"])
def test_imports_are_for_admins_only(api_client, members, org, other_org, role):
    theirs = ImportRun.objects.create(organization=other_org, filename="x.xlsx", content=b"", report={})
    mine = ImportRun.objects.create(organization=org, filename="y.xlsx", content=b"", report={})
    client = api_client(members[role])
    assert client.get(f"/api/v1/orgs/{org.slug}/imports/").status_code == 404
    assert client.get(f"/api/v1/orgs/{org.slug}/imports/{mine.pk}/").status_code == 404
    assert upload(client, org, xlsx(small_org())).status_code == 404
    assert client.post(f"/api/v1/orgs/{org.slug}/imports/{mine.pk}/apply/").status_code == 404
    assert ImportRun.objects.count() == 2
    admin = api_client(members["admin"])
    assert admin.get(f"/api/v1/orgs/{org.slug}/imports/{theirs.pk}/").status_code == 404
    assert admin.post(f"/api/v1/orgs/{org.slug}/imports/{theirs.pk}/apply/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_export_for_admins_and_executives(api_client, members, org_data, role):
    response = api_client(members[role]).get(f"/api/v1/orgs/{org_data.org.slug}/export/")
    expected = {"admin": 200, "executive": 200, "anonymous": 401}.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        people = [row[0] for row in book["people"].iter_rows(min_row=2, values_only=True)]
        assert sorted(people) == sorted(p.email for p in org_data.people.values())
