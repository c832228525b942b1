"""The layout of docs/architecture.md, checked: which app may import which, and how long code may grow.

Reads the source with `ast` only; nothing is imported or run.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app and the project packages it may import (besides itself, Django and other libraries).
# Lower layers never import the apps built on them; `demo` seeds everything and may import anything.
BASE = {"vocabulary", "teamplanner"}
ALLOWED = {
    "vocabulary": set(),
    "charts": {"vocabulary"},
    "outbox": {"teamplanner"},
    "roles": BASE,
    "orgs": BASE | {"roles", "outbox"},
    "assessments": BASE | {"orgs", "roles", "outbox"},
    "scoring": BASE | {"orgs", "roles", "outbox", "assessments"},
    "planning": BASE | {"orgs", "roles", "outbox", "assessments", "scoring", "charts"},
    "results": BASE | {"orgs", "roles", "outbox", "assessments", "scoring", "planning", "charts"},
    "demo": BASE | {"orgs", "roles", "outbox", "assessments", "scoring", "planning", "results"},
    # The project package's shared base (errors, API base classes, accounts) sits on tenancy.
    "teamplanner": {"vocabulary", "orgs", "outbox"},
}
# The project's root wiring includes every app's URLs and settings name every app.
WIRING = {"teamplanner/urls.py", "teamplanner/api_urls.py", "teamplanner/settings.py", "teamplanner/celery.py"}
# Pure code: no Django, no database. The engines run in workers and benchmarks without a project.
PURE = ["vocabulary", "charts", "scoring/engine", "planning/engine"]
# Data written as Python (catalog defaults, the default questionnaire) is not code to split.
DATA_FILES = {"roles/defaults.py", "assessments/questionnaire_default.py"}
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80


def code_files(folder: str = ""):
    apps = [folder] if folder else list(ALLOWED)
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_apps_import_only_the_layers_below_them(app):
    wrong = []
    for path in code_files(app):
        if rel(path) in WIRING:
            continue
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in ALLOWED and top != app and top not in ALLOWED[app]:
                wrong.append(f"{rel(path)} imports {module}")
    assert not wrong, f"{app} may import only {sorted(ALLOWED[app])}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("folder", PURE)
def test_engines_and_the_vocabulary_are_pure(folder):
    """Pure code imports no framework, and of the project only other pure code."""
    if not (ROOT / folder).exists():
        pytest.fail(f"{folder} is part of the documented layout but does not exist")
    pure_modules = tuple(p.replace("/", ".") for p in PURE)
    wrong = [
        f"{rel(path)} imports {module}"
        for path in code_files(folder)
        for module in imported_modules(path)
        if module.split(".")[0] in {"django", "rest_framework", "celery"}
        or (module.split(".")[0] in ALLOWED and not module.startswith(pure_modules))
    ]
    assert not wrong, "pure code imports Django or an app:\n" + "\n".join(wrong)


def test_no_code_file_is_longer_than_the_limit():
    long = [
        f"{rel(path)}: {n} lines"
        for path in code_files()
        if rel(path) not in DATA_FILES and (n := path.read_text().count("\n")) > MAX_FILE_LINES
    ]
    assert not long, f"split these into modules of one concern each (at most {MAX_FILE_LINES} lines):\n" + "\n".join(
        long
    )


def test_no_function_is_longer_than_the_limit():
    long = []
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{rel(path)}:{node.lineno} {node.name}: {n} lines")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


def test_every_app_has_the_same_shape():
    """Where a rule lives follows from its name: writes in services, reads in selectors, and so on."""
    shapes = {
        "orgs": ["models", "services", "selectors", "views", "api", "tasks", "urls"],
        "roles": ["models", "services", "api"],
        "assessments": ["models", "services", "selectors", "views", "api", "urls"],
        "scoring": ["models", "services", "selectors", "api", "tasks", "engine"],
        "results": ["services", "selectors", "views", "urls"],
        "planning": ["models", "services", "selectors", "views", "api", "tasks", "urls", "engine"],
    }
    missing = [
        f"{app}/{part}"
        for app, parts in shapes.items()
        for part in parts
        if not (ROOT / app / f"{part}.py").exists() and not (ROOT / app / part / "__init__.py").exists()
    ]
    assert not missing, "missing: " + ", ".join(missing)
