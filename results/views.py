"""Results pages: the org dashboard, a team's results, the findings list, exports. Thin: read, shape, render."""

from __future__ import annotations

import html

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

import charts
from orgs.choices import MembershipRole
from orgs.decorators import org_view
from orgs.services.organizations import ADMINS_ONLY as SETTINGS_ADMINS_ONLY
from scoring.choices import Severity
from scoring.services import ONLY_ADMINS_RESCORE, org_rescore_request
from teamplanner.exceptions import ApplicationError, ForbiddenError
from vocabulary.severity import SEVERITY_RANK

from . import exports, panels
from .forms import ResultFilterForm
from .selectors import ResultFilters, dashboard_data, stale_run, team_results
from .services import organization_target_level_set
from .summary import structure_view as _structure

FINDINGS_PER_PAGE = 25
TEAM_FINDINGS_SHOWN = 8  # the rest of a team's findings are one click away, folded
SEVERITY_BADGES = {
    "critical": "text-bg-danger",
    "high": "text-bg-warning",
    "medium": "text-bg-info",
    "low": "text-bg-secondary",
    "info": "text-bg-light border",
}


def figure_json(fig: charts.Figure) -> str:
    """A figure as JSON that is safe inside <script type="application/json"> (escaped like `json_script`)."""
    return mark_safe(charts.script_json(fig))  # noqa: S308 - escaped for a script element


class EvidenceLinks:
    """URLs for the people, teams and systems a finding names; plain text where no page exists."""

    CANDIDATES = {
        "people": ("orgs:person_detail", "orgs:person"),
        "systems": ("orgs:system_detail", "orgs:system"),
    }

    def __init__(self, org_slug: str):
        self.org_slug = org_slug
        self._patterns: dict[str, str | None] = {}

    def _pattern(self, kind: str) -> str | None:
        if kind not in self._patterns:
            self._patterns[kind] = None
            if kind == "teams":
                self._patterns[kind] = reverse("results:team", kwargs={"org_slug": self.org_slug, "team_id": 0})
            for name in self.CANDIDATES.get(kind, ()):
                for kwarg in ("pk", "person_id" if kind == "people" else "system_id"):
                    try:
                        self._patterns[kind] = reverse(name, kwargs={"org_slug": self.org_slug, kwarg: 0})
                        break
                    except NoReverseMatch:
                        continue
                if self._patterns[kind]:
                    break
        return self._patterns[kind]

    def url(self, kind: str, item_id) -> str | None:
        pattern = self._pattern(kind)
        if not pattern or not isinstance(item_id, int):
            return None
        # The reversed URL for id 0 ends in "/0/": swap the id in.
        head, sep, tail = pattern.rpartition("/0/")
        return f"{head}/{item_id}/{tail}" if sep else None

    def annotate(self, findings) -> list:
        for f in findings:
            ev = f.evidence if isinstance(f.evidence, dict) else {}
            f.links = {
                kind: [
                    {"name": i.get("name", ""), "url": self.url(kind, i.get("id"))}
                    for i in ev.get(kind) or []
                    if isinstance(i, dict)
                ]
                for kind in ("people", "teams", "systems")
            }
            f.links["responsibilities"] = [
                {"name": i.get("name", ""), "url": None}
                for i in ev.get("responsibilities") or []
                if isinstance(i, dict)
            ]
            f.badge = SEVERITY_BADGES.get(f.severity, "text-bg-light")
            metrics = ev.get("metrics") if isinstance(ev.get("metrics"), dict) else {}
            f.metrics = {str(k).replace("_", " "): v for k, v in metrics.items()}
            f.answers = [a for a in ev.get("answers") or [] if isinstance(a, dict)]
        return findings


def _escape(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):  # most cells are numbers: nothing to escape
        return str(value)
    return html.escape(str(value))


