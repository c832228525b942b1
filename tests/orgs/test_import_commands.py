"""`import_org ORG FILE [--dry-run]` and `export_org ORG FILE`."""

import io

import pytest
from django.core.management import CommandError, call_command

from orgs.models import Organization, Person
from tests.orgs import workbooks
from tests.orgs.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def workbook_file(tmp_path):
    path = tmp_path / "org.xlsx"
    path.write_bytes(workbooks.xlsx(workbooks.small_org()))
    return path


def test_import_creates_the_org_when_the_slug_is_new(catalog, workbook_file):
    out, _ = run("import_org", "acme-ml", str(workbook_file))
    org = Organization.objects.get(slug="acme-ml")
    assert org.name == "Acme Ml"
    assert org.people.count() == 3
    assert "people            3 created      0 updated      0 unchanged" in out


def test_dry_run_reports_and_creates_nothing(catalog, workbook_file):
    out, _ = run("import_org", "acme", str(workbook_file), "--dry-run")
    assert "dry run: nothing was written" in out and "3 created" in out
    assert not Organization.objects.filter(slug="acme").exists()


def test_a_failed_import_exits_non_zero_prints_every_error_and_keeps_no_new_org(catalog, tmp_path):
    sheets = workbooks.replace_cell(workbooks.small_org(), "people", 2, "fte", 3)
    sheets = workbooks.replace_cell(sheets, "assignments", 3, "level", "boss")
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbooks.xlsx(sheets))
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 error\(s\) in bad.xlsx; nothing was written"):
        call_command("import_org", "acme", str(path), stdout=io.StringIO(), stderr=err)
    assert "people, row 2, fte: FTE must be more than 0 and at most 1, not 3" in err.getvalue()
    assert "assignments, row 3, level: 'boss' is not one of: owner, contributor, backup" in err.getvalue()
    assert not Organization.objects.filter(slug="acme").exists()


def test_import_into_an_existing_org_is_idempotent(org, workbook_file):
    run("import_org", org.slug, str(workbook_file))
    out, _ = run("import_org", org.slug, str(workbook_file))
    assert "people            0 created      0 updated      3 unchanged" in out
    assert Person.objects.filter(organization=org).count() == 3


def test_bad_arguments(catalog, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("import_org", "acme", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError, match="not a valid organisation slug"):
        run("import_org", "not a slug!", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError, match="No organisation with the slug 'nobody'"):
        run("export_org", "nobody", str(tmp_path / "out.xlsx"))


def test_an_empty_file_fails_cleanly(catalog, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_org", "acme", str(path), stdout=io.StringIO(), stderr=err)
    assert "file: The file is empty." in err.getvalue()


def test_export_then_import_with_the_commands(org, workbook_file, tmp_path):
    run("import_org", org.slug, str(workbook_file))
    out_path = tmp_path / "out.xlsx"
    out, _ = run("export_org", org.slug, str(out_path))
    assert "Wrote" in out and out_path.stat().st_size > 0
    copy = OrganizationFactory()
    run("import_org", copy.slug, str(out_path))
    assert sorted(copy.people.values_list("email", flat=True)) == sorted(org.people.values_list("email", flat=True))
