"""One table of (action, role, expected decision) for every write the app offers, tried through both doors.

Each row runs through the browser pages (Django's test client) and the API (DRF's client, session login),
each from the same data (a savepoint rolled back after each door): both must answer with the expected
decision and leave the same rows. The table is in tests/parity/table.py, the doors and the decisions in
tests/parity/doors.py, the data in tests/parity/world.py.

A second test walks every URL of the project: each write the API or a page offers must have a row in the
table, or be named below as outside it, with the reason.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from tests.parity.doors import ALLOWED, attempt, diff
from tests.parity.table import ACTIONS, ROWS
from tests.parity.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(catalog, make_member, fast_hasher):
    return build_world(make_member)


@pytest.mark.parametrize(("action", "role"), ROWS, ids=[f"{a.name}-{r}" for a, r in ROWS])
def test_both_doors_decide_alike(action, role, world, monkeypatch):
    if action.eager:
        monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    expected = action.expected(role)
    user = world.user(role)
    outcomes = {}
    for door, build, client in (("browser", action.browser, Client()), ("api", action.api, APIClient())):
        if build is None:
            outcomes[door] = None  # this door does not offer the action (the row says so)
            continue
        outcomes[door] = attempt(door, client, build(world), user=user)

    offered = {door: o for door, o in outcomes.items() if o is not None}
    assert offered, f"{action.name}: neither door offers it"
    decisions = {door: o.decision for door, o in offered.items()}
    problems = [
        f"{door}: {o.decision} ({o.status}) {o.detail}".strip() for door, o in offered.items() if o.decision != expected
    ]
    assert not problems, f"{action.name} as {role}: expected {expected}, got {decisions}\n" + "\n".join(problems)

    for door, o in offered.items():
        if expected != ALLOWED:
            assert not o.changed, f"{action.name} as {role}: the {door} refused but changed data"
    if len(offered) == 2:
        left = {k: v for k, v in offered["browser"].after.items() if k not in action.unlike}
        right = {k: v for k, v in offered["api"].after.items() if k not in action.unlike}
        assert left == right, f"{action.name} as {role}: the doors left different data: {diff(left, right)}"


# --- every write has a row ---------------------------------------------------------------------------------

WRITE_METHODS = {"post", "put", "patch", "delete"}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}

# Writes outside the table, each with the reason.
NOT_IN_TABLE = {
    # the account pages act on the signed-in user only, never on an organisation's data
    ("login", "post"): "log-in",
    ("logout", "post"): "log-out",
    ("password_change", "post"): "the user's own password",
    ("api_tokens", "post"): "the user's own API token",
    ("invitations", "post"): "the user's own invitations (tests/orgs/test_members.py)",
    # the shared catalog: site staff in the Django admin and the API, no organisation role applies
    **{
        (f"api-{kind}-{where}", method): "shared catalog, site staff only (tests/api/test_catalog.py)"
        for kind in ("role", "responsibility", "skill", "archetype")
        for where, methods in (("list", ("post",)), ("detail", ("put", "patch", "delete")))
        for method in methods
    },
    # PUT sends every field of what PATCH sends some of: the same service call as the PATCH rows
    ("api-organization-detail", "put"): "as PATCH (org-target-level)",
    ("api-team-detail", "put"): "as PATCH (team-rename, team-move-*)",
    ("api-person-detail", "put"): "as PATCH (person-update)",
    ("api-person-skill-detail", "put"): "as PATCH (person-skill-change)",
    ("api-assignment-detail", "put"): "as PATCH (matrix-cell-change)",
    ("api-system-detail", "put"): "as PATCH (system-update)",
    ("api-opening-detail", "put"): "as PATCH (opening-fill, opening-cancel)",
    ("api-member-detail", "put"): "as PATCH (member-change-role)",
}
# Browser URLs that accept POST without writing anything (checked below: a POST changes no data).
POST_READS = {
    "home": "chooses an organisation",
    "healthz": "the health check",
    "password_change_done": "a confirmation page",
    "orgs:org_home": "a page",
    "assessments:list": "a page",
    "assessments:assessment_list": "a page",
    "assessments:detail": "a page",
    "assessments:status": "a polled badge",
    "assessments:section": "a page",
    "assessments:review": "a page",
}
SKIP_ROUTES = ("admin/", "api/schema/", "api/docs/", "api/redoc/", "static/")


def _walk(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            for route, name, callback in _walk(p, prefix + str(p.pattern)):
                yield route, (ns + name if name and ns and ":" not in name else name), callback
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name, p.callback


def _api_writes() -> set[tuple[str, str]]:
    writes = set()
    for route, name, callback in _walk(get_resolver()):
        if not route.startswith("api/v1/"):
            continue
        actions = getattr(callback, "actions", None) or {}
        allowed = set(getattr(callback.cls, "http_method_names", ())) if hasattr(callback, "cls") else set()
        for method in actions:
            if method in WRITE_METHODS and method in allowed:
                writes.add((name, method))
    return writes


def _browser_routes() -> list[tuple[str, str, object]]:
    return [r for r in _walk(get_resolver()) if not r[0].startswith(SKIP_ROUTES) and not r[0].startswith("api/")]


def _covered(world) -> set[tuple[str, str]]:
    covered = set()
    for action in ACTIONS:
        for build in (action.browser, action.api):
            if build is None:
                continue
            call = build(world)
            match = resolve(call.url.split("?")[0])
            covered.add((match.view_name, call.method.lower()))
    return covered


def _accepts_post(callback) -> bool:
    """False when the view refuses POST before anything else (require_GET / require_http_methods)."""
    seen = callback
    while seen is not None:
        closure = getattr(seen, "__closure__", None) or ()
        for c in closure:
            value = c.cell_contents
            methods = value if isinstance(value, list | tuple | set) else ()
            if methods and all(isinstance(m, str) for m in methods) and {m.upper() for m in methods} <= READ_METHODS:
                return False
        seen = getattr(seen, "__wrapped__", None)
    return True


def test_every_write_has_a_row(world):
    covered = _covered(world)
    missing = sorted(w for w in _api_writes() if w not in covered and w not in NOT_IN_TABLE)
    for _route, name, callback in _browser_routes():
        if not name or not _accepts_post(callback):
            continue
        if (name, "post") not in covered and (name, "post") not in NOT_IN_TABLE and name not in POST_READS:
            missing.append((name, "post"))
    assert not missing, (
        "writes without a row in tests/parity/table.py (add a row, or name them in NOT_IN_TABLE with the reason): "
        f"{missing}"
    )
    stale = sorted(k for k in NOT_IN_TABLE if k in covered)
    assert not stale, f"NOT_IN_TABLE names writes that have a row: {stale}"


@pytest.mark.parametrize("name", sorted(POST_READS))
def test_pages_that_take_a_post_without_a_row_write_nothing(name, world):
    from tests.parity.doors import Call

    kwargs = {"org_slug": world.org.slug}
    params = {
        "assessments:detail": {"pk": world.draft.pk},
        "assessments:status": {"pk": world.draft.pk},
        "assessments:section": {"pk": world.draft.pk, "number": 1},
        "assessments:review": {"pk": world.draft.pk},
    }
    from django.urls import reverse

    url = (
        reverse(name)
        if name in ("home", "healthz", "password_change_done")
        else reverse(name, kwargs={**kwargs, **params.get(name, {})})
    )
    outcome = attempt("browser", Client(), Call("POST", url, {}), user=world.user("admin"))
    assert not outcome.changed, f"POST {url} changed data: add a row to the parity table"
