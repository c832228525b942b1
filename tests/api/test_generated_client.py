"""A Python client generated from the served OpenAPI schema (openapi-python-client) works against the running app:
the schema generates without warnings, id filters are whole numbers, every list reads and parses, and the workbook
download arrives as a file."""

import importlib
import inspect
import io
import pkgutil
import subprocess
import sys
import zipfile

import httpx
import pytest

from teamplanner.tokens import token_issue
from tests.assessments.factories import AnswerFactory, AssessmentFactory, small_questionnaire
from tests.scoring.factories import scored_run

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "teamplanner_client"


@pytest.fixture
def generated(live_server, tmp_path, monkeypatch):
    """The client package generated (in a temporary folder) from the schema the live server serves."""
    schema = httpx.get(f"{live_server.url}/api/schema/", params={"format": "json"}, timeout=60)
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    (tmp_path / "config.yaml").write_text("post_hooks: []\n")  # no formatter run over the generated code
    done = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", "schema.json", "--meta", "none"]
        + ["--output-path", PACKAGE, "--config", "config.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Warning" not in output, output
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def operations(package, suffix: str) -> dict[str, object]:
    api = importlib.import_module(f"{PACKAGE}.api.v1")
    names = [m.name for m in pkgutil.iter_modules(api.__path__) if m.name.endswith(suffix)]
    return {name: importlib.import_module(f"{PACKAGE}.api.v1.{name}") for name in names}


def test_id_filters_are_integers(generated):
    lists = operations(generated, "_list")
    for op, param in [
        ("v1_orgs_teams_list", "parent"),
        ("v1_orgs_teams_list", "lead"),
        ("v1_orgs_people_list", "team"),
        ("v1_orgs_people_list", "manager"),
        ("v1_orgs_systems_list", "owner"),
        ("v1_orgs_results_list", "assessment"),
    ]:
        annotation = str(inspect.signature(lists[op].sync_detailed).parameters[param].annotation)
        assert "int" in annotation and "float" not in annotation, (op, param, annotation)


def test_every_list_and_the_download_through_the_generated_client(
    generated, live_server, org, org_data, members, make_member
):
    template = small_questionnaire()
    assessment = AssessmentFactory(organization=org, template=template)
    AnswerFactory(assessment=assessment, question=template.sections.first().questions.first())
    run = scored_run(org, assessment=assessment, findings=[{"team": org_data.led}])
    key = token_issue(user=members["admin"])
    client = generated.client.AuthenticatedClient(base_url=live_server.url, token=key, prefix="Token")
    path_values = {"org_slug": org.slug, "slug": org.slug, "assessment_pk": assessment.pk, "run_pk": run.pk}

    lists = operations(generated, "_list")
    assert len(lists) >= 20
    counts = {}
    for name, op in sorted(lists.items()):
        params = inspect.signature(op.sync_detailed).parameters
        kwargs = {p: path_values[p] for p in params if p != "client" and params[p].default is inspect.Parameter.empty}
        response = op.sync_detailed(client=client, **kwargs)
        assert response.status_code == 200, (name, response.content[:500])
        assert response.parsed is not None and hasattr(response.parsed, "results"), name
        counts[name] = response.parsed.count
    for name in ["v1_orgs_teams_list", "v1_orgs_people_list", "v1_orgs_systems_list", "v1_orgs_openings_list"]:
        assert counts[name] >= 2, (name, counts[name])
    for name in ["v1_orgs_assessments_answers_list", "v1_orgs_results_findings_list", "v1_catalog_roles_list"]:
        assert counts[name] >= 1, (name, counts[name])

    people = lists["v1_orgs_people_list"].sync(client=client, org_slug=org.slug, team=org_data.led_child.pk)
    assert [p.name for p in people.results] == ["Ada Led"]
    teams = lists["v1_orgs_teams_list"].sync(client=client, org_slug=org.slug, parent=org_data.led.pk)
    assert [t.id for t in teams.results] == [org_data.led_child.pk]

    singles = operations(generated, "_retrieve")
    latest = singles["v1_orgs_results_latest_retrieve"].sync_detailed(client=client, org_slug=org.slug)
    assert latest.status_code == 200 and latest.parsed is not None
    forecast = singles["v1_orgs_forecast_retrieve"].sync_detailed(client=client, org_slug=org.slug)
    assert forecast.status_code == 200 and forecast.parsed is not None

    download = singles["v1_orgs_export_retrieve"].sync_detailed(client=client, slug=org.slug)
    assert download.status_code == 200
    assert isinstance(download.parsed, generated.types.File)
    workbook = download.parsed.payload.read()
    assert zipfile.is_zipfile(io.BytesIO(workbook))  # an .xlsx is a zip
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    "accept", ["*/*", "application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
)
def test_download_answers_each_documented_type_and_errors_stay_json(api_client, members, org, org_data, accept):
    url = f"/api/v1/orgs/{org.slug}/export/"
    response = api_client(members["executive"]).get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    refused = api_client(members["viewer"]).get(url, HTTP_ACCEPT=accept)
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/json" and "message" in refused.json()
