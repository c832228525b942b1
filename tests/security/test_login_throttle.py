"""Log-in throttling: after too many failed attempts for a username from one address, the log-in
(the app's and the admin site's) refuses further attempts, even with the right password, and says
how long to wait; other addresses and other users are not locked out."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-pass-1"
LIMIT = 3


@pytest.fixture(autouse=True)
def _low_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": f"{LIMIT}/min"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(org, make_member):
    return make_member(org, "admin", username="grace", password=PASSWORD, is_staff=True)


def _login(url, username, password, ip="10.0.0.1"):
    client = Client(REMOTE_ADDR=ip)
    return client, client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_too_many_failures_block_even_the_right_password(staff, url):
    for _ in range(LIMIT):
        _, response = _login(url, "grace", "wrong")
        assert response.status_code == 200  # the form again, with its error
    client, response = _login(url, "grace", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Another address, or another user from this one, still gets in.
    client, response = _login(url, "grace", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_success_clears_the_count(staff, url):
    for _ in range(LIMIT - 1):
        _login(url, "grace", "wrong")
    assert _login(url, "grace", PASSWORD)[1].status_code == 302
    for _ in range(LIMIT - 1):
        assert _login(url, "grace", "wrong")[1].status_code == 200
    assert _login(url, "grace", PASSWORD)[1].status_code == 302


def test_the_username_is_counted_however_it_is_typed(staff):
    for variant in ("grace", "GRACE", " Grace "):
        _login("/accounts/login/", variant, "wrong")
    assert _login("/accounts/login/", "grace", PASSWORD)[1].status_code == 429
