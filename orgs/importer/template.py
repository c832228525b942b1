"""A template workbook of the import format: every sheet with its headers and one example row that imports."""

import io

import openpyxl
from openpyxl.styles import Font

from .spec import SHEETS

# One row per sheet that fits together (and the default catalog): a team, its lead, a skill, an assignment,
# a system and an opening. Required columns are marked with `*` in the header, which the reader ignores.
EXAMPLE_ROWS: dict[str, dict[str, object]] = {
    "teams": {
        "name": "ML Platform",
        "parent": "",
        "kind": "platform",
        "pillar": "code",
        "lead_email": "ada@example.com",
    },
    "people": {
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "team": "ML Platform",
        "role": "ml-engineer",
        "manager_email": "",
        "fte": 1,
        "start_date": "2024-01-15",
        "location": "London",
    },
    "skills": {"email": "ada@example.com", "skill": "ml-expertise", "level": 3},
    "assignments": {"email": "ada@example.com", "responsibility": "model-deployment", "level": "owner"},
    "systems": {
        "name": "Fraud detection",
        "team": "ML Platform",
        "stage": "production",
        "domain": "payments",
        "owners": "ada@example.com",
        "deployers": "ada@example.com",
    },
    "openings": {
        "role": "mlops-engineer",
        "team": "ML Platform",
        "opened_on": "2026-01-10",
        "status": "open",
        "filled_on": "",
    },
}


def template_workbook() -> bytes:
    """The .xlsx template: the format's sheets in order, bold headers (`*` on required columns), one example row."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, spec in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append([f"{c}*" if c in spec.required else c for c in spec.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        example = EXAMPLE_ROWS[name]
        sheet.append([example.get(c, "") for c in spec.columns])
        for column, header in zip(sheet.columns, spec.columns, strict=True):
            column[0].parent.column_dimensions[column[0].column_letter].width = max(len(header) + 4, 16)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
