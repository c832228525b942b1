"""Uploads are limited in size and type, on the upload page and in the API: a refused file gets a
clear message, nothing of it is written or kept, and no error page or stack trace is shown."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from orgs.models import ImportRun, Person, Team
from teamplanner.tokens import token_issue
from tests.orgs.workbooks import csv_zip, small_org, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_commit_now")]  # the check runs at once

LIMIT = 4096
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n" + bytes(range(256)) * 4
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.IMPORT_MAX_BYTES = LIMIT


@pytest.fixture
def admin(org, make_member, fast_hasher):
    return make_member(org, "admin")


@pytest.fixture
def upload_page(client, admin, org):
    client.force_login(admin)

    def upload(name, content):
        return client.post(f"/o/{org.slug}/import/", {"file": SimpleUploadedFile(name, content)})

    return upload


@pytest.fixture
def api(admin, org):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=admin)}")

    def upload(name, content, dry_run=True):
        data = {"file": SimpleUploadedFile(name, content), "dry_run": "true" if dry_run else "false"}
        return client.post(f"/api/v1/orgs/{org.slug}/imports/", data, format="multipart")

    return upload


def _nothing_written(org):
    assert not Team.objects.for_org(org).exists() and not Person.objects.for_org(org).exists()


def test_the_page_refuses_a_file_over_the_limit(upload_page, org):
    response = upload_page("org.csv", b"name\n" + b"x" * LIMIT)
    assert response.status_code == 400
    assert "the limit is 4 KiB" in response.content.decode()
    assert not ImportRun.objects.exists()
    _nothing_written(org)


@pytest.mark.parametrize("name", ["org.exe", "org.pdf", "org.xls", "org.html", "org"])
def test_the_page_refuses_other_kinds_of_file_by_name(upload_page, org, name):
    response = upload_page(name, b"name\nData\n")
    assert response.status_code == 400
    assert "Upload an .xlsx, .zip or .csv file." in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("org.xlsx", PDF, "This is not a workbook"),
        ("org.csv", EXE, "This is not a workbook"),
        ("org.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Old binary .xls workbooks are not supported"),
        ("org.zip", b"PK\x03\x04" + bytes(60), "This is not a workbook"),
        ("teams.csv", b"\x00\x01\x02 binary", "This is not a workbook"),
    ],
)
def test_content_that_is_not_a_workbook_is_rejected_and_not_kept(upload_page, org, name, content, message):
    response = upload_page(name, content)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "rejected" and bytes(run.content) == b""
    body = _follow(org, run)
    assert message in body and "Traceback" not in body
    _nothing_written(org)


def _follow(org, run):
    from django.test import Client

    client = Client()
    client.force_login(run.uploaded_by)
    return client.get(f"/o/{org.slug}/import/{run.pk}/").content.decode()


def test_a_workbook_within_the_limit_is_accepted(upload_page, org, settings):
    settings.IMPORT_MAX_BYTES = 10 * 1024 * 1024
    response = upload_page("org.xlsx", xlsx(small_org()))
    assert response.status_code == 302
    assert ImportRun.objects.get().status == "checked"


def test_the_api_refuses_a_file_over_the_limit(api, org):
    response = api("org.zip", b"PK\x03\x04" + b"x" * LIMIT, dry_run=False)
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [f"The file is {LIMIT + 4} bytes; the limit is {LIMIT} bytes."]
    assert not ImportRun.objects.exists()
    _nothing_written(org)


@pytest.mark.parametrize("content", [PDF, EXE])
def test_the_api_reports_a_file_that_is_not_a_workbook(api, org, content):
    response = api("org.xlsx", content, dry_run=False)
    assert response.status_code == 202  # accepted: a worker checks it (at once here, without a broker)
    body = response.json()
    assert body["status"] == "rejected"
    assert "This is not a workbook" in str(body["report"]["errors"])
    assert bytes(ImportRun.objects.get().content) == b""
    _nothing_written(org)


def test_a_zip_that_unpacks_to_far_more_than_the_limit_is_not_read(api, org):
    bomb = csv_zip({"teams": [["name"], *([["A" * 200]] * 2000)]})  # ~400 KB of text in a few KB
    assert len(bomb) < LIMIT
    body = api("org.zip", bomb, dry_run=False).json()
    assert body["status"] == "rejected"
    assert "unpacks to far more data" in str(body["report"]["errors"])
    _nothing_written(org)
