"""Malformed import files: whatever bytes arrive, the importer answers with a report and never raises.

Hypothesis builds CSV files, zips of CSVs and .xlsx workbooks from the format's own sheets and
columns with hostile cell values, then damages some of them (truncated, bytes flipped, members
replaced by broken XML). Every example goes through `orgs.services.org_import` for real, so a
file that happens to be valid is written, and one that is not leaves the organisation as it was.
Examples are bounded so the suite stays in CI; a longer run: `FUZZ_EXAMPLES=2000 pytest tests/fuzz`.
"""

import csv
import io
import json
import os
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgs.importer import ImportReport
from orgs.importer.spec import SHEETS
from orgs.models import Assignment, MLSystem, Opening, Person, PersonSkill, Team
from orgs.services import import_run_create, org_import
from tests.orgs.workbooks import small_org, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
# The suite replays the same examples every run (CI stays repeatable); FUZZ_EXPLORE=1 draws new ones.
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=os.environ.get("FUZZ_EXPLORE") != "1",
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
MODELS = (Team, Person, PersonSkill, Assignment, MLSystem, Opening)
SHEET_NAMES = list(SHEETS)
ALL_COLUMNS = sorted({c for s in SHEETS.values() for c in s.columns})

# Cell values that have broken importers before: markup, formulas, control characters, huge or odd numbers,
# dates in every shape, names that differ only by case or spaces, very long text.
NASTY = [
    "",
    " ",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "=1+1",
    "@SUM(A1)",
    "\x00",
    "\x0b\x0c",
    "\ufeff",
    "\u202e",
    "😀",
    "NaN",
    "inf",
    "-0",
    "1e309",
    "0.0000001",
    "99999999999999999999",
    "2024-02-30",
    "0000-00-00",
    "31/12/2024",
    "Data & AI",
    " data & ai ",
    "DATA & AI",
    "ada@example.com",
    "ADA@EXAMPLE.COM",
    "not-an-email@",
    "a;b;;c@example.com",
    "production",
    "owner",
    "ml-engineer",
    "../../etc/passwd",
    "x" * 6000,
]
cell_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.sampled_from(["Data & AI", "ML Platform", "ada@example.com", "ben@example.com", "cy@example.com"]),
)
cell_value = st.one_of(
    cell_text,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)


@st.composite
def tables(draw, sheet=None):
    """(sheet name, rows): a header that mixes the sheet's columns with junk, then rows of hostile cells."""
    name = sheet or draw(st.sampled_from(SHEET_NAMES))
    columns = list(SHEETS[name].columns) if name in SHEETS else ALL_COLUMNS
    header = draw(
        st.lists(st.one_of(st.sampled_from(columns), st.sampled_from(ALL_COLUMNS), cell_text), min_size=0, max_size=9)
    )
    if draw(st.booleans()):
        header = [c.upper() + " *" if isinstance(c, str) and draw(st.booleans()) else c for c in header]
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(cell_value, min_size=0, max_size=width + 2), max_size=12))
    return name, [header, *rows]


def csv_bytes(rows, encoding="utf-8", newline="\r\n", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline, delimiter=delimiter).writerows(
        [["" if v is None else str(v) for v in row] for row in rows]
    )
    return buffer.getvalue().encode(encoding, errors="replace")


@st.composite
def csv_files(draw):
    name, rows = draw(tables())
    data = csv_bytes(
        rows,
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])),
        newline=draw(st.sampled_from(["\r\n", "\n", "\r"])),
        delimiter=draw(st.sampled_from([",", ",", ";", "\t"])),
    )
    if draw(st.booleans()):  # an unterminated quote, a stray NUL or a cut in the middle of a character
        data = draw(st.sampled_from([data + b'"unterminated,', data + b"\x00", data[: max(len(data) - 1, 0)]]))
    filename = draw(st.sampled_from([f"{name}.csv", "upload.csv", "data.txt", "", f"{name.upper()}.CSV"]))
    return data, filename


@st.composite
def zip_files(draw):
    buffer = io.BytesIO()
    compression = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    members = draw(st.lists(tables(), max_size=5))
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, rows in members:
            member = draw(
                st.sampled_from([f"{name}.csv", f"org/{name}.csv", f"../{name}.csv", f"__MACOSX/{name}.csv", name])
            )
            archive.writestr(member, csv_bytes(rows))
        for junk in draw(st.lists(st.binary(max_size=64), max_size=2)):
            archive.writestr(draw(st.sampled_from(["readme.txt", ".hidden.csv", "teams.csv", "x/"])), junk)
    return damage(draw, buffer.getvalue()), draw(st.sampled_from(["org.zip", "org.xlsx", "org.csv"]))


