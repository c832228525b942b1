"""The dashboard shows the gap to the headcount and maturity targets set on the planning pages."""

import pytest
from django.urls import reverse

from planning.models import HeadcountTarget, MaturityTarget
from tests.orgs.factories import PersonFactory, TeamFactory, role
from tests.scoring.factories import scored_run

pytestmark = pytest.mark.django_db


def test_dashboard_lists_headcount_and_maturity_gaps(client, org, make_member):
    run = scored_run(org=org)
    team = TeamFactory(organization=org, name="Fraud <ML>")
    PersonFactory(team=team, role=role("ml-engineer"))
    HeadcountTarget.objects.create(organization=org, team=team, role=role("ml-engineer"), headcount=3)
    level = run.dimension_scores.exclude(level=None).order_by("dimension").first()
    MaturityTarget.objects.create(organization=org, dimension=level.dimension, level=5)
    client.force_login(make_member(org, "executive"))

    page = client.get(reverse("results:dashboard", kwargs={"org_slug": org.slug})).content.decode()

    assert 'id="target-gaps"' in page
    assert "Fraud &lt;ML&gt;" in page  # names are escaped
    headcount_row = page.split("People still missing")[1]
    assert '<td>ML Engineer</td><td>Fraud &lt;ML&gt;</td><td class="text-end">3</td>' in headcount_row
    assert f'<td class="text-end">{5 - level.level}</td>' in page.split("Maturity below target")[1]


def test_no_gap_panel_before_anything_is_scored(client, org, make_member):
    client.force_login(make_member(org, "executive"))
    page = client.get(reverse("results:dashboard", kwargs={"org_slug": org.slug})).content.decode()
    assert 'id="target-gaps"' not in page
