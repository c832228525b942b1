"""Walk every browser URL as a member of another organisation and as an anonymous user.

Nobody may see or change another organisation's data: every page of org B answers 404 to a
member of org A (also with A's slug and B's object ids), and anonymous users are sent to log in.
A new URL whose parameters this walk cannot fill makes the test fail, so it has to be added here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from assessments.models import Assessment, Question, QuestionnaireTemplate, Section
from planning.models import Scenario
from scoring.models import Finding, ScoringRun
from tests.orgs.factories import MembershipFactory, MLSystemFactory, OpeningFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "api/", "static/", "accounts/", "healthz")
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
# `pk` is named after the collection it follows in the route
COLLECTIONS = {
    "teams": "team",
    "people": "person",
    "persons": "person",
    "systems": "system",
    "openings": "opening",
    "assessments": "assessment",
    "runs": "run",
    "results": "run",
    "findings": "finding",
    "scenarios": "scenario",
    "imports": "import",
    "questions": "question",
    "answer": "question",
}


def _walk(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def org_routes():
    return sorted({r for r, _ in _walk(get_resolver()) if not r.startswith(SKIP_PREFIXES) and "<" in r})


@pytest.fixture
def foreign(other_org, django_user_model):
    """Org B with one of everything."""
    team = TeamFactory(organization=other_org)
    person = PersonFactory(team=team)
    template = QuestionnaireTemplate.objects.create(slug="walk", name="Walk", version=1, status="published")
    assessment = Assessment.objects.create(organization=other_org, team=team, template=template, status="submitted")
    run = ScoringRun.objects.create(
        organization=other_org,
        assessment=assessment,
        idempotency_key="walk",
        status="done",
        scoring_version="test",
        inputs_at=timezone.now(),
    )
    section = Section.objects.create(template=template, title="Walk")
    question = Question.objects.create(
        section=section, code="walk-q", text="?", dimension="talent_hiring", kind="scale"
    )
    objects = {
        "question": question,
        "team": team,
        "person": person,
        "system": MLSystemFactory(team=team),
        "opening": OpeningFactory(team=team),
        "assessment": assessment,
        "run": run,
        "finding": Finding.objects.create(run=run, kind="truck_factor", severity="high", title="t"),
        "scenario": Scenario.objects.create(organization=other_org, name="What if"),
        "member": MembershipFactory(organization=other_org, role="admin"),
    }
    try:
        from orgs.models import ImportRun

        objects["import"] = ImportRun.objects.create(organization=other_org, filename="x.csv", content=b"")
    except (ImportError, TypeError):
        pass
    return objects


def _fill(route, *, slug, objects):
    segments = route.split("/")

    def value(match):
        name = match.group("name")
        if name == "org_slug":
            return slug
        index = next(i for i, s in enumerate(segments) if match.group(0) in s)
        kind = name.removesuffix("_id").removesuffix("_pk")
        if name == "pk" and index > 0:
            kind = COLLECTIONS.get(segments[index - 1], "")
        if kind in objects:
            return str(objects[kind].pk)
        if match.group("conv") in ("int", None) and name.endswith(("_id", "pk")):
            pytest.fail(f"{route}: add '{name}' to the tenancy walk so it is checked")
        return "x"

    return "/" + PARAM.sub(value, route)


def test_every_org_route_is_known():
    assert any(r.startswith("o/<slug:org_slug>/") for r in org_routes())


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_of_another_org_gets_404_everywhere(client, org, foreign, make_member, method):
    client.force_login(make_member(org, "admin"))
    failures = []
    for route in org_routes():
        for slug in {foreign["team"].organization.slug, org.slug}:
            if slug == org.slug and not re.search(r"<[^>]*(?:_id|pk)>", route):
                continue  # own org and no object ids: the user's own page
            url = _fill(route, slug=slug, objects=foreign)
            response = getattr(client, method)(url)
            if response.status_code not in (404, 405):
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_anonymous_user_is_sent_to_log_in_everywhere(client, org, foreign):
    failures = []
    for route in org_routes():
        url = _fill(route, slug=org.slug, objects=foreign)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            ok = response.status_code in (404, 405) or (
                response.status_code == 302 and response.url.startswith("/accounts/login/")
            )
            if not ok:
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)
