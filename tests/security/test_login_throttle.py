"""Log-in throttling: after too many failed attempts for a username from one address, the log-in
(the app's and the admin site's) refuses further attempts, even with the right password, and says
how long to wait; other addresses and other users are not locked out. One address trying many usernames is
limited too; behind trusted proxies the client's own address counts; parallel attempts never pass a limit."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client

from teamplanner.throttling import hit

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


# --- across usernames, behind proxies, in parallel ---------------------------------------------------------


def test_one_address_trying_many_usernames_is_limited(settings, staff):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_address": "5/min"},
    }
    for n in range(5):
        assert _login("/accounts/login/", f"nobody-{n}", "wrong", ip="10.0.0.9")[1].status_code == 200
    assert _login("/accounts/login/", "grace", PASSWORD, ip="10.0.0.9")[1].status_code == 429
    assert _login("/accounts/login/", "grace", PASSWORD, ip="10.0.0.10")[1].status_code == 302


def test_successful_log_ins_do_not_use_up_the_address(settings, staff):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_address": "2/min"},
    }
    for _ in range(4):  # colleagues behind one office address
        assert _login("/accounts/login/", "grace", PASSWORD, ip="10.0.0.11")[1].status_code == 302


def _via_proxy(username, password, remote, forwarded):
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_forwarded_addresses_count_only_from_trusted_proxies(settings, staff):
    settings.TRUSTED_PROXIES = ["10.1.0.0/16"]
    # Behind the proxy, each client has its own count: an attacker cannot lock grace out for everyone.
    for _ in range(LIMIT):
        assert _via_proxy("grace", "wrong", "10.1.0.5", "198.51.100.7").status_code == 200
    assert _via_proxy("grace", PASSWORD, "10.1.0.5", "198.51.100.7").status_code == 429
    assert _via_proxy("grace", PASSWORD, "10.1.0.5", "203.0.113.8").status_code == 302
    # The client cannot choose its address by writing the header itself: the proxy appends the real one.
    assert _via_proxy("grace", PASSWORD, "10.1.0.5", "203.0.113.8, 198.51.100.7").status_code == 429
    # From an address that is not a trusted proxy the header is ignored.
    for n in range(LIMIT):
        assert _via_proxy("grace", "wrong", "192.0.2.1", f"203.0.113.{n}").status_code == 200
    assert _via_proxy("grace", PASSWORD, "192.0.2.1", "203.0.113.99").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_never_pass_the_limit(staff, live_server):
    """Twenty wrong passwords at once against the threaded live server: exactly LIMIT are checked."""
    url = f"{live_server.url}/accounts/login/"
    start = threading.Barrier(20)

    def attempt(_):
        session = requests.Session()
        session.get(url, timeout=30)  # the CSRF cookie
        start.wait(timeout=30)
        data = {"username": "grace", "password": "wrong", "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        return session.post(url, data=data, headers={"Referer": url}, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(attempt, range(20)))
    assert sorted(codes) == [200] * LIMIT + [429] * (20 - LIMIT), codes


def test_parallel_counting_is_atomic():
    """The counter itself, hit from many threads at once: exactly `limit` hits pass."""
    key = f"throttle:test:{uuid.uuid4().hex}"
    start = threading.Barrier(40)

    def one(_):
        start.wait(timeout=30)
        return hit(key, 7, 60) is None

    with ThreadPoolExecutor(max_workers=40) as pool:
        passed = sum(pool.map(one, range(40)))
    assert passed == 7
