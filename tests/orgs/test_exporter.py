"""Export writes the import format: export, then import into an empty organisation, is a round trip."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from orgs.importer import run_import
from orgs.services import org_export
from tests.orgs.conftest import error_texts
from tests.orgs.factories import (
    AssignmentFactory,
    MLSystemFactory,
    OpeningFactory,
    OrganizationFactory,
    PersonFactory,
    PersonSkillFactory,
    TeamFactory,
    responsibility,
    role,
    skill,
)
from tests.orgs.workbooks import HEADERS

pytestmark = pytest.mark.django_db


def sheets_of(data: bytes) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


@pytest.fixture
def rich_org(org):
    top = TeamFactory(organization=org, name="Data & AI", kind="central_ml", pillar="mixed")
    platform = TeamFactory(organization=org, name="ML Platform", parent=top, kind="platform", pillar="code")
    pod = TeamFactory(organization=org, name="Zahlungen Pod ü", parent=top, kind="embedded_ml", pillar="data")
    boss = PersonFactory(team=top, email="boss@example.com", name="Grace Hopper", role=role("ai-team-lead"))
    eng = PersonFactory(
        team=platform,
        email="eng@example.com",
        name="=SUM(A1:A9)",  # looks like a formula; must stay text
        manager=boss,
        fte=Decimal("0.60"),
        start_date=date(2021, 3, 4),
        location="Lisbon",
    )
    sci = PersonFactory(team=pod, email="sci@example.com", name="Ana Núñez", role=role("data-scientist"), manager=eng)
    top.lead, platform.lead = boss, eng
    top.save()
    platform.save()
    PersonSkillFactory(person=eng, skill=skill("infrastructure"), level=4)
    PersonSkillFactory(person=sci, skill=skill("ml-expertise"), level=0)
    AssignmentFactory(person=eng, responsibility=responsibility("model-deployment"), level="owner")
    AssignmentFactory(person=sci, responsibility=responsibility("model-deployment"), level="backup")
    AssignmentFactory(person=sci, responsibility=responsibility("experimentation"), level="contributor")
    MLSystemFactory(team=pod, name="Fraud", stage="production", domain="payments", owners=[sci, boss], deployers=[eng])
    MLSystemFactory(team=platform, name="Feature store", stage="idea")
    OpeningFactory(team=platform, role=role("mlops-engineer"), opened_on=date(2026, 1, 5))
    OpeningFactory(team=platform, role=role("mlops-engineer"), opened_on=date(2026, 1, 5), status="cancelled")
    OpeningFactory(
        team=pod, role=role("ml-engineer"), opened_on=date(2025, 2, 1), status="filled", filled_on=date(2025, 8, 1)
    )
    return org


def test_export_has_every_sheet_with_the_format_header(rich_org):
    sheets = sheets_of(org_export(org=rich_org))
    assert list(sheets) == list(HEADERS)
    for name, header in HEADERS.items():
        assert list(sheets[name][0]) == header
    people = {row[0]: row for row in sheets["people"][1:]}
    assert people["eng@example.com"][1] == "=SUM(A1:A9)"
    assert people["eng@example.com"][3:] == ("ml-engineer", "boss@example.com", 0.6, datetime(2021, 3, 4), "Lisbon")
    systems = {row[0]: row for row in sheets["systems"][1:]}
    assert systems["Fraud"][4] == "boss@example.com;sci@example.com"


def test_export_then_import_into_an_empty_org_is_a_round_trip(rich_org, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        exported = org_export(org=rich_org)
    copy = OrganizationFactory()

    report = run_import(org=copy, data=exported, filename="export.xlsx", dry_run=False)

    assert report.ok, error_texts(report)
    assert report.sheets["people"].created == 3 and report.sheets["openings"].created == 3
    assert sheets_of(org_export(org=copy)) == sheets_of(exported)
    # and importing the export back into the original changes nothing
    again = run_import(org=rich_org, data=exported, filename="export.xlsx", dry_run=False)
    assert again.ok and all(c.created == c.updated == 0 for c in again.sheets.values())


def test_an_empty_org_exports_headers_that_import_cleanly(org):
    exported = org_export(org=org)
    assert all(len(rows) == 1 for rows in sheets_of(exported).values())
    assert run_import(org=OrganizationFactory(), data=exported, filename="e.xlsx", dry_run=False).ok


def test_export_drops_control_characters_a_workbook_cannot_hold(org):
    from orgs.services import org_export
    from tests.orgs.factories import PersonFactory, TeamFactory

    PersonFactory(team=TeamFactory(organization=org, name="Ops\x07Team"), name="Bell\x07Person")
    data = org_export(org=org)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    names = [row[0] for row in book["teams"].iter_rows(min_row=2, values_only=True)]
    assert names == ["OpsTeam"]
