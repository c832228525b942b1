"""The two doors (browser pages and the API), what their answers mean, and what a write leaves behind.

Decisions: "allowed", "forbidden", "not found", "login required".

- Browser: a redirect to the log-in page is "login required", 404 "not found", 403 "forbidden". A page that
  refuses by showing why (the form again with its error, status 400, or a redirect with an error message)
  counts as "forbidden" when nothing changed. Any other answer is "allowed" when the data changed and
  "ignored" when it did not (the page said yes but did nothing).
- API: 401, or 403 for an anonymous client, is "login required"; 403 "forbidden"; 404 "not found"; 2xx
  "allowed" when the data changed, "ignored" when not; anything else is reported with its status.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.messages import constants as message_levels
from django.db import models as db_models
from django.db import transaction

from assessments.models import Answer, Assessment
from orgs.models import (
    Assignment,
    ImportRun,
    Invitation,
    Membership,
    MLSystem,
    Opening,
    Organization,
    Person,
    PersonSkill,
    Team,
)
from outbox.models import OutboxMessage
from planning.models import HeadcountTarget, MaturityTarget, RoleSetting, Scenario, ScenarioApplication, ScenarioChange
from scoring.models import ScoringRun

ALLOWED, FORBIDDEN, NOT_FOUND, LOGIN = "allowed", "forbidden", "not found", "login required"
IGNORED = "ignored"

# What a write may change. Timestamps, primary keys of new rows, password hashes and keys made at random are
# left out: they differ between two runs of the same write.
WATCHED = [
    Organization,
    Team,
    Person,
    PersonSkill,
    Assignment,
    MLSystem,
    Opening,
    Membership,
    Invitation,
    ImportRun,
    Assessment,
    Answer,
    ScoringRun,
    Scenario,
    ScenarioChange,
    ScenarioApplication,
    HeadcountTarget,
    MaturityTarget,
    RoleSetting,
    OutboxMessage,
]
VOLATILE = {"id", "password", "idempotency_key", "content", "report", "log", "payload", "key", "last_error"}


def _fields(model) -> list:
    fields = []
    for f in model._meta.concrete_fields:
        if f.name in VOLATILE or isinstance(f, db_models.DateTimeField):
            continue
        if f.primary_key and f.name != "id":
            continue
        fields.append(f)
    return fields


def _m2m(model) -> list[str]:
    return [f.name for f in model._meta.many_to_many]


def known_ids() -> dict:
    """The ids of every watched row before a write: a reference to any other row is to a row the write made."""
    return {model: set(model.objects.values_list("pk", flat=True)) for model in WATCHED}


def _stable(field, value, known: dict | None):
    # A new row's id depends on the database's sequence (PostgreSQL does not roll it back with the
    # savepoint), so a reference to a row made by the write is compared as "new", not by number.
    target = field.related_model if field.is_relation else None
    if known is None or value is None or target not in known or value in known[target]:
        return _plain(value)
    return "new"


def snapshot(known: dict | None = None) -> dict:
    """Every watched row, as sorted tuples of its stable fields (and its many-to-many ids)."""
    out = {}
    for model in WATCHED:
        fields, many = _fields(model), _m2m(model)
        rows = []
        qs = model.objects.all().prefetch_related(*many) if many else model.objects.all()
        for obj in qs:
            row = tuple(_stable(f, getattr(obj, f.attname), known) for f in fields)
            row += tuple(tuple(sorted(o.pk for o in getattr(obj, m).all())) for m in many)
            rows.append(row)
        out[model.__name__] = sorted(rows, key=repr)
    return out


def _plain(value):
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, dict | list):
        return repr(value)
    return value


def diff(a: dict, b: dict) -> dict:
    """The tables whose rows differ, with the rows only in `a` and only in `b`."""
    out = {}
    for name in a:
        only_a = [r for r in a[name] if r not in b[name]]
        only_b = [r for r in b[name] if r not in a[name]]
        if only_a or only_b:
            out[name] = {"only first": only_a[:3], "only second": only_b[:3]}
    return out


@dataclass
class Call:
    """One request: method, URL and body (form fields for pages, JSON or multipart for the API)."""

    method: str
    url: str
    data: dict = field(default_factory=dict)
    multipart: bool = False


@dataclass
class Outcome:
    decision: str
    status: int
    detail: str
    after: dict
    changed: bool


def _error_message(response) -> str:
    context = getattr(response, "context", None)
    msgs = []
    if response.wsgi_request is not None and hasattr(response.wsgi_request, "_messages"):
        msgs = [m.message for m in response.wsgi_request._messages._queued_messages if m.level >= message_levels.ERROR]
    if not msgs and context is not None:
        for key in ("form", "error"):
            try:
                value = context[key]
            except (KeyError, TypeError):
                continue
            if isinstance(value, str) and value:
                msgs.append(value)
            elif hasattr(value, "errors") and value.errors:
                msgs.append(str(dict(value.errors)))
    return "; ".join(str(m) for m in msgs)


def browser_decision(response, *, changed: bool) -> tuple[str, str]:
    status = response.status_code
    if status == 302 and response.url.startswith("/accounts/login/"):
        return LOGIN, ""
    if status == 404:
        return NOT_FOUND, ""
    if status == 403:
        return FORBIDDEN, ""
    message = _error_message(response)
    if not changed and (status == 400 or (status < 400 and message)):
        return FORBIDDEN, f"refused with {status}: {message[:200]}"
    if status < 400:
        return (ALLOWED if changed else IGNORED), message[:200]
    return f"status {status}", response.content[:300].decode(errors="replace")


def api_decision(response, *, changed: bool, anonymous: bool) -> tuple[str, str]:
    status = response.status_code
    body = response.content[:300].decode(errors="replace")
    if status == 401 or (anonymous and status == 403):
        return LOGIN, body
    if status == 403:
        return FORBIDDEN, body
    if status == 404:
        return NOT_FOUND, body
    if status < 300:
        return (ALLOWED if changed else IGNORED), body
    return f"status {status}", body


def attempt(door: str, client, call: Call, *, user) -> Outcome:
    """Send `call` through `door` as `user`, inside a savepoint that is rolled back: the data is as before."""
    sid = transaction.savepoint()
    try:
        known = known_ids()
        before = snapshot(known)
        if user.is_authenticated:
            client.force_login(user)
        send = getattr(client, call.method.lower())
        if door == "browser":
            response = send(call.url, call.data)
        elif call.multipart:
            response = send(call.url, call.data, format="multipart")
        else:
            response = send(call.url, call.data, format="json")
        after = snapshot(known)
        changed = after != before
        if door == "browser":
            decision, detail = browser_decision(response, changed=changed)
        else:
            decision, detail = api_decision(response, changed=changed, anonymous=not user.is_authenticated)
        if not changed:
            after = before
        return Outcome(decision, response.status_code, detail, after if changed else before, changed)
    finally:
        transaction.savepoint_rollback(sid)
        client.logout()
