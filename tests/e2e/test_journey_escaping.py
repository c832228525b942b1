"""In Chromium, names made of markup stay text: no page, fragment or chart runs them.

The team, people, a system and a scenario of the organisation are named with HTML that would show
an alert or set `window.__xss` if inserted as markup. Every page that shows them is opened, its
charts drawn; nothing runs, and the names read as typed.
"""

import pytest
from playwright.sync_api import expect

from tests.security.markup import SCRIPT, markup_org, pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_markup_names_never_run_in_the_browser(live_server, login_page, catalog):
    org, objects = markup_org()
    page = login_page(objects["admin"])
    ran: list[str] = []
    page.on("dialog", lambda dialog: (ran.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda exc: ran.append(f"page error: {exc}"))
    for what, url in pages(org, objects).items():
        page.goto(live_server.url + url)
        for chart in page.locator(".js-chart").all():
            expect(chart).to_have_attribute("data-rendered", "true", timeout=20_000)
        assert page.evaluate("window.__xss") is None, f"{what}: markup in a name ran"
    assert not ran, ran

    page.goto(live_server.url + pages(org, objects)["team page"])
    expect(page.get_by_role("heading", level=1)).to_contain_text(SCRIPT)
    page.goto(live_server.url + pages(org, objects)["dashboard"])
    expect(page.locator("#chart-heatmap .ytick text", has_text=SCRIPT)).to_have_count(1)
