"""The browser's import runs in the background: the upload is checked, and a confirmed file written, by a
worker, while the page asks every second (htmx) and moves on when it is done."""

import io
import time

import pytest
from django.urls import reverse

from orgs.choices import ImportRunStatus
from orgs.models import ImportRun, Person
from orgs.services import import_run_apply_queued, import_run_check, import_run_confirm, import_run_upload
from tests.orgs import workbooks

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, org, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def admin(org, make_member):
    return make_member(org, "admin")


def test_the_page_waits_for_the_check_then_for_the_import(client, org, admin):
    client.force_login(admin)
    file = io.BytesIO(workbooks.xlsx(workbooks.small_org()))
    file.name = "org.xlsx"
    response = client.post(url("import_upload", org), {"file": file})  # the check is queued, not run
    run = ImportRun.objects.get(organization=org)
    assert run.status == ImportRunStatus.CHECKING and response.url == url("import_preview", org, run_id=run.pk)

    page = client.get(response.url).content.decode()
    assert 'id="import-waiting"' in page and 'hx-trigger="every 1s"' in page and "confirm-import" not in page
    poll = client.get(response.url, **HTMX)
    assert 'id="import-waiting"' in poll.content.decode() and "<html" not in poll.content.decode()

    import_run_check(run_id=run.pk)  # what the worker does
    done = client.get(response.url, **HTMX)
    assert done["HX-Refresh"] == "true"
    assert 'id="confirm-import"' in client.get(response.url).content.decode()

    confirmed = client.post(response.url)  # the import is queued
    assert confirmed.url == response.url
    run.refresh_from_db()
    assert run.status == ImportRunStatus.APPLYING and not Person.objects.filter(organization=org).exists()
    assert "Importing org.xlsx" in client.get(response.url, **HTMX).content.decode()
    # confirming again while it is queued does not queue it twice
    assert client.post(response.url).status_code == 302

    import_run_apply_queued(run_id=run.pk)
    finished = client.get(response.url, **HTMX)
    assert finished["HX-Redirect"] == url("org_home", org)
    home = client.get(url("org_home", org)).content.decode()
    assert "Imported org.xlsx: teams: 2 created" in home
    assert Person.objects.filter(organization=org).count() == 3
    # a second delivery of the same message writes nothing more
    assert import_run_apply_queued(run_id=run.pk) is None and import_run_check(run_id=run.pk) is None


def test_a_crash_in_the_worker_ends_the_wait_with_a_message(client, org, admin, monkeypatch):
    from orgs.services import imports
    from orgs.tasks import import_run_check_task

    run = import_run_upload(org=org, user=admin, uploaded_file_or_bytes=b"teams\n", filename="org.csv")

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "run_import", broken)
    import_run_check_task.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == ImportRunStatus.REJECTED and bytes(run.content) == b""
    client.force_login(admin)
    page = client.get(url("import_preview", org, run_id=run.pk)).content.decode()
    assert "Checking the file failed because of an unexpected error" in page and "disk on fire" not in page


@pytest.mark.worker
def test_a_separate_worker_checks_and_imports_the_upload(celery_worker_process, org, admin):
    from outbox.services import outbox_flush

    run = import_run_upload(
        org=org, user=admin, uploaded_file_or_bytes=workbooks.xlsx(workbooks.small_org()), filename="org.xlsx"
    )
    outbox_flush()  # after commit, as the web request does (this test's transaction commits each statement)

    def wait_for(status):
        for _ in range(120):
            run.refresh_from_db()
            if run.status == status:
                return
            time.sleep(0.5)
        pytest.fail(f"the worker did not reach {status}; the run is {run.status}")

    wait_for(ImportRunStatus.CHECKED)
    assert run.report["sheets"]["people"]["created"] == 3
    import_run_confirm(run=run, user=admin)
    outbox_flush()
    wait_for(ImportRunStatus.APPLIED)
    assert Person.objects.filter(organization=org).count() == 3


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_waiting_page_moves_on_by_itself_in_the_browser(live_server, login_page, org, admin):
    from playwright.sync_api import expect

    run = ImportRun.objects.create(
        organization=org,
        uploaded_by=admin,
        filename="org.xlsx",
        content=workbooks.xlsx(workbooks.small_org()),
        status=ImportRunStatus.CHECKING,
        report={},
    )
    page = login_page(admin)
    page.goto(f"{live_server.url}{url('import_preview', org, run_id=run.pk)}")
    expect(page.locator("#import-waiting")).to_contain_text("Checking org.xlsx")
    import_run_check(run_id=run.pk)  # the worker finishes; the page polls and reloads itself
    expect(page.locator("#confirm-import")).to_be_visible()
    expect(page.locator('#import-counts tr[data-sheet="people"] td').first).to_have_text("3")

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRunStatus.APPLYING)  # confirmed, queued
    page.reload()
    expect(page.locator("#import-waiting")).to_contain_text("Importing org.xlsx")
    import_run_apply_queued(run_id=run.pk)
    expect(page).to_have_url(f"{live_server.url}{url('org_home', org)}")
    expect(page.get_by_role("alert").first).to_contain_text("Imported org.xlsx")


@pytest.mark.parametrize("role", ["executive", "lead", "viewer"])
def test_the_import_services_hold_the_admins_only_rule_themselves(org, make_member, role):
    """Whatever door calls them, only an admin of the organisation uploads or confirms an import."""
    from orgs.models import ImportRun
    from orgs.services import import_run_confirm
    from teamplanner.exceptions import ForbiddenError

    member = make_member(org, role)
    with pytest.raises(ForbiddenError, match="Only an admin"):
        import_run_upload(org=org, user=member, uploaded_file_or_bytes=b"teams\n", filename="org.csv")
    assert not ImportRun.objects.filter(organization=org).exists()
    run = import_run_upload(
        org=org, user=make_member(org, "admin"), uploaded_file_or_bytes=b"teams\n", filename="o.csv"
    )
    with pytest.raises(ForbiddenError, match="Only an admin"):
        import_run_confirm(run=run, user=member)
