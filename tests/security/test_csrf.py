"""CSRF: every POST of the browser is refused without the token, and every form carries it.

A client that enforces CSRF checks, signed in as an admin of the organisation (so permissions never
stand in the way), posts to every browser route with the organisation's own objects: each answer
is 403. Every page such a user can open has the token in each POST form, and htmx requests get it
from the page's `hx-headers`. The API refuses session-authenticated writes without the token.
"""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from teamplanner.tokens import token_issue
from tests.security.routes import browser_routes, fill

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
HX_WRITE = re.compile(r"\bhx-(?:post|put|patch|delete)=", re.I)


@pytest.fixture
def admin(own, make_member, fast_hasher):
    return make_member(own.org, "admin", username="own-admin", password="s3cret-pass-1")


def test_every_post_without_the_token_is_refused(own, admin):
    client = Client(enforce_csrf_checks=True)
    failures = []
    for route in browser_routes():
        if route == "accounts/login/":
            continue  # below, signed out
        client.force_login(admin)
        url = fill(route, own.objects, slug=own.org.slug)
        response = client.post(url, {"name": "x"})
        if response.status_code != 403:
            failures.append(f"POST {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)
    own.objects["team"].refresh_from_db()
    assert own.objects["team"].name == "Own Pod"


def test_log_in_without_the_token_is_refused(admin):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "own-admin", "password": "s3cret-pass-1"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert b"Traceback" not in response.content


def _pages(own, admin):
    client = Client()
    client.force_login(admin)
    pages = {}
    objects = {**own.objects, "assessment": own.objects["draft"]}  # the form pages exist for drafts only
    for route in browser_routes():
        if route.startswith("accounts/logout"):
            continue
        url = fill(route, objects, slug=own.org.slug)
        response = client.get(url, follow=True)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages[url] = response.content.decode()
    return pages


def test_every_form_carries_the_token(own, admin):
    pages = _pages(own, admin)
    assert len(pages) > 20  # the walk did open the pages
    failures = []
    for url, html in pages.items():
        for form in FORM.finditer(html):
            attrs = form.group("attrs")
            if not re.search(r"method=[\"']?post", attrs, re.I) and not HX_WRITE.search(attrs):
                continue
            if "csrfmiddlewaretoken" not in form.group("body") and not HX_WRITE.search(attrs):
                failures.append(f"{url}: a POST form without the CSRF token: <form{attrs}>")
        if HX_WRITE.search(html) and not re.search(r"hx-headers='\{\"X-CSRFToken\": \"[A-Za-z0-9]{32,}\"\}'", html):
            failures.append(f"{url}: htmx writes without the CSRF header on the page")
    assert not failures, "\n".join(failures)


def test_the_api_refuses_session_writes_without_the_token(own, admin):
    team_url = f"/api/v1/orgs/{own.org.slug}/teams/"
    body = {"name": "From a forged page", "kind": "platform"}
    session = APIClient(enforce_csrf_checks=True)
    session.login(username="own-admin", password="s3cret-pass-1")
    response = session.post(team_url, body, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    # with the token, as a page of the app would send it, the same write goes through
    token = session.get("/accounts/tokens/").cookies["csrftoken"].value
    assert session.post(team_url, body, format="json", HTTP_X_CSRFTOKEN=token).status_code == 201
    # a token-authenticated integrator needs no CSRF token

    integrator = APIClient(enforce_csrf_checks=True)
    integrator.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=admin)}")
    response = integrator.post(team_url, {**body, "name": "From a script"}, format="json")
    assert response.status_code == 201
