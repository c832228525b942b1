import re

import pytest
from playwright.sync_api import expect

from tests.orgs.factories import PersonFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_log_in_see_org_home_and_log_out(live_server, page, org, make_member):
    team = TeamFactory(organization=org, name="Vision")
    PersonFactory(team=team, name="Grace Hopper")
    make_member(org, "lead", username="lead1", password="s3cret-pass-1")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("lead1")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()

    page.get_by_label("Password").fill("s3cret-pass-1")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/o/{org.slug}/$"))
    expect(page.get_by_role("heading", name=org.name)).to_be_visible()
    expect(page.get_by_text("Grace Hopper")).to_be_visible()
    # Bootstrap and htmx are served by the app itself
    assert page.evaluate("typeof bootstrap") == "object"
    assert page.evaluate("typeof htmx") == "object"

    page.locator("#account-menu").click()  # the account menu holds the log-out button
    page.get_by_role("button", name=re.compile("Log out")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert errors == []
