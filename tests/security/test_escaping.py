"""Names users type are text everywhere: a team, people, a system and a scenario named with markup
appear escaped in every page, htmx fragment, chart JSON and export that shows them, and never as markup."""

import csv
import io
import json
import re

import openpyxl
import pytest

from tests.security.markup import ESCAPED, FORMULA, RAW, markup_org, pages

pytestmark = pytest.mark.django_db

JSON_BLOCK = re.compile(r'<script[^>]*type="application/json"[^>]*>(?P<json>.*?)</script>', re.S)
# Pages that name the team or the person and so must show the escaped name (the others need only not break).
MUST_NAME = {"org home", "team page", "matrix", "team matrix", "person page", "dashboard", "team results"}
MUST_NAME |= {"planning", "scenario", "comparison", "what-if", "what-if person"}


@pytest.fixture
def setup(catalog, fast_hasher):
    org, objects = markup_org()
    return objects["admin"], org, objects


def test_markup_names_are_escaped_on_every_page(client, setup):
    admin, org, objects = setup
    client.force_login(admin)
    failures = []
    for what, url in pages(org, objects).items():
        response = client.get(url)
        html = response.content.decode()
        if response.status_code != 200:
            failures.append(f"{what} {url} -> {response.status_code}")
            continue
        for raw in RAW:
            if raw in html:
                failures.append(f"{what} {url}: '{raw}' is in the page unescaped")
        if what in MUST_NAME and not any(e in html or e in html.lower() for e in ESCAPED):
            failures.append(f"{what} {url}: the name does not appear (escaped) at all")
    assert not failures, "\n".join(failures)


def test_chart_json_carries_names_as_escaped_text(client, setup):
    """Figures sit in <script type="application/json"> blocks: nothing in them can close the block."""
    admin, org, objects = setup
    client.force_login(admin)
    found = 0
    for what, url in pages(org, objects).items():
        html = client.get(url).content.decode()
        for block in JSON_BLOCK.finditer(html):
            found += 1
            assert "<" not in block.group("json"), f"{what}: markup inside chart data"
            json.loads(block.group("json"))
    assert found >= 5, "the pages drew too few charts for this check to mean anything"
    dashboard = client.get(f"/o/{org.slug}/results/").content.decode()
    charts = "".join(b.group("json") for b in JSON_BLOCK.finditer(dashboard)).lower()
    assert "\\u0026lt;script\\u0026gt;alert(1)" in charts or "\\u003cscript\\u003ealert(1)" in charts


def test_exports_never_turn_a_name_into_a_formula(client, setup):
    admin, org, objects = setup
    client.force_login(admin)
    seen = set()
    for url in (f"/o/{org.slug}/results/export/findings.csv", f"/o/{org.slug}/results/export/scores.csv"):
        response = client.get(url)
        assert response.status_code == 200
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), f"{url}: a cell a spreadsheet would run: {cell}"
                seen.add(cell)
    assert any(FORMULA in cell for cell in seen), "the formula-like team name is not in the exports"
    for url in (f"/o/{org.slug}/results/export/results.xlsx", f"/o/{org.slug}/export.xlsx"):
        workbook = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
        cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
        assert cells and all(c.data_type != "f" for c in cells), f"{url}: a formula cell"
        assert any(FORMULA in str(c.value) for c in cells), f"{url}: the name is missing"
