"""Walk every API route as a member of another organisation and as an anonymous client.

Every route of /api/ is taken from the URL resolver, filled with organisation B's slug and object
ids, and called with each method it serves. A member of organisation A (an admin there, with a
token) gets 404 for everything of B, also when the URL names A and the object is B's; anonymous
clients get 401. No body, whatever its status, contains any of B's data, and B's data is unchanged
afterwards. A new route whose parameters this walk cannot fill fails the test until it is added.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from orgs.models import Assignment, MLSystem, Opening, Person, PersonSkill, Team
from planning.models import HeadcountTarget, MaturityTarget, Scenario
from tests.security.conftest import leaks

pytestmark = pytest.mark.django_db

GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
# The object a `pk` stands for, by the collection named just before it.
COLLECTIONS = {
    "teams": "team",
    "people": "person",
    "person-skills": "skill",
    "assignments": "assignment",
    "systems": "system",
    "openings": "opening",
    "imports": "import",
    "assessments": "assessment",
    "results": "run",
    "findings": "finding",
    "scenarios": "scenario",
    "what-if": "person",
    "headcount-targets": "headcount_target",
    "maturity-targets": "maturity_target",
    "members": "membership",
}
PUBLIC = ("api/schema/", "api/docs/", "api/redoc/")  # the API's description, with no data in it
WRITE_BODY = {"name": "Changed", "value": 1, "status": "cancelled"}


def _walk(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def api_routes():
    """(route, methods) of every API URL; methods from the viewset's actions."""
    routes = []
    for route, pattern in _walk(get_resolver()):
        if not route.startswith("api/"):
            continue
        actions = getattr(pattern.callback, "actions", None)
        methods = sorted(actions) if actions else ["get"]
        routes.append((route, methods))
    return sorted(routes)


def fill(route: str, foreign, *, own_slug: str | None = None) -> str:
    """The URL of `route` pointing at organisation B's objects (with A's slug when `own_slug` is given)."""
    path = route.replace("^", "").replace("$", "")
    segments = path.split("/")

    def value(match):
        name = match.group("name")
        index = next(i for i, s in enumerate(segments) if match.group(0) in s)
        before = segments[index - 1] if index else ""
        if name == "org_slug" or (name == "slug" and before == "orgs"):
            return own_slug or foreign.org.slug
        if name == "slug" and "catalog" in segments:
            return "ml-engineer" if before == "roles" else "x"
        if name == "code":
            return foreign["question"].code
        if name == "assessment_pk":
            return str(foreign["assessment"].pk)
        if name == "run_pk":
            return str(foreign["run"].pk)
        if name == "pk" and before == "questionnaires":
            return str(foreign["assessment"].template_id)
        if name == "pk" and before in COLLECTIONS:
            return str(foreign[COLLECTIONS[before]].pk)
        pytest.fail(f"{route}: add the parameter '{name}' to the API walk so the route is checked")

    return "/" + GROUP.sub(value, path)


def _snapshot(org):
    models = (Team, Person, PersonSkill, Assignment, MLSystem, Opening, Scenario, HeadcountTarget, MaturityTarget)
    return {m.__name__: sorted(m.objects.for_org(org).values_list("pk", flat=True)) for m in models} | {
        "team names": sorted(Team.objects.for_org(org).values_list("name", flat=True)),
        "person names": sorted(Person.objects.for_org(org).values_list("name", flat=True)),
    }


def _call(client, method, url):
    if method in ("post", "put", "patch"):
        return getattr(client, method)(url, WRITE_BODY, format="json")
    return getattr(client, method)(url)


def _is_org_route(route: str) -> bool:
    return "org_slug" in route or route.startswith("api/v1/^orgs/(?P<slug>")


def test_the_walk_covers_the_api():
    routes = [r for r, _ in api_routes()]
    assert any("org_slug" in r for r in routes) and any("catalog" in r for r in routes)


@pytest.mark.parametrize("auth", ["token", "session"])
def test_member_of_another_org_gets_404_and_no_data(org, outsider, foreign, auth):
    client = APIClient()
    if auth == "token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {outsider.api_key}")
    else:
        client.force_login(outsider)  # force_login skips CSRF checks too, so writes reach the view
    before = _snapshot(foreign.org)
    failures = []
    for route, methods in api_routes():
        urls = {fill(route, foreign)}
        if "pk" in route or "code" in route:
            urls.add(fill(route, foreign, own_slug=org.slug))  # A's organisation, B's object
        for url in sorted(urls):
            for method in methods:
                response = _call(client, method, url)
                if leaks(response):
                    failures.append(f"{method.upper()} {url} -> {response.status_code} shows organisation B's data")
                elif _is_org_route(route) and response.status_code not in (404, 405):
                    failures.append(f"{method.upper()} {url} -> {response.status_code}, expected 404")
    assert not failures, "\n".join(failures)
    assert _snapshot(foreign.org) == before


def test_anonymous_client_gets_401_and_no_data(foreign):
    client = APIClient()
    before = _snapshot(foreign.org)
    failures = []
    for route, methods in api_routes():
        url = fill(route, foreign)
        for method in methods:
            response = _call(client, method, url)
            public = route.startswith(PUBLIC)
            if leaks(response):
                failures.append(f"{method.upper()} {url} -> {response.status_code} shows organisation B's data")
            elif not public and response.status_code not in (401, 405):
                failures.append(f"{method.upper()} {url} -> {response.status_code}, expected 401")
            elif response.status_code == 401 and "Token" not in response.get("WWW-Authenticate", ""):
                failures.append(f"{method.upper()} {url} -> 401 without a WWW-Authenticate: Token header")
    assert not failures, "\n".join(failures)
    assert _snapshot(foreign.org) == before


def test_a_members_token_reads_its_own_org_and_never_the_other(org, outsider, foreign, make_member):
    """The walk above is not vacuous: the same client sees its own organisation's data."""
    from tests.orgs.factories import TeamFactory

    TeamFactory(organization=org, name="Own team")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {outsider.api_key}")
    response = client.get(f"/api/v1/orgs/{org.slug}/teams/")
    assert response.status_code == 200 and b"Own team" in response.content and not leaks(response)
    orgs = client.get("/api/v1/orgs/").json()
    slugs = [o["slug"] for o in orgs.get("results", orgs)]
    assert slugs == [org.slug]
