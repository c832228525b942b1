"""The org dashboard, the team results page, the findings list and the exports, against stored results."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.choices import SCORED_DIMENSIONS
from assessments.models import Assessment
from planning.models import Scenario
from scoring.choices import RunStatus
from tests.orgs.factories import PersonFactory, TeamFactory
from tests.scoring.factories import (
    ScoringRunFactory,
    empty_summary,
    evidence,
    questionnaire_template,
    scored_run,
)

pytestmark = pytest.mark.django_db

DIMS = [d.value for d in SCORED_DIMENSIONS]
ORG_LEVELS = dict(zip(DIMS, [2, 3, None, 4, 1, 2, 3, 5, 2, 3, 4, 1, 2], strict=True))
OLD_LEVELS = dict.fromkeys(DIMS, 2)
B_LEVELS = dict(zip(DIMS, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3], strict=True))
C_LEVELS = dict(zip(DIMS, [5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4, None], strict=True))
FIG = re.compile(r'<script type="application/json" id="fig-(\w+)">(.*?)</script>', re.S)


def figures(response) -> dict:
    return {key: json.loads(body) for key, body in FIG.findall(response.content.decode())}


def trace(fig, name):
    return next(t for t in fig["data"] if t.get("name") == name)


def url(name, org, **kwargs):
    return reverse(f"results:{name}", kwargs={"org_slug": org.slug, **kwargs})


def composition(team, role, family, fte) -> dict:
    row = {"team_id": team.pk, "team": team.name, "parent_id": team.parent_id}
    return row | {"role": role, "family": family, "fte": fte}


def summary_for(a, b, c) -> dict:
    s = empty_summary()
    s["composition"] = [
        composition(a, "AI Team Lead", "ml_support", 1.0),
        composition(b, "Data Scientist", "builder", 4.5),
        composition(b, "ML Engineer", "productioniser", 1.0),
        composition(c, "Data Scientist", "builder", 2.0),
        composition(c, "ML Engineer", "productioniser", 1.0),
    ]
    s["deployment"] = {
        "builder_fte": 6.5,
        "productioniser_fte": 2.0,
        "builders_per_productioniser": 3.25,
        "production_systems": 5,
        "systems_per_productioniser": 2.5,
    }
    s["coverage"] = [
        {"id": 1, "slug": "hiring", "name": "Hiring", "pillar": "team", "owners": 2, "contributors": 1, "backups": 0,
         "owner_teams": [b.name]},
        {"id": 2, "slug": "model-governance", "name": "Governance and safety checks", "pillar": "model", "owners": 0,
         "contributors": 3, "backups": 1, "owner_teams": []},
        {"id": 3, "slug": "model-deployment", "name": "Packaging and deployment", "pillar": "model", "owners": 1,
         "contributors": 0, "backups": 0, "owner_teams": [c.name]},
    ]  # fmt: skip
    s["talent"] = {
        "open_roles": [
            {"opening_id": 1, "role": "MLOps Engineer", "team": b.name, "months_to_hire": 7.0},
            {"opening_id": 2, "role": "ML Engineer", "team": c.name, "months_to_hire": 6.0},
        ],
        "weighted_open_months": 13.0,
        "lone_practitioners": [],
    }
    s["truck_factor"] = {"value": 1, "removed": [{"id": 7, "name": "Priya Raman"}], "production_systems": 5,
                         "orphaned_after": 4}  # fmt: skip
    s["bus_factors"]["systems"] = [
        {"id": 1, "name": "Credit scoring", "team_id": b.pk, "team": b.name, "stage": "production", "bus_factor": 1},
        {"id": 2, "name": "Fraud", "team_id": c.pk, "team": c.name, "stage": "production", "bus_factor": 2},
    ]
    s["classification"].update(
        archetype=3,
        archetype_name="Product-embedded",
        archetype_reasons=["Engineers deploy what they build."],
        current_structure="decentralized",
        recommended_structure="hybrid",
        recommendation_reasons=["A shared platform core would serve the pods."],
        changes_needed=["Create a central ML platform team."],
        ml_fte=9.5,
        advice=[
            {
                "topic": "hire_next",
                "text": "Hire next: a data engineer.",
                "facts": ["no data engineers"],
                "source": "Full Stack Deep Learning, Lecture 13: ML Teams and Startups",
            }
        ],
    )
    return s


@pytest.fixture
def world(org, other_org):
    """Org with teams A > B and C; two org-wide scorings, team scorings, and runs the dashboard must ignore."""
    a = TeamFactory(organization=org, name="Data & AI")
    b = TeamFactory(organization=org, name="Credit Models", parent=a)
    c = TeamFactory(organization=org, name="Payments Pod")
    template = questionnaire_template()
    t0 = timezone.now() - timedelta(days=60)

    def assessment(title, team=None):
        return Assessment.objects.create(organization=org, team=team, template=template, title=title)

    priya = PersonFactory(team=b, name="Priya Raman")
    summary = summary_for(a, b, c)
    old = scored_run(org, levels=OLD_LEVELS, at=t0, summary=summary, assessment=assessment("Spring check"))
    new = scored_run(
        org,
        levels=ORG_LEVELS,
        at=t0 + timedelta(days=30),
        summary=summary,
        assessment=assessment("Summer check"),
        truck_factor=1,
        findings=[
            {
                "kind": "universal_expert",
                "severity": "critical",
                "title": "One person deploys every credit model",
                "team": b,
                "recommendation": "Pair a second engineer on the next two releases.",
                "evidence": evidence(
                    people=[{"id": priya.pk, "name": priya.name}],
                    teams=[{"id": b.pk, "name": b.name}],
                    systems=[{"id": 1, "name": "Credit scoring"}],
                ),
            },
            {
                "kind": "uncovered_responsibility",
                "severity": "high",
                "title": "Nobody owns governance and safety checks",
                "evidence": evidence(responsibilities=[{"id": 2, "slug": "model-governance", "name": "Governance"}]),
            },
            {
                "kind": "lone_practitioner",
                "severity": "medium",
                "title": "A lone data scientist in Payments",
                "team": c,
                "evidence": evidence(teams=[{"id": c.pk, "name": c.name}]),
            },
        ],
    )
    b_old = scored_run(org, team=b, levels=dict.fromkeys(DIMS, 1), at=t0, assessment=assessment("B1", b))
    b_new = scored_run(
        org,
        team=b,
        levels=B_LEVELS,
        at=t0 + timedelta(days=20),
        assessment=assessment("B2", b),
        findings=[{"kind": "overloaded_team", "severity": "high", "title": "Credit Models owns too much", "team": b}],
    )
    c_run = scored_run(org, team=c, levels=C_LEVELS, at=t0 + timedelta(days=10), assessment=assessment("C1", c))
    # Runs the dashboard must not show: a what-if scenario, and a newer scoring still running.
    scenario = Scenario.objects.create(organization=org, name="Hire two MLEs")
    scored_run(org, levels=dict.fromkeys(DIMS, 5), scenario=scenario, at=t0 + timedelta(days=40))
    ScoringRunFactory(organization=org, status=RunStatus.RUNNING, finished_at=None, overall_level=None)
    # Another organisation's results.
    scored_run(other_org, levels=dict.fromkeys(DIMS, 5), findings=[{"title": "Foreign finding"}])
    runs = {"old": old, "new": new, "b_old": b_old, "b_new": b_new, "c_run": c_run}
    return {"a": a, "b": b, "c": c, "priya": priya, "t0": t0, **runs}


@pytest.fixture
def exec_client(client, org, make_member):
    client.force_login(make_member(org, "executive"))
    return client


# --- chart data against stored results -------------------------------------------------------------------


def test_every_chart_shows_the_stored_results(exec_client, org, world):
    response = exec_client.get(url("dashboard", org))
    assert response.status_code == 200
    figs = figures(response)
    assert set(figs) == {"radar", "heatmap", "trend", "families", "composition", "coverage"}

    radar = trace(figs["radar"], org.name)
    assert radar["r"] == [ORG_LEVELS[d] for d in DIMS] + [ORG_LEVELS[DIMS[0]]]
    assert trace(figs["radar"], f"Target (level {org.target_level})")["r"] == [org.target_level] * (len(DIMS) + 1)

    heat = figs["heatmap"]["data"][0]
    assert heat["y"] == ["Credit Models", "Payments Pod"]  # tree order; the newer B scoring, never the scenario
    assert heat["z"] == [[B_LEVELS[d] for d in DIMS], [C_LEVELS[d] for d in DIMS]]

    trend = trace(figs["trend"], org.name)
    assert trend["y"] == [world["old"].overall_level, world["new"].overall_level]
    assert len(trend["x"]) == 2  # the scenario run and the running scoring are not part of the trend

    families = figs["families"]["data"]
    assert trace(figs["families"], "Model builders")["y"][0] == 6.5
    assert trace(figs["families"], "Productionisers")["y"][0] == 2.0
    assert families[0]["x"][0] == "All"

    sun = figs["composition"]["data"][0]
    leaves = [v for i, v in zip(sun["ids"], sun["values"], strict=True) if re.fullmatch(r"(t\d+|root)r\d+", i)]
    assert sum(leaves) == pytest.approx(9.5)
    assert dict(zip(sun["ids"], sun["parents"], strict=True))[f"t{world['b'].pk}"] == f"t{world['a'].pk}"

    owners = trace(figs["coverage"], "Owners")
    assert owners["y"] == ["Governance and safety checks", "Packaging and deployment", "Hiring"]
    assert owners["x"] == [0, 1, 2]
    assert trace(figs["coverage"], "No owner")["y"] == ["Governance and safety checks"]


def test_headline_cards_and_structure_come_from_the_summary(exec_client, org, world):
    html = exec_client.get(url("dashboard", org)).content.decode()
    assert f'id="card-level">Level {world["new"].overall_level}<' in html
    assert 'id="card-truck">1<' in html and "Priya Raman" in html
    assert 'id="card-open-roles">2<' in html and "6.5 months to fill (median)" in html
    assert 'id="card-uncovered">1<' in html and "Governance and safety checks" in html
    assert "Product-embedded" in html and "Hybrid (central core, embedded units)" in html
    assert "Create a central ML platform team." in html
    assert "ML practitioners: <strong>9.5 FTE</strong>" in html  # the one count the classification used
    assert "Hire next: a data engineer." in html and "Facts: no data engineers." in html
    assert "After Full Stack Deep Learning, Lecture 13: ML Teams and Startups." in html
    assert "still running" in html  # the newer scoring in progress is announced


def test_findings_are_ranked_with_links_to_what_they_name(exec_client, org, world):
    html = exec_client.get(url("dashboard", org)).content.decode()
    titles = ["One person deploys every credit model", "Nobody owns governance", "A lone data scientist"]
    positions = [html.index(t) for t in titles]
    assert positions == sorted(positions)
    assert url("team", org, team_id=world["b"].pk) in html
    person = reverse("orgs:person_detail", kwargs={"org_slug": org.slug, "person_id": world["priya"].pk})
    assert f'href="{person}">Priya Raman</a>' in html
    assert "Pair a second engineer on the next two releases." in html
    assert "Foreign finding" not in html


def test_plotly_is_loaded_once_from_the_local_static_files(exec_client, org, world):
    html = exec_client.get(url("dashboard", org)).content.decode()
    assert html.count("vendor/plotly/plotly.min.js") == 1
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # nothing loaded from another host
    assert html.count('class="chart-table') == 6  # a text alternative for each chart


# --- filters -----------------------------------------------------------------------------------------------


def test_team_filter_limits_the_page_to_the_subtree(exec_client, org, world):
    a, b = world["a"], world["b"]
    response = exec_client.get(url("dashboard", org), {"team": a.pk})
    figs = figures(response)
    html = response.content.decode()
    assert figs["heatmap"]["data"][0]["y"] == ["Credit Models"]
    assert "One person deploys every credit model" in html and "A lone data scientist" not in html
    sun = figs["composition"]["data"][0]
    assert {re.match(r"t\d+|root", i).group() for i in sun["ids"]} == {"root", f"t{b.pk}"}
    assert trace(figs["families"], "Model builders")["y"][0] == 4.5
    assert 'id="card-open-roles">1<' in html
    assert f"team={a.pk}" in html.split('id="export-xlsx"')[1].split(">")[0]  # exports keep the filter

    figs_b = figures(exec_client.get(url("dashboard", org), {"team": b.pk}))
    assert trace(figs_b["radar"], "Credit Models")["r"][:-1] == [B_LEVELS[d] for d in DIMS]


def test_date_filter_shows_results_as_they_stood(exec_client, org, world):
    day = (world["t0"] + timedelta(days=1)).date().isoformat()
    response = exec_client.get(url("dashboard", org), {"as_of": day})
    figs = figures(response)
    assert trace(figs["radar"], org.name)["r"][:-1] == [OLD_LEVELS[d] for d in DIMS]
    assert len(trace(figs["trend"], org.name)["y"]) == 1
    assert figs["heatmap"]["data"][0]["y"] == ["Credit Models"]
    assert figs["heatmap"]["data"][0]["z"] == [[1] * len(DIMS)]
    assert "still running" not in response.content.decode()
    assert f'<option value="{day}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"team": "abc"}, "team in the address was not understood"),
        ({"as_of": "2026-13-45"}, "date in the address was not understood"),
    ],
)
def test_unreadable_filters_are_reported_and_ignored(exec_client, org, world, query, message):
    response = exec_client.get(url("dashboard", org), query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert figures(response)["heatmap"]["data"][0]["y"] == ["Credit Models", "Payments Pod"]


def test_a_team_of_another_org_in_the_filter_shows_nothing_of_it(exec_client, org, other_org, world):
    foreign = TeamFactory(organization=other_org, name="Secret Team")
    scored_run(other_org, team=foreign, levels=dict.fromkeys(DIMS, 5))
    response = exec_client.get(url("dashboard", org), {"team": foreign.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "not part of this organisation" in html and "Secret Team" not in html
    assert figures(response)["heatmap"]["data"][0]["y"] == ["Credit Models", "Payments Pod"]


# --- empty states ------------------------------------------------------------------------------------------


def test_org_without_results_says_what_to_do(exec_client, org):
    TeamFactory(organization=org)
    html = exec_client.get(url("dashboard", org)).content.decode()
    assert "No scored assessment yet" in html and "Start an assessment" in html
    assert reverse("assessments:list", kwargs={"org_slug": org.slug}) in html
    assert "js-chart" not in html and "plotly.min.js" not in html


def test_date_before_the_first_scoring_says_so(exec_client, org, world):
    html = exec_client.get(url("dashboard", org), {"as_of": "2001-01-01"}).content.decode()
    assert "No scored results on that date" in html and "js-chart" not in html


def test_team_scorings_without_an_org_scoring_show_the_heatmap(exec_client, org):
    team = TeamFactory(organization=org, name="Solo")
    scored_run(org, team=team, levels=B_LEVELS)
    response = exec_client.get(url("dashboard", org))
    html = response.content.decode()
    assert "no organisation-wide scoring yet" in html
    assert figures(response)["heatmap"]["data"][0]["y"] == ["Solo"]
    assert 'data-chart-empty="radar"' in html and 'data-chart-empty="coverage"' in html


def test_a_failed_latest_scoring_is_explained(exec_client, org, world):
    ScoringRunFactory(organization=org, status=RunStatus.FAILED, error="The org has no teams.", overall_level=None)
    html = exec_client.get(url("dashboard", org)).content.decode()
    assert "failed" in html and "The org has no teams." in html
    assert "One person deploys every credit model" in html  # the last good results stay


def test_team_without_results_says_what_to_do(exec_client, org):
    team = TeamFactory(organization=org)
    html = exec_client.get(url("team", org, team_id=team.pk)).content.decode()
    assert "No results for this team yet" in html and "js-chart" not in html


# --- the team page -----------------------------------------------------------------------------------------


def test_team_page_shows_levels_findings_by_severity_and_trend(client, org, world, make_member):
    b = world["b"]
    client.force_login(make_member(org, "lead", teams=[b]))
    response = client.get(url("team", org, team_id=b.pk))
    html = response.content.decode()
    figs = figures(response)
    assert set(figs) == {"radar", "coverage", "trend"}
    assert trace(figs["radar"], "Credit Models")["r"][:-1] == [B_LEVELS[d] for d in DIMS]
    assert trace(figs["radar"], org.name)["r"][:-1] == [ORG_LEVELS[d] for d in DIMS]
    assert trace(figs["trend"], "Credit Models")["y"] == [world["b_old"].overall_level, world["b_new"].overall_level]
    # Its own finding and the org findings about it, the most severe first, with what to do.
    critical = html.index("One person deploys every credit model")
    high = html.index("Credit Models owns too much")
    assert critical < high and "What to do next" in html
    assert "A lone data scientist" not in html
    assert "You lead this team" in html


def test_team_page_of_a_parent_collects_findings_of_its_subtree(exec_client, org, world):
    html = exec_client.get(url("team", org, team_id=world["a"].pk)).content.decode()
    assert "One person deploys every credit model" in html


def test_team_page_of_another_org_is_404(exec_client, org, other_org):
    foreign = TeamFactory(organization=other_org)
    assert exec_client.get(url("team", org, team_id=foreign.pk)).status_code == 404
    assert exec_client.get(url("team_export_xlsx", org, team_id=foreign.pk)).status_code == 404


# --- exports -----------------------------------------------------------------------------------------------


def test_xlsx_holds_scores_teams_and_findings(exec_client, org, world):
    response = exec_client.get(url("export_xlsx", org))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{org.slug}-results.xlsx"'
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    assert wb.sheetnames == [
        "Summary",
        "Scores",
        "Teams x dimensions",
        "Findings",
        "Coverage",
        "Composition",
        "Open roles",
        "Trend",
    ]
    scores = list(wb["Scores"].iter_rows(values_only=True))
    org_rows = [r for r in scores[1:] if r[0] == "organisation"]
    assert [r[4] for r in org_rows] == [ORG_LEVELS[d] for d in DIMS]
    teams = list(wb["Teams x dimensions"].iter_rows(values_only=True))
    assert [r[0] for r in teams[1:]] == ["Credit Models", "Payments Pod"]
    assert list(teams[1][2:]) == [B_LEVELS[d] for d in DIMS]
    findings = list(wb["Findings"].iter_rows(values_only=True))
    assert [r[3] for r in findings[1:]] == [
        "One person deploys every credit model",
        "Nobody owns governance and safety checks",
        "A lone data scientist in Payments",
    ]
    assert findings[1][9] == "Priya Raman"
    assert len(list(wb["Trend"].iter_rows(values_only=True))) == 3


def test_csv_exports_follow_the_filters(exec_client, org, world):
    response = exec_client.get(url("export_findings", org), {"team": world["c"].pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Rank", "Severity", "Kind", "Title"]
    assert [r[3] for r in rows[1:]] == ["A lone data scientist in Payments"]
    assert response["Content-Disposition"].endswith(f'{org.slug}-findings-payments-pod.csv"')
    scores = list(csv.reader(io.StringIO(exec_client.get(url("export_scores", org)).content.decode("utf-8-sig"))))
    assert sum(1 for r in scores[1:] if r[0] == "team") == 2 * len(DIMS)


def test_team_exports(exec_client, org, world):
    b = world["b"]
    wb = load_workbook(io.BytesIO(exec_client.get(url("team_export_xlsx", org, team_id=b.pk)).content))
    assert [r[4] for r in list(wb["Scores"].iter_rows(values_only=True))[1:]] == [B_LEVELS[d] for d in DIMS]
    body = exec_client.get(url("team_export_csv", org, team_id=b.pk)).content.decode("utf-8-sig")
    assert "Credit Models owns too much" in body


# --- names are shown as typed, never run ------------------------------------------------------------------


def test_team_names_with_markup_are_escaped_in_pages_and_chart_json(exec_client, org):
    evil = TeamFactory(organization=org, name="<script>alert(1)</script>")
    summary = empty_summary()
    summary["composition"] = [composition(evil, "ML Engineer", "productioniser", 1.0)]
    scored_run(org, summary=summary, findings=[{"title": "<img src=x onerror=alert(2)>", "team": evil}])
    scored_run(org, team=evil, levels=B_LEVELS)
    for response in (
        exec_client.get(url("dashboard", org)),
        exec_client.get(url("team", org, team_id=evil.pk)),
        exec_client.get(url("findings", org)),
    ):
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    figs = figures(exec_client.get(url("dashboard", org)))
    assert figs["heatmap"]["data"][0]["y"] == ["&lt;script&gt;alert(1)&lt;/script&gt;"]


# --- who may see what --------------------------------------------------------------------------------------

READ_PAGES = ["dashboard", "findings", "export_findings", "export_scores", "export_xlsx"]


@pytest.mark.parametrize("role", ["admin", "executive", "lead", "viewer"])
def test_every_member_reads_results(client, org, world, make_member, role):
    client.force_login(make_member(org, role))
    for name in READ_PAGES:
        assert client.get(url(name, org)).status_code == 200, name
    b = world["b"]
    for name in ("team", "team_export_csv", "team_export_xlsx"):
        assert client.get(url(name, org, team_id=b.pk)).status_code == 200, name


def test_non_members_get_404_and_anonymous_users_log_in(client, org, other_org, world, make_member):
    client.force_login(make_member(other_org, "admin"))
    for name in READ_PAGES:
        assert client.get(url(name, org)).status_code == 404, name
    assert client.get(url("team", org, team_id=world["b"].pk)).status_code == 404
    client.logout()
    response = client.get(url("dashboard", org))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("role", "status", "level"), [("admin", 302, 5), ("executive", 403, 3), ("lead", 403, 3),
                                                       ("viewer", 403, 3)])  # fmt: skip
def test_only_admins_set_the_target_level(client, org, world, make_member, role, status, level):
    client.force_login(make_member(org, role))
    response = client.post(url("set_target", org), {"target_level": "5", "team": world["a"].pk})
    assert response.status_code == status
    org.refresh_from_db()
    assert org.target_level == level
    if status == 302:
        assert response.url == url("dashboard", org) + f"?team={world['a'].pk}"
        figs = figures(client.get(response.url))
        assert trace(figs["radar"], "Target (level 5)")["r"][0] == 5


def test_a_bad_target_level_is_refused_with_a_message(client, org, world, make_member):
    client.force_login(make_member(org, "admin"))
    response = client.post(url("set_target", org), {"target_level": "9"}, follow=True)
    org.refresh_from_db()
    assert org.target_level == 3
    assert "whole number from 1 to 5" in response.content.decode()


def test_only_admins_see_the_target_form(client, org, world, make_member):
    client.force_login(make_member(org, "executive"))
    assert 'name="target_level"' not in client.get(url("dashboard", org)).content.decode()
    client.force_login(make_member(org, "admin"))
    assert 'name="target_level"' in client.get(url("dashboard", org)).content.decode()


# --- the findings list -------------------------------------------------------------------------------------


def test_findings_list_pages_filters_and_answers_htmx(exec_client, org, world):
    run = world["new"]
    for i in range(30):
        run.findings.create(kind="overloaded_person", severity="low", title=f"Extra finding {i}", rank=10 + i)
    page1 = exec_client.get(url("findings", org)).content.decode()
    assert "33 findings" in page1 and "Page 1 of 2" in page1
    high = exec_client.get(url("findings", org), {"severity": "high"}).content.decode()
    assert "Nobody owns governance" in high and "Extra finding" not in high
    partial = exec_client.get(url("findings", org), {"page": 2}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "Extra finding 29" in partial
    by_severity = exec_client.get(url("findings", org), {"order": "severity"}).content.decode()
    assert by_severity.index("One person deploys") < by_severity.index("Nobody owns governance")


@pytest.mark.parametrize(
    "summary",
    [
        {},
        {
            "composition": [{"team": "no id"}, "junk", {"team_id": 1, "fte": "a lot"}],
            "coverage": [{"owners": 2}, {"name": "Hiring", "owners": "many"}],
            "talent": {"open_roles": [{"role": None, "months_to_hire": "soon"}]},
            "classification": ["not", "a", "dict"],
            "truck_factor": {"value": "two", "removed": "nobody"},
            "deployment": None,
            "ml_lead": {"person": "someone", "depth": "deep"},
        },
    ],
)
def test_partial_or_malformed_results_still_render(exec_client, org, summary):
    team = TeamFactory(organization=org)
    scored_run(org, summary=summary, findings=[{"title": "Still listed", "team": team, "evidence": ["not a dict"]}])
    for response in (
        exec_client.get(url("dashboard", org)),
        exec_client.get(url("dashboard", org), {"team": team.pk}),
        exec_client.get(url("team", org, team_id=team.pk)),
        exec_client.get(url("findings", org)),
        exec_client.get(url("export_xlsx", org)),
        exec_client.get(url("export_findings", org)),
    ):
        assert response.status_code == 200
    assert "Still listed" in exec_client.get(url("dashboard", org)).content.decode()


def test_team_page_keeps_one_copy_of_a_finding_and_folds_the_rest(exec_client, org, world):
    b = world["b"]
    restated = {"kind": "universal_expert", "severity": "critical", "title": "One person deploys every credit model"}
    extra = [{"kind": "overloaded_person", "severity": "low", "title": f"Minor {i}", "team": b} for i in range(9)]
    scored_run(org, team=b, levels=B_LEVELS, findings=[{**restated, "team": b}, *extra])
    html = exec_client.get(url("team", org, team_id=b.pk)).content.decode()
    assert html.count("One person deploys every credit model") == 1
    shown, folded = html.split('id="more-findings"')
    assert "One person deploys every credit model" in shown and "Minor 0" in shown
    assert "Minor 8" in folded and "2 more findings" in folded and "Minor 6" not in folded
