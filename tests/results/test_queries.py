"""The results pages make the same number of SQL queries whatever the size of the organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import Team
from scoring.models import ScoringRun
from tests.scoring.factories import large_org_seed

pytestmark = pytest.mark.django_db

MAX_QUERIES = 22  # session, user, membership, the user's orgs, the results reads (see selectors.py), target gaps


def _pages(org) -> dict[str, str]:
    division = Team.objects.filter(organization=org, parent__isnull=True).order_by("pk").first()
    assessed = ScoringRun.objects.filter(organization=org, team__isnull=False).order_by("pk").first().team_id
    dashboard = reverse("results:dashboard", kwargs={"org_slug": org.slug})
    return {
        "dashboard": dashboard,
        "dashboard of a division": f"{dashboard}?team={division.pk}",
        "dashboard as of a date": f"{dashboard}?as_of=2099-01-01",
        "team page": reverse("results:team", kwargs={"org_slug": org.slug, "team_id": assessed}),
        "findings": reverse("results:findings", kwargs={"org_slug": org.slug}),
        "xlsx": reverse("results:export_xlsx", kwargs={"org_slug": org.slug}),
        "findings csv": reverse("results:export_findings", kwargs={"org_slug": org.slug}),
    }


def _count(client, url) -> int:
    client.get(url)  # a first request fills per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_organisation(client, catalog, make_member, django_assert_max_num_queries):
    small = large_org_seed(teams=8, people=40, assessments=5, slug="small-org")
    large = large_org_seed(teams=80, people=800, assessments=30, slug="larger-org")
    assert Team.objects.filter(organization=large).count() == 10 * Team.objects.filter(organization=small).count()
    counts = {}
    for org in (small, large):
        client.force_login(make_member(org, "executive"))
        counts[org.slug] = {name: _count(client, url) for name, url in _pages(org).items()}
        pages = _pages(org)
        for url in pages.values():
            with django_assert_max_num_queries(MAX_QUERIES):
                client.get(url)
    assert counts["small-org"] == counts["larger-org"]
    assert max(counts["larger-org"].values()) <= MAX_QUERIES
