"""Helpers shared by the planning pages: charts as JSON with a table, the scenario of the URL."""

from __future__ import annotations

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

import charts
from orgs.choices import MembershipRole
from orgs.tenancy import get_scoped_object
from teamplanner.exceptions import ApplicationError

from ..models import Scenario

ADMIN = (MembershipRole.ADMIN,)


# --- helpers ---------------------------------------------------------------------------------------------


def _figure_json(fig) -> str:
    return mark_safe(charts.script_json(fig))  # noqa: S308 - escaped for a script element


def _table(headers, rows) -> str:
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in rows)
    )
    return format_html(
        '<div class="table-responsive"><table class="table table-sm table-striped small mb-0">'
        "<thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>",
        head,
        body,
    )


def chart(key, title, fig, headers, rows, *, empty="", note="") -> dict:
    if empty:
        return {"key": key, "title": title, "empty": empty}
    return {"key": key, "title": title, "json": _figure_json(fig), "table_html": _table(headers, rows), "note": note}


def url_scenario(request, pk) -> Scenario:
    """A scenario of the organisation in the URL (404 for any other, even one of another org of the user)."""
    access = request.org_access
    return get_scoped_object(
        Scenario.objects.select_related("organization", "created_by", "applied_by"),
        request.user,
        pk=pk,
        organization=access.org,
    )


def show_error(request, exc: ApplicationError):
    messages.error(request, exc.message)


def pct(p: float) -> str:
    return f"{p * 100:.0f}%"
