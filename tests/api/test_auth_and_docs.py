"""Token and session authentication, API and log-in rate limits, the API token page, JSON errors,
and the schema, Swagger UI and ReDoc served from local files."""

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from teamplanner import throttling
from teamplanner.models import ApiToken
from teamplanner.throttling import TokenRateThrottle
from teamplanner.tokens import token_issue
from tests.orgs.factories import UserFactory

# --- authentication -----------------------------------------------------------------------------------


def test_token_session_and_anonymous(api_client, members, org, client):
    teams = f"/api/v1/orgs/{org.slug}/teams/"
    assert api_client(members["viewer"]).get(teams).status_code == 200

    anonymous = api_client().get(teams)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json() == {"message": "Authentication credentials were not provided.", "errors": {}}

    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = forged.get(teams)
    assert response.status_code == 401 and response.json()["message"] == "Invalid token."

    client.force_login(members["viewer"])  # the browser's session works too
    assert client.get(teams).status_code == 200


def test_session_writes_need_the_csrf_token(members, org_data):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(members["admin"])
    response = browser.patch(f"/api/v1/orgs/{org_data.org.slug}/", {"industry": "X"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


# --- rate limits -----------------------------------------------------------------------------------------


def test_token_clients_are_rate_limited(api_client, members, org, client, monkeypatch):
    monkeypatch.setitem(TokenRateThrottle.THROTTLE_RATES, "token", "3/min")
    token_client = api_client(members["viewer"])
    url = f"/api/v1/orgs/{org.slug}/teams/"
    assert [token_client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    limited = token_client.get(url)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in limited.json()["message"].lower()
    # Another user's token has its own allowance; the browser session is not limited.
    assert api_client(members["executive"]).get(url).status_code == 200
    client.force_login(members["viewer"])
    assert all(client.get(url).status_code == 200 for _ in range(5))


@pytest.mark.django_db(transaction=True)
def test_parallel_token_requests_never_pass_the_limit(live_server, org, make_member, monkeypatch):
    monkeypatch.setitem(TokenRateThrottle.THROTTLE_RATES, "token", "5/min")
    key = token_issue(user=make_member(org, "viewer"))
    url = f"{live_server.url}/api/v1/orgs/{org.slug}/"
    start = threading.Barrier(16)

    def request(_):
        start.wait(timeout=30)
        return requests.get(url, headers={"Authorization": f"Token {key}"}, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(request, range(16)))
    assert sorted(codes) == [200] * 5 + [429] * 11, codes


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _end_the_window(username, ip="127.0.0.1"):
    """What the counters' expiry does when the window has passed."""
    for key in throttling.login_keys(username, ip):
        cache.delete_many([key, f"{key}:since"])


def test_failed_log_ins_are_limited_per_username_and_address(db, client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": "3/min"}}
    # Names of their own: no other test's counters can meet these.
    ada, bo = f"ada-{uuid.uuid4().hex[:8]}", f"bo-{uuid.uuid4().hex[:8]}"
    user = UserFactory(username=ada)
    other = UserFactory(username=bo)

    for _ in range(3):
        response = _login(client, ada, "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    blocked = _login(client, ada, "pw-for-tests-1")  # even the right password is refused now
    assert blocked.status_code == 429
    assert "Too many failed log-in attempts" in blocked.content.decode()
    assert 55 <= int(blocked["Retry-After"]) <= 61
    assert "_auth_user_id" not in client.session

    # Another username from the same address is not affected.
    assert _login(client, bo, "pw-for-tests-1").status_code == 302
    client.logout()

    _end_the_window(ada)
    response = _login(client, ada, "pw-for-tests-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert other.pk != user.pk


def test_a_successful_log_in_clears_the_failures(db, client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": "3/min"}}
    cy = f"cy-{uuid.uuid4().hex[:8]}"
    UserFactory(username=cy)
    for _ in range(2):
        _login(client, cy, "wrong")
    assert _login(client, cy, "pw-for-tests-1").status_code == 302
    client.logout()
    for _ in range(2):
        assert _login(client, f"{cy.upper()} ", "wrong").status_code == 200  # the same username, however typed
    assert _login(client, cy, "pw-for-tests-1").status_code == 302


# --- the token page -------------------------------------------------------------------------------------


def _new_key(response) -> str:
    return re.search(r'id="new-token">([0-9a-f]{40})<', response.content.decode()).group(1)


def test_token_page_creates_shows_once_and_revokes(client, members, org):
    user = members["viewer"]
    assert client.get("/accounts/tokens/").status_code == 302  # log in first
    client.force_login(user)
    page = client.get("/accounts/tokens/")
    assert "You have no API token." in page.content.decode()
    assert "no-store" in page["Cache-Control"]

    created = client.post("/accounts/tokens/", {"action": "create", "lifetime": "never"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]  # the page that shows the key is kept by no cache
    key = _new_key(created)
    assert f"Authorization: Token {key}" in created.content.decode()
    stored = ApiToken.objects.get(user=user)
    assert key not in {stored.prefix, stored.digest, stored.password_stamp}  # only a digest is stored
    assert stored.prefix == key[:8] and stored.expires_at is None

    later = client.get("/accounts/tokens/").content.decode()
    assert key not in later and key[:8] in later and "valid until revoked" in later

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/orgs/").status_code == 200

    replaced = client.post("/accounts/tokens/", {"action": "create", "lifetime": "30"})
    new_key = _new_key(replaced)
    assert new_key != key
    assert api.get("/api/v1/orgs/").status_code == 401  # the old key stopped working at once
    assert 29 <= (ApiToken.objects.get(user=user).expires_at - timezone.now()).days <= 30

    revoked = client.post("/accounts/tokens/", {"action": "revoke"}, follow=True)
    assert "revoked" in revoked.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert api.get("/api/v1/orgs/").status_code == 401

    odd = client.post("/accounts/tokens/", {"action": "steal"}, follow=True)
    assert "Choose whether to create or to revoke" in odd.content.decode()


def test_an_expired_token_is_refused(members):
    key = token_issue(user=members["viewer"], days=30)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/orgs/").status_code == 200
    ApiToken.objects.filter(user=members["viewer"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get("/api/v1/orgs/")
    assert response.status_code == 401 and response.json()["message"] == "Token has expired."


def test_a_password_change_revokes_the_token(client, members):
    user = members["viewer"]
    key = token_issue(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/orgs/").status_code == 200

    client.force_login(user)
    changed = client.post(
        "/accounts/password/",
        {"old_password": "pw-for-tests-1", "new_password1": "n3w-Pass-phrase!", "new_password2": "n3w-Pass-phrase!"},
    )
    assert changed.status_code == 302
    assert api.get("/api/v1/orgs/").status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()
    assert "You have no API token." in client.get("/accounts/tokens/").content.decode()

    # Any way of setting a password counts (the admin, `changepassword`, a reset), seen on the token page too.
    key = token_issue(user=user)
    user.set_password("another-Pass-phrase-2")
    user.save()
    client.force_login(user)  # the session ended with the old password
    assert "You have no API token." in client.get("/accounts/tokens/").content.decode()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/orgs/").status_code == 401


def test_the_admin_never_shows_a_key(client, members):
    key = token_issue(user=members["viewer"])
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    token = ApiToken.objects.get(user=members["viewer"])
    for url in ["/admin/teamplanner/apitoken/", f"/admin/teamplanner/apitoken/{token.pk}/change/"]:
        page = client.get(url)
        assert page.status_code == 200 and f"{key[:8]}…" in page.content.decode()
        assert key not in page.content.decode() and token.digest not in page.content.decode()
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404  # DRF's plain-key admin is gone
    assert client.get("/admin/teamplanner/apitoken/add/").status_code == 403


# --- errors ---------------------------------------------------------------------------------------------


def test_errors_are_json_with_a_message(api_client, members, org_data):
    client = api_client(members["admin"])
    base = f"/api/v1/orgs/{org_data.org.slug}"

    broken = client.generic("POST", f"{base}/teams/", "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["message"].startswith("JSON parse error")

    form = client.post(f"{base}/teams/", "name=x", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415 and "Unsupported media type" in form.json()["message"]

    assert client.delete(f"{base}/teams/").status_code == 405
    missing = client.get("/api/v1/nothing-here/")
    assert missing.status_code == 404 and missing.json()["message"]

    in_use = client.delete(f"{base}/teams/{org_data.other.pk}/")
    assert in_use.status_code == 409
    assert "people" in in_use.json()["message"] and "people" in in_use.json()["errors"]["dependents"]

    duplicate = client.post(f"{base}/teams/", {"name": org_data.other.name}, format="json")
    assert duplicate.status_code == 400 and duplicate.json()["errors"]["non_field_errors"]

    cycle = client.patch(f"{base}/teams/{org_data.led.pk}/", {"parent": org_data.led_child.pk}, format="json")
    assert cycle.status_code == 400 and "own ancestor" in cycle.json()["errors"]["parent"][0]

    person = {"name": "X", "email": "not-an-email", "team": org_data.led.pk, "role": "nope", "fte": "2"}
    invalid = client.post(f"{base}/people/", person, format="json")
    assert invalid.status_code == 400
    assert set(invalid.json()["errors"]) == {"email", "role", "fte"}


# --- schema and documentation ---------------------------------------------------------------------------


def test_schema_is_valid_openapi_and_describes_errors():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "Error" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "429"} <= codes, (method, path)
            if method in ("post", "put", "patch"):
                assert {"400", "409"} <= codes, (method, path)


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_are_served_from_local_files(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") or a.startswith("/api/") for a in assets), assets
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # nothing loaded from another host
    assert "/static/drf_spectacular_sidecar/" in html
    assert client.get("/api/schema/").status_code == 200


def test_text_that_cannot_be_stored_or_exported_is_refused(api_client, members, org_data):
    client = api_client(members["admin"])
    base = f"/api/v1/orgs/{org_data.org.slug}"
    # As JSON text: an unpaired surrogate escape is valid JSON but not storable Unicode.
    for name in ["Null\\u0000team", "Bell\\u0007team", "Half \\ud800 surrogate"]:
        body = ('{"name": "' + name + '"}').encode()
        response = client.generic("POST", f"{base}/teams/", body, content_type="application/json")
        assert response.status_code == 400, name
        assert response.json()["message"].startswith("Text ")
    role = client.post(
        f"{base}/openings/",
        {"role": "ml-\x00engineer", "team": org_data.led.pk, "opened_on": "2025-01-01"},
        format="json",
    )
    assert role.status_code == 400
    assert client.post(f"{base}/teams/", {"name": "Tabs\tand\nlines"}, format="json").status_code == 201


def test_export_of_data_with_control_characters_drops_them(api_client, members, org_data):
    org_data.other.name = "Bad\x1dname"  # written around the API, e.g. by an old import
    org_data.other.save()
    response = api_client(members["admin"]).get(f"/api/v1/orgs/{org_data.org.slug}/export/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    from io import BytesIO

    from openpyxl import load_workbook

    teams = [
        r[0] for r in load_workbook(BytesIO(content), read_only=True)["teams"].iter_rows(min_row=2, values_only=True)
    ]
    assert "Badname" in teams
