"""Workbook upload with a preview an admin confirms, and the workbook download."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ..choices import ImportRunStatus, MembershipRole
from ..decorators import org_view
from ..forms import ImportUploadForm
from ..importer import ImportReport
from ..importer.format_doc import import_format_html
from ..importer.template import template_workbook
from ..models import ImportRun
from ..services import import_run_confirm, import_run_upload, org_export

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PENDING = (ImportRunStatus.CHECKING, ImportRunStatus.APPLYING)


@org_view(visible_to=(MembershipRole.ADMIN,))
@require_http_methods(["GET", "POST"])
def import_upload(request):
    access = request.org_access
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = import_run_upload(org=access.org, user=request.user, uploaded_file_or_bytes=upload, filename=upload.name)
        return redirect("orgs:import_preview", org_slug=access.org.slug, run_id=run.pk)
    runs = ImportRun.objects.for_org(access.org).select_related("uploaded_by").defer("content")[:10]
    status = 400 if form.errors else 200
    return render(request, "orgs/import_upload.html", {"form": form, "runs": runs}, status=status)


def _applied(request, run):
    report = ImportReport.from_dict(run.report)
    messages.success(request, f"Imported {run.filename}: {report.summary()}")
    return reverse("orgs:org_home", kwargs={"org_slug": run.organization.slug})


@org_view(visible_to=(MembershipRole.ADMIN,))
@require_http_methods(["GET", "POST"])
def import_preview(request, run_id: int):
    """The upload's report once a worker has checked it; while it is being checked or written, a page that
    asks again every second (htmx) and moves on when the worker is done."""
    access = request.org_access
    run = (
        ImportRun.objects.for_org(access.org)
        .select_related("organization", "uploaded_by")
        .defer("content")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        raise Http404("No such import.")
    if request.method == "POST":
        run = import_run_confirm(run=run, user=request.user)  # a ConflictError is a 409 page with its message
        run = ImportRun.objects.defer("content").select_related("organization").get(pk=run.pk)
        if run.status == ImportRunStatus.APPLIED:  # written at once (no separate worker)
            return redirect(_applied(request, run))
        if run.status == ImportRunStatus.REJECTED:
            messages.error(
                request, "The data changed since the preview and the file no longer fits; nothing was written."
            )
        return redirect("orgs:import_preview", org_slug=access.org.slug, run_id=run.pk)
    if request.htmx:
        if run.status in PENDING:
            return render(request, "orgs/partials/import_waiting.html", {"run": run})
        response = HttpResponse("")  # htmx follows the header
        if run.status == ImportRunStatus.APPLIED:
            response["HX-Redirect"] = _applied(request, run)
        else:
            response["HX-Refresh"] = "true"
        return response
    report = ImportReport.from_dict(run.report) if run.status not in PENDING else None
    context = {
        "run": run,
        "report": report,
        "last_error": run.report.get("last_error") if run.status == ImportRunStatus.CHECKED else None,
        "preview_days": settings.IMPORT_PREVIEW_DAYS,
        "pending": PENDING,
    }
    return render(request, "orgs/import_preview.html", context)


@org_view(visible_to=(MembershipRole.ADMIN,))
@require_GET
def import_format(request):
    """The import format (docs/import.md) as a page of the app, with the template workbook to download."""
    return render(request, "orgs/import_format.html", {"format_html": import_format_html()})


@org_view(visible_to=(MembershipRole.ADMIN,))
@require_GET
def import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="teamplanner-import-template.xlsx"'
    return response


@org_view(visible_to=(MembershipRole.ADMIN, MembershipRole.EXECUTIVE))
@require_GET
def export_download(request):
    org = request.org_access.org
    response = HttpResponse(org_export(org=org), content_type=XLSX_TYPE)
    filename = f"{org.slug}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
