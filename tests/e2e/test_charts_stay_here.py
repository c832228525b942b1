"""Charts hold people data, so they stay on this server: every toolbar button of every chart on the dashboard and
on the hiring forecast is clicked in Chromium, and no request leaves the server's own origin. Each chart has one
PNG button (ours) and no upload, share or "Edit in Chart Studio" button."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo.org import demo_org_seed
from tests.scoring.factories import org_results_seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DASHBOARD_CHARTS = ["radar", "heatmap", "trend", "families", "composition", "coverage"]
FORECAST_CHARTS = ["capacity", "openings"]
THIRD_PARTY_WORDS = ("cloud", "chart studio", "share", "edit in", "plotly.com", "plot.ly")


@pytest.fixture
def demo(catalog):
    org, _ = demo_org_seed()
    org_results_seed(org, org_runs=3, findings=8)
    return org


def _record_requests(page) -> list[str]:
    """Every URL the browser asks for, from this page and from any window it opens."""
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url))
    page.context.on("page", lambda popup: urls.append(f"popup:{popup.url}"))
    return urls


def _foreign(urls: list[str], origin: str) -> list[str]:
    own = urlsplit(origin)
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue  # made in the browser (the PNG), never sent anywhere
        if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
            foreign.append(url)
    return foreign


def _click_every_toolbar_button(page, key: str) -> list[str]:
    chart = page.locator(f"#chart-{key}")
    expect(chart).to_have_attribute("data-rendered", "true", timeout=20_000)
    config = chart.evaluate(
        "el => ({link: el._context.showLink, cloud: el._context.showSendToCloud,"
        " studio: el._context.showEditInChartStudio, server: el._context.plotlyServerURL})"
    )
    # this plotly.js no longer knows showLink or "Edit in Chart Studio" (None); older ones would see False
    assert config["cloud"] is False and config["server"] == "", (key, config)
    assert not config["link"] and not config["studio"], (key, config)
    chart.scroll_into_view_if_needed()
    chart.hover()
    buttons = chart.locator(".modebar-btn")
    expect(buttons.first).to_be_attached()
    titles = []
    for index in range(buttons.count()):
        button = buttons.nth(index)
        title = button.get_attribute("data-title") or button.get_attribute("title") or ""
        titles.append(title)
        assert not any(word in title.lower() for word in THIRD_PARTY_WORDS), (key, title)
        assert "png" not in title.lower() and "download" not in title.lower(), (key, title)
        chart.hover()
        button.click(force=True)
    # one PNG button per chart: ours, which downloads a real PNG made in the browser
    png = page.locator(f"[data-chart-png='chart-{key}']")
    expect(png).to_have_count(1)
    with page.expect_download() as download:
        png.click()
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return titles


def test_every_toolbar_button_of_every_chart_stays_on_this_server(live_server, login_page, demo):
    page = login_page(get_user_model().objects.get(username="demo-exec"))
    page.set_viewport_size({"width": 1440, "height": 900})
    urls = _record_requests(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/o/{demo.slug}/results/")
    clicked = [title for key in DASHBOARD_CHARTS for title in _click_every_toolbar_button(page, key)]
    assert clicked  # the toolbars were there and were used

    page.goto(f"{live_server.url}/o/{demo.slug}/planning/forecast/")
    for key in FORECAST_CHARTS:
        _click_every_toolbar_button(page, key)

    page.wait_for_timeout(500)  # anything a click set off has had time to start
    assert len(page.context.pages) == 1, [p.url for p in page.context.pages]
    assert _foreign(urls, live_server.url) == []
    assert errors == []
