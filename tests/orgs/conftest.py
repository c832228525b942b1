import pytest

from orgs.importer import run_import
from tests.orgs import workbooks


@pytest.fixture
def import_xlsx(org):
    """import_xlsx(sheets, dry_run=False, into=org) -> the report of importing those sheets as an .xlsx."""

    def run(sheets, dry_run=False, into=None):
        return run_import(org=into or org, data=workbooks.xlsx(sheets), filename="org.xlsx", dry_run=dry_run)

    return run


def error_texts(report) -> list[str]:
    return [str(e) for e in report.sorted_errors()]
