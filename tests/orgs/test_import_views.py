"""The upload page: preview, confirm, errors, limits; and the workbook download."""

import io

import openpyxl
import pytest
from django.urls import reverse

from orgs.choices import ImportRunStatus
from orgs.importer.spec import SHEETS
from orgs.models import ImportRun, Person
from orgs.services import org_import
from tests.orgs import workbooks
from tests.orgs.factories import PersonFactory, TeamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_commit_now")]  # the check runs at once


def url(name, org, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org_slug": org.slug, **kwargs})


def upload(client, org, data: bytes, name="org.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(url("import_upload", org), {"file": file})


@pytest.fixture
def admin_client(client, org, make_member):
    client.force_login(make_member(org, "admin"))
    return client


def test_upload_shows_a_preview_then_confirm_writes(admin_client, org):
    response = upload(admin_client, org, workbooks.xlsx(workbooks.small_org()))
    run = ImportRun.objects.get(organization=org)
    assert response.status_code == 302 and response.url == url("import_preview", org, run_id=run.pk)
    assert run.status == ImportRunStatus.CHECKED and Person.objects.filter(organization=org).count() == 0

    preview = admin_client.get(response.url)
    html = preview.content.decode()
    assert preview.status_code == 200 and 'id="confirm-import"' in html
    assert '<tr data-sheet="people"><th scope="row">people</th><td class="text-end">3</td>' in html

    confirmed = admin_client.post(response.url, follow=True)
    assert confirmed.redirect_chain[-1][0] == url("org_home", org)
    assert "Imported org.xlsx: teams: 2 created" in confirmed.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRunStatus.APPLIED and run.applied_at and bytes(run.content) == b""
    assert Person.objects.filter(organization=org).count() == 3

    again = admin_client.post(response.url)
    assert again.status_code == 409 and b"already been applied" in again.content
    assert Person.objects.filter(organization=org).count() == 3


def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(admin_client, org):
    sheets = workbooks.replace_cell(workbooks.small_org(), "people", 3, "name", "")
    sheets = workbooks.replace_cell(sheets, "people", 4, "fte", 2)
    upload(admin_client, org, workbooks.xlsx(sheets))
    run = ImportRun.objects.get(organization=org)
    assert run.status == ImportRunStatus.REJECTED and bytes(run.content) == b""

    html = admin_client.get(url("import_preview", org, run_id=run.pk)).content.decode()
    assert "2 errors in the file" in html and 'id="confirm-import"' not in html
    assert "<td>people</td><td>3</td><td>name</td><td>a value is required</td>" in html
    assert "<td>people</td><td>4</td><td>fte</td><td>FTE must be more than 0 and at most 1, not 2</td>" in html
    assert "people, row 3, name: a value is required\n" in html  # the same, as sheet, row N, column: message
    assert admin_client.post(url("import_preview", org, run_id=run.pk)).status_code == 409
    assert Person.objects.count() == 0


def test_not_a_workbook_is_rejected_with_a_message(admin_client, org):
    upload(admin_client, org, b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.xlsx")
    run = ImportRun.objects.get(organization=org)
    html = admin_client.get(url("import_preview", org, run_id=run.pk)).content.decode()
    assert "This is not a workbook" in html


def test_confirm_checks_again_against_the_current_data(admin_client, org):
    research = TeamFactory(organization=org, name="Research")
    sheets = {
        "teams": [workbooks.HEADERS["teams"]],
        "people": [workbooks.HEADERS["people"][:4], ["new@example.com", "New", "Research", "ml-researcher"]],
    }
    upload(admin_client, org, workbooks.xlsx(sheets))
    run = ImportRun.objects.get(organization=org)
    assert run.status == ImportRunStatus.CHECKED
    research.delete()

    response = admin_client.post(url("import_preview", org, run_id=run.pk), follow=True)

    assert response.status_code == 200 and "unknown team &#x27;Research&#x27;" in response.content.decode()
    assert "no longer fits; nothing was written" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRunStatus.REJECTED and not Person.objects.exists()


def test_the_upload_form_limits_size_and_type(admin_client, org, settings):
    response = upload(admin_client, org, b"a,b\n1,2\n", "notes.txt")
    assert response.status_code == 400 and "Upload an .xlsx, .zip or .csv file." in response.content.decode()
    settings.IMPORT_MAX_BYTES = 100
    response = upload(admin_client, org, b"x" * 500, "org.csv")
    assert response.status_code == 400 and "the limit is 1 KiB" in response.content.decode()
    response = admin_client.post(url("import_upload", org), {})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", ["lead", "executive", "viewer"])
def test_only_admins_import(client, org, make_member, role):
    run = ImportRun.objects.create(organization=org, filename="x.xlsx", content=b"", report={})
    client.force_login(make_member(org, role))
    assert client.get(url("import_upload", org)).status_code == 404
    assert client.get(url("import_preview", org, run_id=run.pk)).status_code == 404
    assert client.post(url("import_preview", org, run_id=run.pk)).status_code == 404


def test_another_orgs_import_is_not_found(admin_client, org, other_org):
    theirs = ImportRun.objects.create(organization=other_org, filename="x.xlsx", content=b"PK", report={})
    assert admin_client.get(url("import_preview", org, run_id=theirs.pk)).status_code == 404
    assert admin_client.post(url("import_preview", org, run_id=theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ImportRunStatus.CHECKED


@pytest.mark.parametrize("role", ["admin", "executive"])
def test_download_the_workbook(client, org, make_member, role):
    TeamFactory(organization=org, name="Forecasting")
    client.force_login(make_member(org, role))
    response = client.get(url("export_download", org))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="{org.slug}-' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert list(workbook["teams"].iter_rows(values_only=True))[1][0] == "Forecasting"


@pytest.mark.parametrize("role", ["lead", "viewer"])
def test_leads_and_viewers_do_not_download(client, org, make_member, role):
    client.force_login(make_member(org, role))
    assert client.get(url("export_download", org)).status_code == 404


def test_home_shows_import_and_download_to_admins_only(client, org, make_member):
    client.force_login(make_member(org, "admin"))
    html = client.get(url("org_home", org)).content.decode()
    assert url("import_upload", org) in html and url("export_download", org) in html
    client.force_login(make_member(org, "viewer"))
    html = client.get(url("org_home", org)).content.decode()
    assert url("import_upload", org) not in html and url("export_download", org) not in html


def test_home_links_teams_and_people(client, org, make_member):
    team = TeamFactory(organization=org, name="Forecasting")
    person = PersonFactory(team=team, name="Ada")
    client.force_login(make_member(org, "viewer"))
    html = client.get(url("org_home", org)).content.decode()
    assert url("team_detail", org, team_id=team.pk) in html and url("person_detail", org, person_id=person.pk) in html


def test_unconfirmed_uploads_expire_applied_ones_stay(org, other_org, settings):
    import datetime

    from django.utils import timezone

    from orgs.tasks import import_runs_expire_task

    settings.IMPORT_PREVIEW_DAYS = 7
    old = timezone.now() - datetime.timedelta(days=8)

    def run(organization, status, created_at):
        r = ImportRun.objects.create(
            organization=organization, filename="org.xlsx", content=b"data", status=status, report={}
        )
        ImportRun.objects.filter(pk=r.pk).update(created_at=created_at)
        return r

    stale_checked = run(org, ImportRunStatus.CHECKED, old)
    stale_rejected = run(other_org, ImportRunStatus.REJECTED, old)
    applied = run(org, ImportRunStatus.APPLIED, old)
    fresh = run(org, ImportRunStatus.CHECKED, timezone.now() - datetime.timedelta(days=6))

    assert import_runs_expire_task.delay().get() == 2
    left = set(ImportRun.objects.values_list("pk", flat=True))
    assert left == {applied.pk, fresh.pk}
    assert stale_checked.pk not in left and stale_rejected.pk not in left


def test_the_upload_page_links_to_the_format_and_the_template(client, org, make_member):
    client.force_login(make_member(org, "admin"))
    html = client.get(url("import_upload", org)).content.decode()
    assert f'href="{url("import_format", org)}" id="import-format-link">in the documented format</a>' in html
    assert url("import_template", org) in html


def test_the_format_page_renders_the_document_with_its_tables(client, org, make_member):
    client.force_login(make_member(org, "admin"))
    response = client.get(url("import_format", org))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<table class="table table-sm">' in html and "<td>teams</td>" in html
    assert "<h3>The format</h3>" in html and "# The format" not in html
    assert url("import_template", org) in html


def test_the_template_workbook_has_every_sheet_and_an_example_row_that_imports(client, org, make_member):
    client.force_login(make_member(org, "admin"))
    response = client.get(url("import_template", org))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == list(SHEETS)
    for name, spec in SHEETS.items():
        header, *rows = list(workbook[name].values)
        assert [h.rstrip("*") for h in header] == list(spec.columns)
        assert {h.rstrip("*") for h in header if h.endswith("*")} == set(spec.required)
        assert len(rows) == 1
    report = org_import(org=org, uploaded_file_or_bytes=response.content, filename="template.xlsx", dry_run=False)
    assert report.applied, [str(e) for e in report.errors]
    assert all(report.sheets[name].created == 1 for name in SHEETS)


@pytest.mark.parametrize("role", ["lead", "executive", "viewer"])
def test_only_admins_see_the_format_pages(client, org, make_member, role):
    client.force_login(make_member(org, role))
    assert client.get(url("import_format", org)).status_code == 404
    assert client.get(url("import_template", org)).status_code == 404
