"""Workbooks made to expand are read in bounded memory, and their report stays short.

A small file can hold a 1 MiB shared string referenced from thousands of cells, inline strings and
numbers of millions of characters, thousands of sheets or columns, or millions of shared strings.
The check must cost memory bounded by the limits (not by what the file expands to), report every cell
past its limit where it is, and keep its report under a fixed size. Memory is measured with tracemalloc
around the check (expat and the readers allocate through Python's allocator), and for the full-size
corpus as the peak RSS of a child process.
"""

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgs.importer import run_import
from orgs.importer.spec import MAX_CELL_CHARS, MAX_HEADER_CHARS, MAX_REPORTED_ISSUES, MAX_REPORTED_WARNINGS
from orgs.models import Organization, Person
from tests.fuzz.hostile import CORPUS, PEOPLE, column_letter, header_row, inline, package, shared
from tests.fuzz.test_import_fuzz import EXAMPLES, FUZZ
from tests.orgs.workbooks import small_org, xlsx

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
# The stored report: the first errors and warnings in full, each short, then counts.
REPORT_MAX_BYTES = (MAX_REPORTED_ISSUES + MAX_REPORTED_WARNINGS) * 1_200 + 10_000


def _check(data: bytes):
    """(report, peak MiB of Python memory during the check)."""
    tracemalloc.start()
    try:
        report = run_import(
            org=Organization(slug="hostile", name="Hostile"), data=data, filename="x.xlsx", dry_run=True
        )
        peak = tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()
    return report, peak


def _report_size(report) -> int:
    return len(json.dumps(report.to_dict()))


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_workbooks_are_checked_in_bounded_memory(name):
    """A fifth of each corpus workbook (up to 20 MiB unpacked): a report, never an exception, and memory
    that follows the limits rather than the expansion."""
    data = CORPUS[name](0.2)
    report, peak = _check(data)
    assert not report.ok
    assert _report_size(report) < REPORT_MAX_BYTES
    assert peak < 60, f"{name}: {peak:.0f} MiB"


def test_a_shared_string_bomb_in_the_header_is_reported_once_per_column():
    """The issue's workbook: 50 header cells pointing at one 1 MiB string. Each is a located error whose
    text holds none of the string, and the report is a few kB, not 200 MB."""
    report, peak = _check(CORPUS["shared header bomb"](1.0))
    too_long = [e for e in report.errors if e.sheet == "people" and "header of column" in e.message]
    assert len(too_long) == 50
    assert too_long[0].row == 1
    assert f"1,048,576 characters; at most {MAX_HEADER_CHARS}" in too_long[0].message
    assert _report_size(report) < 50_000
    assert peak < 30


def test_every_cell_past_the_limit_is_a_located_error_and_the_rest_are_counted():
    report, _ = _check(CORPUS["shared cell bomb"](0.05))  # 2,500 rows of 8 cells of 52 kB each
    assert report.error_count == 2_500 * 8
    assert len(report.errors) == MAX_REPORTED_ISSUES
    assert report.error_counts == {"people": 20_000}
    first = report.sorted_errors()[0]
    assert (first.sheet, first.row, first.column) == ("people", 2, "email")
    assert "is too long" in first.message and "xxxxx" not in first.message
    assert report.to_dict()["error_counts"] == {"people": 20_000}


def test_too_many_shared_strings_are_refused_before_they_are_kept(settings):
    report, peak = _check(CORPUS["many shared strings"](0.4))  # 1.2 million strings
    assert [e.message for e in report.errors] == [
        "The workbook holds more than 1,000,000 different texts, far more than its sheets may have rows; "
        "it was not read."
    ]
    assert peak < 200


def test_a_huge_structure_part_is_refused():
    report, peak = _check(CORPUS["many sheets"](1.0))
    assert len(report.errors) == 1 and "xl/workbook.xml" in report.errors[0].message
    assert peak < 60


def test_unknown_columns_are_named_once_and_shortened():
    long_name = "z" * (MAX_HEADER_CHARS - 1)

    def rows():
        yield header_row([*PEOPLE, long_name, "w" * (MAX_HEADER_CHARS + 1)])

    report, _ = _check(package([("teams", lambda: iter([header_row(["name"])])), ("people", rows)]))
    unknown = [w for w in report.warnings if w.sheet == "people"]
    assert len(unknown) == 1
    assert len(unknown[0].column) <= 60 and long_name not in unknown[0].message
    assert sum(long_name[:50] in json.dumps(w) for w in report.to_dict()["warnings"]) == 1
    assert [e.column for e in report.errors] == [None]
    assert report.errors[0].message == "The header of column 10 is too long (101 characters; at most 100)."


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 1))
@given(
    length=st.integers(min_value=MAX_CELL_CHARS - 2, max_value=MAX_CELL_CHARS * 20),
    copies=st.integers(min_value=1, max_value=300),
    where=st.sampled_from(["shared", "inline"]),
    column=st.integers(min_value=1, max_value=8),
    width=st.integers(min_value=8, max_value=200),
)
def test_long_text_reused_many_times_stays_bounded(length, copies, where, column, width):
    """A long string (shared or inline) in one column of many rows, in sheets of many columns: every copy
    past the limit is an error at its row and column, the report stays short, memory stays small."""
    text = "é" * length

    def strings():
        yield f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{text}</t></si></sst>'

    def rows():
        yield header_row(PEOPLE + [f"extra {i}" for i in range(width - len(PEOPLE))])
        for r in range(2, copies + 2):
            ref = f"{column_letter(column)}{r}"
            cell = shared(ref, 0) if where == "shared" else inline(ref, text)
            yield f'<row r="{r}">{cell}<c r="{column_letter(max(width, 9))}{r}"><v>1</v></c></row>'

    data = package(
        [("teams", lambda: iter([header_row(["name"])])), ("people", rows)],
        strings=strings if where == "shared" else None,
    )
    report, peak = _check(data)
    located = [e for e in report.errors if f"is too long ({length:,} characters" in e.message]
    if length > MAX_CELL_CHARS:
        # Every copy is an error at its row (until the report lists no more: the rest are counted).
        assert sorted(e.row for e in located) == list(range(2, len(located) + 2))
        assert len(located) == copies or len(report.errors) == MAX_REPORTED_ISSUES
        assert {e.column for e in located} == {PEOPLE[column - 1]}
    assert "é" * 61 not in json.dumps(report.to_dict(), ensure_ascii=False)
    assert _report_size(report) < REPORT_MAX_BYTES
    assert peak < 40


def test_a_valid_workbook_is_still_read_in_full(org):
    report = run_import(org=org, data=xlsx(small_org()), filename="org.xlsx", dry_run=False)
    assert report.applied and Person.objects.for_org(org).count() == 3


def test_the_benchmark_measures_a_child_process():
    """`benchmarks/import_hostile_bench.py` prints the peak RSS of a check run in a fresh process."""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, str(root / "benchmarks/import_hostile_bench.py"), "--scale", "0.05", "--only", "header"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        timeout=300,
    )
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("workbook") and lines[2].startswith("shared header bomb")
    assert "Mi" in lines[2]
