"""Property-based run over the whole OpenAPI schema with schemathesis.

Every operation gets a bounded number of generated requests (fixed seed, so a run is repeatable),
sent through the WSGI application with an admin's token (also site staff, so that every write path
is reached), with schema-conforming (positive) and schema-violating (negative) data. Path ids are,
for about half of the cases, swapped for ids of real objects, so that updates, deletes and actions
run against existing data and not only against 404s. Checks: no server error, and every response
(status code, content type, body) is described by the schema.
"""

import zlib

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from psycopg.pq import TransactionStatus
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assessments.choices import AssessmentStatus
from orgs.models import ImportRun
from roles.models import Archetype, Responsibility, RoleTemplate, Skill
from teamplanner.throttling import TokenRateThrottle
from teamplanner.tokens import token_issue
from tests.api.conftest import build_org_data
from tests.assessments.factories import AssessmentFactory, small_questionnaire
from tests.orgs.factories import MembershipFactory, UserFactory
from tests.scoring.factories import scored_run

MAX_EXAMPLES = 8
INERROR = TransactionStatus.INERROR
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def fuzz_world(org, other_org, monkeypatch):
    """An organisation with data in every table, an admin (and site staff) with a token, and a second org."""
    data = build_org_data(org)
    build_org_data(other_org)
    user = UserFactory(is_staff=True)
    MembershipFactory(user=user, organization=org, role="admin")
    key = token_issue(user=user)
    questionnaire = small_questionnaire()
    draft = AssessmentFactory(organization=org, team=None, template=questionnaire)
    submitted = AssessmentFactory(
        organization=org, team=data.led, template=questionnaire, status=AssessmentStatus.SUBMITTED
    )
    run = scored_run(org, findings=[{"severity": "high"}, {"severity": "low", "team": data.other}])
    import_run = ImportRun.objects.create(organization=org, filename="org.xlsx", content=b"", report={})
    # The fuzzer sends far more requests than the token rate allows; the throttle has its own test.
    monkeypatch.setitem(TokenRateThrottle.THROTTLE_RATES, "token", "1000000/min")
    real = {
        "teams": [data.led.pk, data.led_child.pk, data.other.pk],
        "people": [p.pk for p in data.people.values()],
        "person-skills": [s.pk for s in data.skills.values()],
        "assignments": [a.pk for a in data.assignments.values()],
        "systems": [s.pk for s in data.systems.values()],
        "openings": [o.pk for o in data.openings.values()],
        "imports": [import_run.pk],
        "members": [MembershipFactory(organization=org, role=role).pk for role in ("lead", "viewer")],
        "assessments": [draft.pk, submitted.pk],
        "results": [run.pk],
        "findings": list(run.findings.values_list("pk", flat=True)),
        "questionnaires": [questionnaire.pk],
        "codes": ["scale", "yes", "single", "multi", "number", "text", "na"],
        "catalog/roles": list(RoleTemplate.objects.values_list("slug", flat=True)),
        "catalog/responsibilities": list(Responsibility.objects.values_list("slug", flat=True)),
        "catalog/skills": list(Skill.objects.values_list("slug", flat=True)),
        "catalog/archetypes": list(Archetype.objects.values_list("slug", flat=True)),
        "orgs": [org.slug],
    }
    return {"org": org, "token": key, "real": real}


@pytest.fixture
def wsgi_app():
    from teamplanner.wsgi import application

    # Like Django's test client: keep the test's database connection (and transaction) across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def one_request(environ, start_response):
        # In production each statement runs in autocommit, so a value the database refuses (answered
        # with a 400) fails that one statement only. Inside the test's transaction it would abort
        # every later request: a savepoint per request gives the same isolation.
        savepoint = transaction.savepoint()
        response = application(environ, start_response)
        if connection.vendor == "postgresql" and connection.connection.info.transaction_status == INERROR:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        return response

    yield one_request
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _pick(choices: list, seed_value) -> object | None:
    """Half of the cases (chosen by a stable hash of the generated value) get a real value."""
    if not choices:
        return None
    digest = zlib.crc32(repr(seed_value).encode())
    if digest % 2:
        return None
    return choices[(digest // 2) % len(choices)]


def use_real_ids(case, real: dict) -> None:
    parts = case.operation.path.strip("/").split("/")[2:]  # after api/v1
    if parts[0] == "catalog":
        resource = f"catalog/{parts[1]}"
    elif parts[0] == "orgs" and len(parts) > 2 and parts[1] == "{org_slug}":
        resource = parts[2]
    else:
        resource = parts[0]
    params = case.path_parameters or {}
    for name, value in list(params.items()):
        if name == "org_slug":
            continue
        if name == "run_pk":
            choices = real["results"]
        elif name == "assessment_pk":
            choices = real["assessments"]
        elif name == "code":
            choices = real["codes"]
        elif name == "id" and "findings" in parts:
            choices = real["findings"]
        else:
            choices = real.get(resource, [])
        choice = _pick(choices, value)
        if choice is not None:
            params[name] = choice


def test_api_has_no_server_errors_and_matches_its_schema(fuzz_world, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    headers = {"Authorization": f"Token {fuzz_world['token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 80
    failures = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(mode, path_parameters=_org_parameter(operation, fuzz_world))

            @settings(
                max_examples=MAX_EXAMPLES,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case):
                use_real_ids(case, fuzz_world["real"])
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                continue  # nothing of this operation can be made invalid (e.g. its only parameter is fixed)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every operation runs; all failures are reported
                failures[f"{operation.label} ({mode})"] = str(exc)[:3000]
    assert not failures, "\n\n".join(f"{label}:\n{message}" for label, message in failures.items())


def _org_parameter(operation, world) -> dict:
    names = {p.name for p in operation.path_parameters}
    return {"org_slug": world["org"].slug} if "org_slug" in names else {}
