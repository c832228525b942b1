"""Every browser URL of the project, filled in with one organisation's objects."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SKIP = ("admin/", "api/", "static/")
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
# The object an `<int:pk>` stands for, by the collection named just before it.
COLLECTIONS = {"assessments": "assessment", "scenarios": "scenario", "runs": "run", "findings": "finding"}
PARAMS = {
    "team_id": "team",
    "person_id": "person",
    "system_id": "system",
    "opening_id": "opening",
    "run_id": "import",
    "question_id": "question",
    "finding_id": "finding",
    "scenario_id": "scenario",
    "assessment_id": "assessment",
    "member_id": "membership",
}


def _walk(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def browser_routes() -> list[str]:
    return sorted({route for route, _ in _walk(get_resolver()) if not route.startswith(SKIP)})


def is_org_route(route: str) -> bool:
    return "<slug:org_slug>" in route


def has_object(route: str) -> bool:
    return any(m.group("name") != "org_slug" for m in PARAM.finditer(route))


def fill(route: str, objects, *, slug: str) -> str:
    """The URL of `route` for the organisation `slug` and the objects in `objects` (a dict by kind)."""
    segments = route.split("/")

    def value(match):
        name = match.group("name")
        if name == "org_slug":
            return slug
        if name == "number":
            return "1"
        index = next(i for i, s in enumerate(segments) if match.group(0) in s)
        before = segments[index - 1] if index else ""
        kind = COLLECTIONS.get(before) if name == "pk" else PARAMS.get(name)
        if kind is None:
            pytest.fail(f"{route}: add the parameter '{name}' to tests/security/routes.py so the route is checked")
        return str(objects[kind].pk)

    return "/" + PARAM.sub(value, route)
