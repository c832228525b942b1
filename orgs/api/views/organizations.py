"""The organisations a user is a member of, their settings and their workbook export."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from openpyxl.utils.exceptions import IllegalCharacterError
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from teamplanner.api_base import StrictJSONParser
from teamplanner.api_permissions import OrganizationPermission
from teamplanner.api_schema import ErrorSerializer
from teamplanner.exceptions import ConflictError

from ... import services
from ...choices import MembershipRole
from ...models import Membership, Organization
from ...tenancy import get_org_access, scoped
from ..serializers import OrganizationSerializer

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Clients generated from the schema fetch a file as bytes when it is offered as application/octet-stream.
BINARY_TYPE = "application/octet-stream"


@extend_schema_view(
    list=extend_schema(summary="Your organisations", description="The organisations you are a member of."),
    retrieve=extend_schema(summary="One organisation"),
    update=extend_schema(summary="Change an organisation's settings (admins)"),
    partial_update=extend_schema(summary="Change some of an organisation's settings (admins)"),
)
class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    serializer_class = OrganizationSerializer
    permission_classes = [OrganizationPermission]
    parser_classes = [StrictJSONParser]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,60}"
    filterset_fields = ["stage", "ml_focus", "headcount_band"]
    ordering_fields = ["name", "slug", "created_at", "data_changed_at"]
    ordering = ["name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organization.objects.none()
        return scoped(Organization, self.request.user).order_by("name")

    @extend_schema(
        summary="Download the organisation's data as a workbook (admins, executives)",
        responses={
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
            (200, BINARY_TYPE): OpenApiTypes.BINARY,
            409: ErrorSerializer,
        },
        description=(
            "The same .xlsx format the import reads, as a file (`Content-Disposition: attachment`). It is sent as "
            f"`{XLSX_TYPE}` whether the request accepts that type, `{BINARY_TYPE}` or any."
        ),
    )
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        org = self.get_object()
        if get_org_access(request.user, org.slug).role not in (MembershipRole.ADMIN, MembershipRole.EXECUTIVE):
            raise Http404("Not found.")
        try:
            workbook = services.org_export(org=org)
        except IllegalCharacterError:
            raise ConflictError(
                "The organisation's data contains control characters that a workbook cannot hold; "
                "correct the names and texts that contain them, then export again."
            )
        response = HttpResponse(workbook, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{org.slug}-{timezone.localdate().isoformat()}.xlsx"'
        return response

    def perform_content_negotiation(self, request, force=False):
        # The workbook is sent as it is, whichever binary type Accept names; only errors are rendered (JSON).
        return super().perform_content_negotiation(request, force=force or self.action == "export")

    def perform_update(self, serializer):
        serializer.instance = services.org_update(
            access=get_org_access(self.request.user, serializer.instance.slug),
            org=serializer.instance,
            **serializer.validated_data,
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request.user.is_authenticated:
            context["roles_by_org"] = dict(
                scoped(Membership, self.request.user)
                .filter(user=self.request.user)
                .values_list("organization_id", "role")
            )
        return context
