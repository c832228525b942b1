"""Walk every browser URL as a member of another organisation and anonymously: never any data.

tests/test_tenancy_walk.py checks the status codes of the organisation pages; this walk also takes
the pages outside an organisation, asks with organisation A's slug and B's object ids, and looks
into every body (downloads unpacked) for organisation B's data. The admin site is walked too, by a
staff member of organisation A.
"""

import pytest
from django.contrib.auth.models import Permission

from tests.security.conftest import leaks
from tests.security.routes import browser_routes, fill, has_object, is_org_route

pytestmark = pytest.mark.django_db


def _urls(route, foreign, own_slug):
    urls = {fill(route, foreign.objects, slug=foreign.org.slug)}
    if is_org_route(route) and has_object(route):
        urls.add(fill(route, foreign.objects, slug=own_slug))
    return sorted(urls)


def test_member_of_another_org_never_sees_its_data(client, org, outsider, foreign):
    failures = []
    for route in browser_routes():
        for url in _urls(route, foreign, org.slug):
            for method in ("get", "post"):
                client.force_login(outsider)  # again, since one of the routes logs out
                response = getattr(client, method)(url)
                if leaks(response):
                    failures.append(f"{method.upper()} {url} -> {response.status_code} shows organisation B's data")
                elif is_org_route(route) and response.status_code not in (404, 405):
                    failures.append(f"{method.upper()} {url} -> {response.status_code}, expected 404")
    assert not failures, "\n".join(failures)


def test_anonymous_user_never_sees_data(client, foreign):
    failures = []
    for route in browser_routes():
        url = fill(route, foreign.objects, slug=foreign.org.slug)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            to_login = response.status_code == 302 and response.url.startswith("/accounts/login/")
            if leaks(response):
                failures.append(f"{method.upper()} {url} -> {response.status_code} shows organisation B's data")
            elif is_org_route(route) and not (to_login or response.status_code in (404, 405)):
                failures.append(f"{method.upper()} {url} -> {response.status_code}, expected a log-in redirect")
    assert not failures, "\n".join(failures)


TENANT_MODELS = {
    "orgs": ["organization", "membership", "team", "person", "mlsystem", "opening"],
}


def test_staff_member_of_another_org_sees_none_of_its_rows_in_the_admin(client, org, outsider, foreign):
    outsider.is_staff = True
    outsider.save()
    outsider.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["orgs"]))
    client.force_login(outsider)
    objects = {
        "organization": foreign.org,
        "team": foreign["team"],
        "person": foreign["person"],
        "mlsystem": foreign["system"],
        "opening": foreign["opening"],
    }
    failures = []
    for app, models in TENANT_MODELS.items():
        for model in models:
            changelist = client.get(f"/admin/{app}/{model}/")
            if changelist.status_code != 200 or leaks(changelist):
                failures.append(f"/admin/{app}/{model}/ -> {changelist.status_code}")
            if model in objects:
                for page in ("change", "history", "delete"):
                    url = f"/admin/{app}/{model}/{objects[model].pk}/{page}/"
                    response = client.get(url)
                    # 403: the admin refuses every delete of tenant data (read-only) before it looks the row up
                    if response.status_code not in (302, 403, 404) or leaks(response):
                        failures.append(f"{url} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_marker_is_found_where_the_data_is_shown(client, foreign):
    """The walks above would notice a leak: organisation B's own admin sees the marker on B's pages."""
    client.force_login(foreign["member"])
    for route in ("o/<slug:org_slug>/", "o/<slug:org_slug>/teams/<int:team_id>/"):
        response = client.get(fill(route, foreign.objects, slug=foreign.org.slug))
        assert response.status_code == 200 and leaks(response)
    export = client.get(f"/o/{foreign.org.slug}/export.xlsx")
    assert export.status_code == 200 and leaks(export)  # found inside the unpacked workbook
