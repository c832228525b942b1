"""The org workbook format (docs: shared import-format): sheets, their columns and the limits of a file."""

from dataclasses import dataclass

from ..choices import AssignmentLevel, OpeningStatus, SystemStage, TeamKind, TeamPillar


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]


SHEETS: dict[str, SheetSpec] = {
    s.name: s
    for s in (
        SheetSpec("teams", ("name", "parent", "kind", "pillar", "lead_email"), ("name",)),
        SheetSpec(
            "people",
            ("email", "name", "team", "role", "manager_email", "fte", "start_date", "location"),
            ("email", "name", "team", "role"),
        ),
        SheetSpec("skills", ("email", "skill", "level"), ("email", "skill", "level")),
        SheetSpec("assignments", ("email", "responsibility", "level"), ("email", "responsibility", "level")),
        SheetSpec("systems", ("name", "team", "stage", "domain", "owners", "deployers"), ("name", "team", "stage")),
        SheetSpec("openings", ("role", "team", "opened_on", "status", "filled_on"), ("role", "team", "opened_on")),
    )
}
SHEET_ORDER = tuple(SHEETS)
# A workbook or zip must have these; a single CSV may be any one sheet.
REQUIRED_SHEETS = ("teams", "people")

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("teams", "kind"): tuple(TeamKind.values),
    ("teams", "pillar"): tuple(TeamPillar.values),
    ("assignments", "level"): tuple(AssignmentLevel.values),
    ("systems", "stage"): tuple(SystemStage.values),
    ("openings", "status"): tuple(OpeningStatus.values),
}

# Field lengths of the models, checked here so PostgreSQL never rejects a row halfway through.
MAX_LENGTHS: dict[tuple[str, str], int] = {
    ("teams", "name"): 150,
    ("people", "name"): 200,
    ("people", "email"): 254,
    ("people", "location"): 100,
    ("systems", "name"): 200,
    ("systems", "domain"): 100,
}

# Limits that keep a hostile or broken file from eating memory or time.
MAX_ROWS_PER_SHEET = 50_000
EMPTY_ROW_RUN = 1_000  # stop reading a sheet after this many empty rows in a row
MAX_COLUMNS = 50
MAX_CELL_CHARS = 5_000  # longer cells are an error; their text is never kept, only their length
MAX_HEADER_CHARS = 100
MAX_ZIP_MEMBERS = 20
UNCOMPRESSED_FACTOR = 8  # a zip/xlsx may unpack to at most this many times IMPORT_MAX_BYTES
MAX_SHARED_STRINGS = (
    1_000_000  # different texts of an .xlsx (50,000 rows of 8 columns in 6 sheets is 2.4 million cells)
)
MAX_SHARED_CHARS = 32_000_000  # their characters together
MAX_CELL_STYLES = 65_536  # cell formats looked at for dates (Excel allows 64,000)
MAX_STRUCTURE_PART_BYTES = 4 * 1024 * 1024  # unpacked [Content_Types].xml, workbook.xml and relationships, each
# The report: the first errors and warnings in full, then only counts (per sheet); quoted values are shortened.
MAX_REPORTED_ISSUES = 1_000
MAX_REPORTED_WARNINGS = 100
MAX_ISSUE_CHARS = 500  # a message (an unknown reference lists the valid values)
MAX_SHOWN_CHARS = 60  # a value or a column name quoted in a message