BROKEN_XML = [
    b"",
    b"<",
    b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>999999</v></c></row>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><x>&b;</x>',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    b"<worksheet><sheetData><row r='1048577'><c r='XFE1'><v>1</v></c></row></sheetData></worksheet>",
    b"<worksheet><sheetData><row r='-1'><c r='A-1' t='n'><v>x</v></c></row></sheetData></worksheet>",
    b"\xff\xfe\x00<\x00x",
]


@st.composite
def xlsx_files(draw):
    sheets = dict(draw(st.lists(tables(), max_size=4)))
    if draw(st.booleans()):
        sheets = {**small_org(), **sheets}
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in (sheets or {"teams": [["name"]]}).items():
        sheet = workbook.create_sheet(draw(st.sampled_from([title, title.upper(), f" {title} ", "Sheet1"])))
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
        if draw(st.booleans()) and sheet.max_row > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=2, end_column=2)
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    if draw(st.booleans()):  # replace one part of the package with broken or hostile XML
        data = _replace_member(data, draw(st.sampled_from(_members(data))), draw(st.sampled_from(BROKEN_XML)))
    return damage(draw, data), draw(st.sampled_from(["org.xlsx", "org.zip", "org"]))


def _xlsx_cell(value):
    if isinstance(value, str):
        # openpyxl refuses control characters that XML cannot hold; a real spreadsheet never writes them.
        return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)[:32767]
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return str(value)
    return value


def _members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item))
    return out.getvalue()


def damage(draw, data: bytes) -> bytes:
    """Sometimes cut the file short or flip a few bytes, as a broken download or disk would."""
    # Positions are drawn independently of the length: an .xlsx carries its save time, so its length varies.
    how = draw(st.sampled_from(["none", "none", "truncate", "flip"]))
    if how == "truncate" and data:
        return data[: draw(st.integers(min_value=0, max_value=2**20)) % len(data)]
    if how == "flip" and data:
        data = bytearray(data)
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            data[draw(st.integers(min_value=0, max_value=2**20)) % len(data)] = draw(st.integers(0, 255))
        return bytes(data)
    return data


@pytest.fixture
def admin(org, make_member):
    return make_member(org, "admin")


def _counts(org) -> tuple[int, ...]:
    return tuple(model.objects.for_org(org).count() for model in MODELS)


def _check(org, data: bytes, filename: str, *, dry_run: bool) -> ImportReport:
    before = _counts(org)
    report = org_import(org=org, uploaded_file_or_bytes=data, filename=filename, dry_run=dry_run)
    assert isinstance(report, ImportReport)
    json.dumps(report.to_dict())  # storable as it is kept in ImportRun.report
    assert report.summary()
    if not report.ok:
        assert report.errors and all(e.message.strip() for e in report.errors)
        assert not report.applied
    if dry_run or not report.ok:
        assert _counts(org) == before, "a file that was not applied changed the organisation"
    else:
        assert report.applied
    return report


@FUZZ
@given(data=st.binary(max_size=4096), filename=st.sampled_from(["org.xlsx", "org.zip", "teams.csv", "x", ""]))
def test_any_bytes_get_a_report(org, data, filename):
    _check(org, data, filename, dry_run=False)


@FUZZ
@given(upload=csv_files(), dry_run=st.booleans())
def test_malformed_csv_gets_a_report(org, upload, dry_run):
    _check(org, *upload, dry_run=dry_run)


@FUZZ
@given(upload=zip_files(), dry_run=st.booleans())
def test_malformed_zip_of_csvs_gets_a_report(org, upload, dry_run):
    _check(org, *upload, dry_run=dry_run)


@FUZZ
@given(upload=xlsx_files(), dry_run=st.booleans())
def test_malformed_xlsx_gets_a_report(org, upload, dry_run):
    _check(org, *upload, dry_run=dry_run)


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))
@given(upload=st.one_of(csv_files(), zip_files(), xlsx_files()))
def test_uploaded_files_are_kept_with_their_report(org, admin, upload):
    """The upload page's service: a rejected file is recorded with its report, never kept for applying."""
    data, filename = upload
    run = import_run_create(org=org, user=admin, uploaded_file_or_bytes=data, filename=filename)
    report = ImportReport.from_dict(run.report)
    assert run.status in ("checked", "rejected")
    assert (run.status == "checked") == report.ok
    if not report.ok:
        assert bytes(run.content) == b""


def test_a_valid_workbook_still_imports(org):
    """The generators' base file is valid, so failures above are about the damage, not the fixture."""
    report = _check(org, xlsx(small_org()), "org.xlsx", dry_run=False)
    assert report.applied and Person.objects.for_org(org).count() == 3
