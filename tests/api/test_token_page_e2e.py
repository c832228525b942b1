"""In Chromium: a member creates an API token on its page, a program uses it, the member revokes it."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.orgs.factories import TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def api_get(url: str, key: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}"})  # noqa: S310 - the live test server
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_create_use_and_revoke_a_token(live_server, login_page, org, make_member):
    TeamFactory(organization=org, name="Forecasting")
    user = make_member(org, "viewer")
    page = login_page(user)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/o/{org.slug}/")
    page.locator("#account-menu").click()
    page.get_by_role("link", name="API token").click()
    expect(page.locator("#token-status")).to_have_text("You have no API token.")

    page.get_by_role("button", name="Create a token").click()
    key = page.locator("#new-token").inner_text().strip()
    assert len(key) == 40
    expect(page.get_by_text(f"Authorization: Token {key}")).to_be_visible()

    status, body = api_get(f"{live_server.url}/api/v1/orgs/{org.slug}/teams/", key)
    assert status == 200
    assert [t["name"] for t in body["results"]] == ["Forecasting"]

    page.goto(f"{live_server.url}/accounts/tokens/")
    expect(page.locator("#token-status")).to_contain_text(key[:6])
    assert key not in page.content()
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("alert")).to_contain_text("revoked")
    expect(page.locator("#token-status")).to_have_text("You have no API token.")

    status, body = api_get(f"{live_server.url}/api/v1/orgs/{org.slug}/teams/", key)
    assert status == 401 and body["message"] == "Invalid token."
    assert errors == []