def table_html(table) -> str:
    """A chart's text alternative as an HTML table.

    Built with plain string joins: Django templates and `format_html` take hundreds of milliseconds for
    the thousands of cells of a large organisation. Every value goes through `escape`.
    """
    head = "".join(f'<th scope="col">{_escape(h)}</th>' for h in table.headers)
    body = "".join("<tr>" + "".join(f"<td>{_escape(v)}</td>" for v in row) + "</tr>" for row in table.rows)
    caption = f'<caption class="visually-hidden">{_escape(table.caption)}</caption>' if table.caption else ""
    return mark_safe(  # noqa: S308 - every header, cell and caption is escaped above
        '<div class="table-responsive chart-table-wrap"><table class="table table-sm table-striped small mb-0">'
        f"{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _chart_context(chart_list):
    for chart in chart_list:
        chart.json = figure_json(chart.figure) if not chart.empty else ""
        chart.table_html = table_html(chart.table) if not chart.empty else ""
    return chart_list


def _filters(request) -> ResultFilters:
    """The filters in the URL; what cannot be read is reported and left out."""
    form = ResultFilterForm(request.GET or None)
    for problem in form.problems():
        messages.warning(request, problem)
    return form.filters()


def _unknown_team(request, filters: ResultFilters, data) -> None:
    if filters.team_id and data.team is None:
        messages.warning(request, "That team is not part of this organisation, so the page shows all teams.")


def _date_choices(history, as_of) -> list[tuple[str, str]]:
    """The dates of stored results, newest first, for the date menu (the chosen date is always one of them)."""
    seen, out = set(), []
    for p in history:
        day = p.at.date().isoformat()
        if day not in seen:
            seen.add(day)
            out.append((day, f"{p.at:%d %b %Y}" + (f" – {p.assessment_title}" if p.assessment_title else "")))
    if as_of and as_of.isoformat() not in seen:
        out.insert(0, (as_of.isoformat(), f"{as_of:%d %b %Y}"))
    return out


def _common(org, filters: ResultFilters, history, tree=None) -> dict:
    """Context every results page shares: the filter menus and the file name of chart images."""
    return {
        "org": org,
        "filters": filters,
        "as_of_value": filters.as_of.isoformat() if filters.as_of else "",
        "date_choices": _date_choices(history, filters.as_of),
        "team_options": _team_options(tree, filters.team_id) if tree else "",
        "query": urlencode(filters.query()),
        "filename_prefix": slugify(org.slug),
    }


def _team_options(tree, selected: int | None) -> str:
    """The <option>s of the team menu, indented by depth (hundreds of teams: built here, not in a template loop)."""
    return mark_safe(  # noqa: S308 - names are escaped
        "".join(
            f'<option value="{n.id}"{" selected" if n.id == selected else ""}>{"&emsp;" * n.depth}{_escape(n.name)}'
            "</option>"
            for n in tree.nodes
        )
    )


def _severity_counts(findings) -> list[tuple[str, str, int]]:
    """(label, badge class, count) per severity present, most severe first."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return [
        (label, SEVERITY_BADGES.get(value, ""), counts[value]) for value, label in Severity.choices if value in counts
    ]


def _optional_url(name: str, org_slug: str) -> str | None:
    try:
        return reverse(name, kwargs={"org_slug": org_slug})
    except NoReverseMatch:
        return None


@require_GET
@org_view()
def org_dashboard(request):
    access = request.org_access
    org = access.org
    filters = _filters(request)
    data = dashboard_data(org=org, filters=filters)
    _unknown_team(request, filters, data)
    shown = ResultFilters(team_id=data.team.id if data.team else None, as_of=filters.as_of)
    charts = _chart_context(panels.dashboard_charts(data))
    classification = data.summary["classification"]
    context = {
        **_common(org, shown, data.history, data.tree),
        "data": data,
        "headline": panels.headline(data) if data.run else None,
        "open_roles": panels.open_roles_table(data),
        "charts": {c.key: c for c in charts},
        "findings": EvidenceLinks(org.slug).annotate(data.findings),
        "classification": classification,
        "structure": _structure(classification),
        "ml_lead": data.summary["ml_lead"],
        "can_set_target": access.is_admin,
        "levels": range(1, 6),
        "assessments_url": _optional_url("assessments:list", org.slug),
        "gaps": _target_gaps(org) if data.run and not filters.team_id else None,
        "stale": stale_run(org=org, run=data.run, as_of=filters.as_of),
        "can_rescore": access.is_admin,
    }
    return render(request, "results/dashboard.html", context)


def _target_gaps(org) -> dict:
    """The gaps to the org's headcount and maturity targets (set on the planning pages)."""
    from planning.selectors import target_gaps

    gaps = target_gaps(org=org)
    return {
        "headcount": [g for g in gaps["headcount"] if g["gap"]],
        "maturity": [g for g in gaps["maturity"] if g["gap"]],
        "targets_url": _optional_url("planning:targets", org.slug),
    }


@require_GET
@org_view()
def team_page(request, team_id: int):
    org = request.org_access.org
    filters = ResultFilters(as_of=_filters(request).as_of)
    results = team_results(org=org, team_id=team_id, filters=filters)
    if results is None:
        raise Http404("No such team.")
    charts = _chart_context(panels.team_charts(results))
    links = EvidenceLinks(org.slug)
    context = {
        **_common(org, filters, results.history),
        "results": results,
        "dashboard_query": urlencode({**filters.query(), "team": results.team.id}),
        "charts": {c.key: c for c in charts},
        "findings": links.annotate(results.findings[:TEAM_FINDINGS_SHOWN]),
        "more_findings": links.annotate(results.findings[TEAM_FINDINGS_SHOWN:]),
        "severity_counts": _severity_counts(results.findings),
        "path": results.tree.path(results.team.id)[:-1],
        "children": [results.tree.by_id[c] for c in results.tree.children.get(results.team.id, [])],
        "can_edit": request.org_access.can_edit_team(results.team.id),
        "stale": stale_run(org=org, run=results.run or results.org_run, as_of=filters.as_of),
        "can_rescore": request.org_access.is_admin,
        "assessments_url": _optional_url("assessments:list", org.slug),
    }
    return render(request, "results/team.html", context)


@require_GET
@org_view()
def findings_page(request):
    """Every finding of the org run (with the filters), a page at a time; htmx asks for the list alone."""
    org = request.org_access.org
    filters = _filters(request)
    data = dashboard_data(org=org, filters=filters, findings_limit=None)
    _unknown_team(request, filters, data)
    filters = ResultFilters(team_id=data.team.id if data.team else None, as_of=filters.as_of)
    severity = request.GET.get("severity") or ""
    findings = data.findings
    if severity in SEVERITY_RANK:
        findings = [f for f in findings if f.severity == severity]
    order = "rank" if request.GET.get("order") == "rank" else "severity"
    if order == "rank":  # by priority alone (severity x impact / effort); the default is severity first
        findings = sorted(findings, key=lambda f: (f.rank or 10**6, f.pk))
    page = Paginator(findings, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    EvidenceLinks(org.slug).annotate(page.object_list)
    context = {
        **_common(org, filters, data.history, data.tree),
        "data": data,
        "page": page,
        "severity": severity,
        "severities": Severity.choices,
        "order": order,
        "stale": stale_run(org=org, run=data.run, as_of=filters.as_of),
        "can_rescore": request.org_access.is_admin,
        "page_query": urlencode({**filters.query(), **({"severity": severity} if severity else {}), "order": order}),
    }
    template = "results/partials/findings_page.html" if request.htmx else "results/findings.html"
    return render(request, template, context)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_name(org, filters: ResultFilters, what: str, ext: str, team_name: str = "") -> str:
    parts = [org.slug, what]
    if team_name:
        parts.append(slugify(team_name) or "team")
    if filters.as_of:
        parts.append(filters.as_of.isoformat())
    return "-".join(parts) + "." + ext


@require_GET
@org_view()
def export_dashboard(request, what: str, fmt: str):
    """findings.csv, scores.csv or results.xlsx of what the dashboard shows with the same filters."""
    org = request.org_access.org
    data = dashboard_data(org=org, filters=_filters(request), findings_limit=None)
    filters = ResultFilters(team_id=data.team.id if data.team else None, as_of=data.filters.as_of)
    team_name = data.team.name if data.team else ""
    if fmt == "xlsx" and what == "results":
        return _download(exports.dashboard_workbook(data), _export_name(org, filters, what, fmt, team_name), XLSX)
    if fmt == "csv" and what == "findings":
        body = exports.to_csv(exports.FINDING_HEADERS, exports.finding_rows(data.findings))
    elif fmt == "csv" and what == "scores":
        body = exports.to_csv(exports.SCORE_HEADERS, exports.score_rows(data))
    else:
        raise Http404("No such export.")
    return _download(body, _export_name(org, filters, what, fmt, team_name), "text/csv; charset=utf-8")


@require_GET
@org_view()
def export_team(request, team_id: int, fmt: str):
    org = request.org_access.org
    filters = ResultFilters(as_of=_filters(request).as_of)
    results = team_results(org=org, team_id=team_id, filters=filters)
    if results is None:
        raise Http404("No such team.")
    name = _export_name(org, filters, "team-results", fmt, results.team.name)
    if fmt == "xlsx":
        return _download(exports.team_workbook(results), name, XLSX)
    rows = exports.finding_rows(results.findings)
    return _download(exports.to_csv(exports.FINDING_HEADERS, rows), name, "text/csv; charset=utf-8")


@require_POST
@org_view(roles=(MembershipRole.ADMIN,), refusal=ONLY_ADMINS_RESCORE)
def rescore(request):
    """The stale-results banner's "Rescore now": the organisation's current data is scored again."""
    org_rescore_request(access=request.org_access)
    messages.success(request, "Scoring the organisation's current data again; reload in a moment to see it.")
    query = urlencode(ResultFilterForm(request.POST).filters().query())
    back = reverse("results:dashboard", kwargs={"org_slug": request.org_access.org.slug})
    return redirect(f"{back}?{query}" if query else back)


@require_GET
@org_view()
def scoring_doc(request):
    """How every score, level, bus and truck factor, impact and effort is computed: docs/scoring.md."""
    from .scoring_doc import scoring_doc_html

    html_doc = mark_safe(scoring_doc_html())  # noqa: S308 - rendered with raw HTML disabled
    return render(request, "results/scoring_doc.html", {"org": request.org_access.org, "doc": html_doc})


@require_POST
@org_view(roles=(MembershipRole.ADMIN,), refusal=SETTINGS_ADMINS_ONLY)
def set_target_level(request):
    org = request.org_access.org
    try:
        organization_target_level_set(access=request.org_access, level=request.POST.get("target_level"))
    except ForbiddenError:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The target maturity level is now {org.target_level}.")
    # Back to the same view: the filters come back through the form, never as a raw address.
    query = urlencode(ResultFilterForm(request.POST).filters().query())
    back = reverse("results:dashboard", kwargs={"org_slug": org.slug})
    return redirect(f"{back}?{query}" if query else back)
