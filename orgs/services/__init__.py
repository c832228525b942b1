"""Writes to an organisation's data. Keyword-only, one transaction each; a broken rule raises
`ApplicationError` (400), `ForbiddenError` (403) or `ConflictError` (409), and an object of another
organisation is a 404.

Edits that belong to a team take the editor's `OrgAccess` and check `access.can_edit_team(...)`
themselves, so every caller (pages, API, commands) obeys the same rule. One module per concern:
`organizations` (an organisation's settings), `imports` (workbook import and export), `people` (people,
skills, the responsibility matrix), `systems` (ML systems), `teams` (teams and openings), `rules` (the
checks they share).
"""

from .imports import (
    APPLY_TASK,
    CHECK_TASK,
    import_run_apply,
    import_run_apply_queued,
    import_run_check,
    import_run_confirm,
    import_run_create,
    import_run_fail,
    import_run_upload,
    import_runs_expire,
    org_export,
    org_import,
    org_import_by_slug,
)
from .organizations import ORG_FIELDS, org_update
from .people import PERSON_FIELDS, assignment_set, person_create, person_delete, person_update
from .rules import NOT_ALLOWED
from .systems import SYSTEM_FIELDS, system_create, system_delete, system_update
from .teams import (
    OPENING_FIELDS,
    TEAM_FIELDS,
    opening_create,
    opening_delete,
    opening_update,
    team_create,
    team_delete,
    team_update,
)

__all__ = [
    "APPLY_TASK",
    "CHECK_TASK",
    "NOT_ALLOWED",
    "OPENING_FIELDS",
    "ORG_FIELDS",
    "PERSON_FIELDS",
    "SYSTEM_FIELDS",
    "TEAM_FIELDS",
    "assignment_set",
    "import_run_apply",
    "import_run_apply_queued",
    "import_run_check",
    "import_run_confirm",
    "import_run_create",
    "import_run_fail",
    "import_run_upload",
    "import_runs_expire",
    "opening_create",
    "opening_delete",
    "opening_update",
    "org_export",
    "org_import",
    "org_import_by_slug",
    "org_update",
    "person_create",
    "person_delete",
    "person_update",
    "system_create",
    "system_delete",
    "system_update",
    "team_create",
    "team_delete",
    "team_update",
]
