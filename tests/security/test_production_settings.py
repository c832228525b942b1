"""Production settings: cookies only over HTTPS and out of reach of scripts, HTTPS enforced, no debug pages.

The settings are read in a separate process started with the production variables of the README
(as docker-compose sets them); the same values then drive a real log-in here, whose cookies are
checked as a browser would receive them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.orgs.factories import OrganizationFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "Vq3-8xN!p2@Lr7#Tz5$Wb9%Hc4^Jm6&Kd1*Fs0(Gy8)Ue2+Ra7=Qo",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "teamplanner.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://teamplanner.example.com",
}
NAMES = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
]


@pytest.fixture(scope="module")
def production():
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"] or ()) or None
    return values


def test_production_settings_protect_cookies_and_force_https(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert production["SECURE_SSL_REDIRECT"] and production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["X_FRAME_OPTIONS"] == "DENY" and production["SECURE_CONTENT_TYPE_NOSNIFF"]


@pytest.mark.django_db
def test_log_in_over_https_sets_secure_http_only_cookies(production, make_member, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_member(OrganizationFactory(), username="ada", password="pw-1234567x")
    with override_settings(**production):
        client = Client(HTTP_HOST="teamplanner.example.com", HTTP_X_FORWARDED_PROTO="https", enforce_csrf_checks=True)
        form = client.get("/accounts/login/")
        assert form.status_code == 200
        csrf = form.cookies["csrftoken"]
        assert csrf["secure"] and csrf["samesite"] == "Lax"
        response = client.post(
            "/accounts/login/",
            {"username": "ada", "password": "pw-1234567x", "csrfmiddlewaretoken": csrf.value},
            HTTP_REFERER="https://teamplanner.example.com/accounts/login/",
        )
        assert response.status_code == 302
        session = response.cookies["sessionid"]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")

        # Plain HTTP is sent to HTTPS before anything else happens.
        plain = Client(HTTP_HOST="teamplanner.example.com").get("/accounts/login/")
        assert plain.status_code == 301 and plain.url == "https://teamplanner.example.com/accounts/login/"
        # An unknown host is refused, not served (no host-header poisoning of links).
        other = Client(HTTP_HOST="evil.example.net", HTTP_X_FORWARDED_PROTO="https").get("/accounts/login/")
        assert other.status_code == 400


@pytest.mark.django_db
def test_errors_show_no_stack_trace_in_production(production):
    with override_settings(**production):
        client = Client(HTTP_HOST="teamplanner.example.com", HTTP_X_FORWARDED_PROTO="https")
        for url in ("/o/no-such-org/", "/api/v1/orgs/no-such-org/teams/", "/no/such/page"):
            response = client.get(url)
            assert response.status_code in (302, 401, 404)
            assert b"Traceback" not in response.content and b"DEBUG = True" not in response.content
