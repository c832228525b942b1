"""In Chromium: an org admin gives a new colleague an account as the lead of a new team; the new lead
signs in, changes the initial password, adds a sub-team and an opening, and fills the opening."""

import re

import pytest
from playwright.sync_api import expect

from demo.org import demo_org_seed
from orgs.models import Membership, Opening, Team
from tests.e2e.test_journey_lead import sign_in, watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(catalog):
    org, _ = demo_org_seed()
    return org


def test_admin_adds_a_team_and_its_new_lead_who_grows_it(live_server, page, demo):
    problems = watch(page)
    base = live_server.url
    sign_in(page, base, "demo-admin")

    # a new top-level team
    page.goto(f"{base}/o/{demo.slug}/")
    page.locator("#add-team").click()
    page.get_by_label("Name").fill("Fraud ML")
    page.get_by_label("Kind").select_option("embedded_ml")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Fraud ML")).to_be_visible()
    fraud = Team.objects.get(organization=demo, name="Fraud ML")

    # an account for its lead, with an initial password; a weak one is refused first
    page.goto(f"{base}/o/{demo.slug}/members/add/")
    form = page.locator("#add-new")
    form.get_by_label("Username").fill("fay-lead")
    form.get_by_label("E-mail").fill("fay@northwind.example")
    form.get_by_label("Initial password").fill("123")
    form.get_by_label("Role").select_option("lead")
    form.get_by_label("Fraud ML").check()
    form.get_by_role("button", name="Create the account and add it").click()
    expect(page.locator("#add-new")).to_contain_text("too short")
    form = page.locator("#add-new")
    expect(form.get_by_label("Username")).to_have_value("fay-lead")  # nothing else typed is lost
    form.get_by_label("Initial password").fill("fraud-detective-2026")
    form.get_by_role("button", name="Create the account and add it").click()
    expect(page.locator("body")).to_contain_text("fay-lead")
    membership = Membership.objects.get(organization=demo, user__username="fay-lead")
    assert membership.role == "lead" and list(membership.teams.all()) == [fraud]
    page.locator("#account-menu").click()
    page.get_by_role("button", name=re.compile("Log out")).click()

    # the new lead changes the password and grows the team
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("fay-lead")
    page.get_by_label("Password").fill("fraud-detective-2026")
    page.get_by_role("button", name="Log in").click()
    page.locator("#account-menu").click()
    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Current password").fill("fraud-detective-2026")
    page.get_by_label("New password", exact=True).fill("chargeback-hunter-77")
    page.get_by_label("New password again").fill("chargeback-hunter-77")
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator("body")).to_contain_text(re.compile("changed", re.I))

    page.goto(f"{base}/o/{demo.slug}/teams/{fraud.pk}/")
    page.get_by_role("link", name="Add a sub-team").click()
    page.get_by_label("Name").fill("Chargeback models")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Chargeback models")).to_be_visible()
    assert Team.objects.get(organization=demo, name="Chargeback models").parent == fraud

    page.goto(f"{base}/o/{demo.slug}/teams/{fraud.pk}/")
    page.get_by_role("link", name="Add an opening").click()
    page.get_by_label("Role").select_option(label="ML Engineer")
    page.get_by_label("Opened on").fill("2026-06-01")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#openings")).to_contain_text("ML Engineer")
    opening = Opening.objects.get(team=fraud)
    page.locator("#openings").get_by_role("link", name=re.compile("Edit")).click()
    page.get_by_label("Status").select_option("filled")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("A filled opening needs the date it was filled.")
    page.get_by_label("Filled on").fill("2026-10-15")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#openings")).to_contain_text("Filled 2026-10-15")
    opening.refresh_from_db()
    assert opening.status == "filled"

    # the team the admins gave them cannot be moved or removed by them
    page.goto(f"{base}/o/{demo.slug}/teams/{fraud.pk}/edit/")
    expect(page.get_by_label("Part of")).to_be_disabled()
    expect(page.get_by_role("button", name="Remove this team")).to_have_count(0)
    # the two refused forms answer 400 on purpose (the browser logs that); nothing else went wrong
    assert [p for p in problems if "status of 400" not in p] == []
    assert len(problems) == 2
