"""Reading uploads safely: type by content, size limits, zip bombs, endless empty rows, formulas, merged cells."""

import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgs.importer import reader, run_import
from orgs.models import Person, Team
from tests.orgs import workbooks
from tests.orgs.conftest import error_texts
from tests.orgs.factories import TeamFactory

pytestmark = pytest.mark.django_db


def imported(org, data: bytes, filename="upload.xlsx", dry_run=False):
    return run_import(org=org, data=data, filename=filename, dry_run=dry_run)


def test_empty_file(org):
    assert error_texts(imported(org, b"")) == ["file: The file is empty."]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "caf\xe9,latin-1".encode("latin-1"),
        b"name,parent\x00\nA,B\n",
    ],
    ids=["png", "not-utf8", "nul-bytes"],
)
def test_a_file_that_is_not_a_workbook(org, data):
    assert error_texts(imported(org, data, "people.csv")) == [f"file: {reader.NOT_A_WORKBOOK}"]


def test_old_xls(org):
    report = imported(org, reader.OLE_MAGIC + b"\x00" * 600, "org.xls")
    assert "save the workbook as .xlsx" in error_texts(report)[0]


def test_a_damaged_xlsx(org):
    data = workbooks.xlsx(workbooks.small_org())
    broken = bytearray(data)
    broken[len(broken) // 2 : len(broken) // 2 + 200] = b"\x00" * 200
    report = imported(org, bytes(broken))
    assert not report.ok and Team.objects.count() == 0


def test_a_file_over_the_size_limit(org, settings):
    settings.IMPORT_MAX_BYTES = 1000
    report = imported(org, b"name\n" + b"x\n" * 1000, "teams.csv")
    assert error_texts(report) == ["file: The file is larger than the limit of 1 KiB."]


def test_a_zip_bomb_is_not_unpacked(org, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("people.csv", b"email,name,team,role\n" + b" " * (20 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100_000
    report = imported(org, data, "org.zip")
    assert error_texts(report) == ["file: The file unpacks to far more data than a workbook should; it was not read."]


def test_endless_empty_rows_stop_reading(org):
    workbook = openpyxl.Workbook(write_only=True)
    teams = workbook.create_sheet("teams")
    teams.append(["name", "kind"])
    teams.append(["Real team", "data"])
    for _ in range(100_000):
        teams.append(["", None])
    teams.append(["Hidden far below", "data"])
    workbook.create_sheet("people").append(workbooks.HEADERS["people"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = imported(org, buffer.getvalue())

    assert report.ok, error_texts(report)
    assert list(Team.objects.filter(organization=org).values_list("name", flat=True)) == ["Real team"]
    assert "after 1000 empty rows" in str(report.warnings[0])


def test_a_single_cell_at_the_last_row_of_a_sheet(org):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "teams"
    sheet.append(["name"])
    sheet.append(["Only team"])
    sheet.cell(row=1_048_576, column=16_384, value="far away")
    workbook.create_sheet("people").append(workbooks.HEADERS["people"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = imported(org, buffer.getvalue())
    assert report.ok and Team.objects.filter(organization=org).count() == 1


def test_formulas_without_a_saved_value_read_as_empty(org):
    sheets = workbooks.replace_cell(workbooks.small_org(), "people", 3, "name", '=CONCAT("Ben", " Okafor")')
    report = imported(org, workbooks.xlsx(sheets))
    assert error_texts(report) == ["people, row 3, name: a value is required"]


def test_merged_cells_do_not_crash(org):
    workbook = openpyxl.load_workbook(io.BytesIO(workbooks.xlsx(workbooks.small_org())))
    workbook["people"].merge_cells("C3:C4")  # the team of Ben, merged down over Cy's row
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = imported(org, buffer.getvalue())
    assert error_texts(report) == ["people, row 4, team: a value is required"]


def test_rows_per_sheet_are_capped(org, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS_PER_SHEET", 2)
    report = imported(org, workbooks.xlsx(workbooks.small_org()))
    assert "people: The sheet has more than 2 rows; split it into smaller files." in error_texts(report)
    assert Person.objects.count() == 0


def test_a_zip_of_csv_files(org):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in workbooks.small_org().items():
            archive.writestr(f"export/{name}.CSV", workbooks.csv_text(rows))
        archive.writestr("__MACOSX/export/._people.csv", b"\x00\x01junk")
        archive.writestr("export/readme.txt", "notes")
    report = imported(org, buffer.getvalue(), "org.zip")
    assert report.ok, error_texts(report)
    assert report.sheets["people"].created == 3 and report.sheets["openings"].created == 2
    assert "'export/readme.txt' is not a CSV file and was ignored." in [
        str(w).split(": ", 1)[1] for w in report.warnings
    ]


def test_a_zip_without_csv_files(org):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert error_texts(imported(org, buffer.getvalue(), "org.zip")) == [
        "file: The zip file contains none of the sheets of the format (teams.csv, people.csv, ...)."
    ]


def test_a_single_csv_named_after_its_sheet(org):
    TeamFactory(organization=org, name="ML Platform")
    rows = [workbooks.HEADERS["people"][:4], ["ada@example.com", "Ada", "ML Platform", "ml-engineer"]]
    data = ("\ufeff" + workbooks.csv_text(rows)).encode()  # with the byte-order mark spreadsheets write
    report = imported(org, data, "People.csv")
    assert report.ok, error_texts(report)
    assert Person.objects.get(organization=org).team.name == "ML Platform"


def test_a_single_csv_is_recognised_by_its_header(org):
    TeamFactory(organization=org, name="ML Platform")
    data = workbooks.csv_text([["name", "team", "stage"], ["Churn", "ML Platform", "idea"]]).encode()
    report = imported(org, data, "download (3).csv")
    assert report.ok and report.sheets["systems"].created == 1


def test_a_csv_that_fits_no_sheet(org):
    data = workbooks.csv_text([["colour", "size"], ["red", "9"]]).encode()
    assert "Cannot tell which sheet this CSV file holds" in error_texts(imported(org, data, "x.csv"))[0]


def test_a_sheet_without_header(org):
    sheets = {"teams": [], "people": [workbooks.HEADERS["people"]]}
    report = imported(org, workbooks.xlsx(sheets))
    assert error_texts(report) == ["teams, row 1: The sheet has no header row (row 1 must name the columns)."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), name=st.sampled_from(["x.xlsx", "people.csv", "org.zip", "x"]))
def test_arbitrary_bytes_never_raise(org, data, name):
    report = imported(org, data, name, dry_run=True)
    assert report.ok or report.errors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=500))
def test_arbitrary_csv_text_never_raises(org, text):
    report = imported(org, ("email,name,team,role\n" + text).encode(), "people.csv", dry_run=True)
    assert report.ok or report.errors


def test_a_zip_of_a_version_python_cannot_read_is_not_a_workbook():
    """A central directory that asks for a newer zip version (here 17.0) is reported, not raised."""
    import io as _io
    import zipfile as _zipfile

    from orgs.importer.reader import read_upload
    from orgs.importer.report import ImportReport

    buffer = _io.BytesIO()
    with _zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("teams.csv", "name\nModels\n")
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    data[central + 6] = 170  # "version needed to extract": 17.0
    report = ImportReport(filename="org.zip", dry_run=True)
    assert read_upload(bytes(data), "org.zip", report) is None
    assert report.error_count == 1 and "not a workbook" in report.errors[0].message.lower()
