"""Workbook imports over the API: upload (a dry run), read the report, apply. Admins only."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from teamplanner.api_base import OrgScopedGenericViewSet

from ... import services
from ...choices import ImportRunStatus, MembershipRole
from ...models import ImportRun
from ..serializers import ImportRunSerializer, ImportUploadSerializer


@extend_schema_view(
    list=extend_schema(summary="Imports (admins)", description="Uploaded workbooks with their reports, newest first."),
    retrieve=extend_schema(summary="One import and its report (admins)"),
    create=extend_schema(
        summary="Upload a workbook (admins)",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportRunSerializer},
        description=(
            "Checks the file against the organisation's data and keeps it with its report (a dry run). "
            "With `dry_run=false` a file without errors is written at once. The report lists every error "
            "by sheet, row and column; nothing is written unless the whole file is right."
        ),
    ),
)
class ImportRunViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedGenericViewSet
):
    """Org data import: upload (dry run), read the report, apply. Only admins see imports, as in the browser."""

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

    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file, dry_run = upload.validated_data["file"], upload.validated_data["dry_run"]
        run = services.import_run_create(
            org=self.org_access.org, user=request.user, uploaded_file_or_bytes=file, filename=file.name
        )
        if not dry_run and run.status == ImportRunStatus.CHECKED:
            run = services.import_run_apply(run=run, user=request.user)
        return Response(ImportRunSerializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Apply a checked import (admins)",
        request=None,
        responses={200: ImportRunSerializer},
        description=(
            "Writes a checked upload, checking it again against the data as it is now; the report says what was "
            "written. 409 when it was applied already or has errors."
        ),
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, *args, **kwargs):
        run = services.import_run_apply(run=self.get_object(), user=request.user)
        return Response(ImportRunSerializer(self.get_queryset().get(pk=run.pk)).data)
