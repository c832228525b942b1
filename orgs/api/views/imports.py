"""Workbook imports over the API: upload, then follow the status URL while a worker checks (and writes). Admins only.

No request checks or writes a workbook itself: an upload is kept and its check queued through the outbox, as
the browser's is, and the answer is 202 with the import's URL to poll.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from teamplanner.api_base import OrgScopedGenericViewSet

from ... import services
from ...choices import MembershipRole
from ...models import ImportRun
from ..serializers import ImportRunSerializer, ImportUploadSerializer

LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    location=OpenApiParameter.HEADER,
    response=[202],
    description="The import's URL: GET it until `status` is no longer `checking` or `applying`.",
)
ACCEPTED = OpenApiResponse(
    ImportRunSerializer,
    description="Accepted: a worker checks the file (and writes it). The body is the import as it is now; the "
    "`Location` header is its URL, to poll. `status` goes `checking` → `checked` or `rejected` "
    "(with `dry_run=false`: `checking` → `applying` → `applied`, or `rejected` with the report's errors).",
)


@extend_schema_view(
    list=extend_schema(summary="Imports (admins)", description="Uploaded workbooks with their reports, newest first."),
    retrieve=extend_schema(
        summary="One import and its report (admins)",
        description="The status URL of an upload: `checking` and `applying` while a worker is at it; then `checked` "
        "(no errors: apply it), `rejected` (the report lists the errors) or `applied` (the report says what was "
        "written).",
    ),
    create=extend_schema(
        summary="Upload a workbook (admins)",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ACCEPTED},
        parameters=[LOCATION],
        description=(
            "Keeps the file and queues its check against the organisation's data; answers at once with 202 and "
            "the import's URL to poll. With `dry_run=true` (default) the import ends `checked` or `rejected`, "
            "and `POST imports/{id}/apply/` writes a checked one. With `dry_run=false` a file the check finds "
            "without errors is written by the worker right after (`applying`, then `applied`). The report lists "
            "every error by sheet, row and column (the first 1,000 in full, then counts); nothing is written "
            "unless the whole file is right."
        ),
    ),
)
class ImportRunViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedGenericViewSet
):
    """Org data import: upload (checked by a worker), read the report, apply. Only admins see imports, as in the
    browser."""

    model = ImportRun
    serializer_class = ImportRunSerializer
    write_roles = (MembershipRole.ADMIN,)
    visible_to = (MembershipRole.ADMIN,)
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "applied_at"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def select(self, qs):
        return qs.select_related("uploaded_by").defer("content")

    def _accepted(self, request, run: ImportRun) -> Response:
        """202 with the import as it is now (a worker without a broker may have finished already) and its URL."""
        url = reverse("api-import-detail", kwargs={"org_slug": self.org_access.org.slug, "pk": run.pk}, request=request)
        data = ImportRunSerializer(self.get_queryset().get(pk=run.pk)).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": url})

    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file, dry_run = upload.validated_data["file"], upload.validated_data["dry_run"]
        run = services.import_run_upload(
            org=self.org_access.org,
            user=request.user,
            uploaded_file_or_bytes=file,
            filename=file.name,
            apply=not dry_run,
        )
        return self._accepted(request, run)

    @extend_schema(
        summary="Apply a checked import (admins)",
        request=None,
        responses={202: ACCEPTED},
        parameters=[LOCATION],
        description=(
            "Queues the write of a checked upload for a worker (it is checked again against the data as it is then, "
            "so it is still all or nothing) and answers 202 with the import's URL to poll until `applied` (or "
            "`rejected` when the data changed meanwhile). Applying twice queues it once. 409 when it was applied "
            "already, is still being checked, or has errors."
        ),
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, *args, **kwargs):
        run = services.import_run_confirm(run=self.get_object(), user=request.user)
        return self._accepted(request, run)
