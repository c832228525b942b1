"""Build import files in memory for tests: .xlsx, a .zip of CSVs or one CSV."""

import csv
import io
import zipfile

import openpyxl

HEADERS = {
    "teams": ["name", "parent", "kind", "pillar", "lead_email"],
    "people": ["email", "name", "team", "role", "manager_email", "fte", "start_date", "location"],
    "skills": ["email", "skill", "level"],
    "assignments": ["email", "responsibility", "level"],
    "systems": ["name", "team", "stage", "domain", "owners", "deployers"],
    "openings": ["role", "team", "opened_on", "status", "filled_on"],
}


def small_org() -> dict[str, list[list]]:
    """A small valid workbook: two teams, three people, and a row in every other sheet."""
    return {
        "teams": [
            HEADERS["teams"],
            ["Data & AI", "", "central_ml", "mixed", "ada@example.com"],
            ["ML Platform", "Data & AI", "platform", "code", "ben@example.com"],
        ],
        "people": [
            HEADERS["people"],
            ["ada@example.com", "Ada Lovelace", "Data & AI", "ai-team-lead", "", 1, "2020-01-15", "London"],
            ["ben@example.com", "Ben Okafor", "ML Platform", "MLOps Engineer", "ada@example.com", 1, "", "Berlin"],
            ["cy@example.com", "Cy Chen", "ML Platform", "ml-engineer", "ben@example.com", 0.5, "2023-06-01", ""],
        ],
        "skills": [
            HEADERS["skills"],
            ["cy@example.com", "ml-expertise", 3],
            ["cy@example.com", "Infrastructure / ops", 2],
        ],
        "assignments": [
            HEADERS["assignments"],
            ["cy@example.com", "model-deployment", "owner"],
            ["ben@example.com", "packaging and deployment", "backup"],
            ["ben@example.com", "CI/CD for code and models", "owner"],
        ],
        "systems": [
            HEADERS["systems"],
            [
                "Fraud detection",
                "ML Platform",
                "production",
                "payments",
                "cy@example.com",
                "cy@example.com;ben@example.com",
            ],
        ],
        "openings": [
            HEADERS["openings"],
            ["mlops-engineer", "ML Platform", "2026-01-10", "open", ""],
            ["ml-engineer", "ML Platform", "2025-03-01", "filled", "2025-09-15"],
        ],
    }


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def csv_zip(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in sheets.items():
            archive.writestr(f"{name}.csv", csv_text(rows))
    return buffer.getvalue()


def with_rows(sheets: dict[str, list[list]], sheet: str, *rows: list) -> dict[str, list[list]]:
    out = {name: [list(r) for r in table] for name, table in sheets.items()}
    out[sheet].extend(list(r) for r in rows)
    return out


def replace_cell(sheets: dict[str, list[list]], sheet: str, row: int, column: str, value) -> dict[str, list[list]]:
    """A copy with one cell changed; `row` counts like a spreadsheet (header = 1)."""
    out = {name: [list(r) for r in table] for name, table in sheets.items()}
    out[sheet][row - 1][out[sheet][0].index(column)] = value
    return out
