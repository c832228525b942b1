"""API views of an organisation's data: every queryset through `orgs.tenancy.scoped`, every
organisation resolved through `orgs.tenancy.get_org_access` (404 for non-members)."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from openpyxl.utils.exceptions import IllegalCharacterError
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from teamplanner.api_base import OrgScopedGenericViewSet, OrgScopedViewSet, StrictJSONParser, protected_call
from teamplanner.api_permissions import OrganizationPermission
from teamplanner.api_schema import ErrorSerializer
from teamplanner.exceptions import ConflictError

from .. import members, services
from ..choices import ImportRunStatus, MembershipRole
from ..filters import (
    AssignmentFilterSet,
    MLSystemFilterSet,
    OpeningFilterSet,
    PersonFilterSet,
    PersonSkillFilterSet,
    TeamFilterSet,
)
from ..models import Assignment, ImportRun, Membership, MLSystem, Opening, Organization, Person, PersonSkill, Team
from ..selectors import person_list, team_list
from ..tenancy import get_org_access, scoped
from .serializers import (
    AssignmentSerializer,
    ImportRunSerializer,
    ImportUploadSerializer,
    MemberCreateSerializer,
    MemberSerializer,
    MLSystemSerializer,
    OpeningSerializer,
    OrganizationSerializer,
    PersonSerializer,
    PersonSkillSerializer,
    TeamSerializer,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, 409: ErrorSerializer},
        description="The same .xlsx format the import reads.",
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

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request.user.is_authenticated:
            context["roles_by_org"] = dict(
                scoped(Membership, self.request.user)
                .filter(user=self.request.user)
                .values_list("organization_id", "role")
            )
        return context


@extend_schema_view(
    list=extend_schema(summary="Teams", description="The organisation's teams; `member_count` counts their people."),
    create=extend_schema(summary="Create a team", description="Admins anywhere; leads only below a team they lead."),
)
class TeamViewSet(OrgScopedViewSet):
    """Teams of the organisation. Leads change the teams they lead and create teams below them."""

    model = Team
    serializer_class = TeamSerializer
    filterset_class = TeamFilterSet
    ordering_fields = ["name", "kind", "pillar", "updated_at", "member_count"]
    ordering = ["name"]
    lead_scope_message = "You can only change the teams you lead and the teams below them."

    def get_queryset(self):
        if self.is_schema_view:
            return Team.objects.none()
        return scoped(team_list(org=self.org_access.org), self.request.user)

    def teams_of(self, obj):
        return [obj]

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)  # with its member count

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def teams_after(self, serializer):
        # A team is created (or moved) below a parent, which a lead must lead too.
        data, team = serializer.validated_data, serializer.instance
        if team is None:
            return [data.get("parent")]
        if "parent" in data and data["parent"] != team.parent:
            if not self.org_access.can_move_team(team):
                raise PermissionDenied("Only an organisation admin can move the team you lead.")
            return [data["parent"]]
        return []


class PersonViewSet(OrgScopedViewSet):
    """People of the organisation. Leads change the people of the teams they lead (`orgs.services`)."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "email", "fte", "start_date", "updated_at"]
    ordering = ["name"]
    lead_scope_message = "You can only change people in the teams you lead."

    def get_queryset(self):
        if self.is_schema_view:
            return Person.objects.none()
        return scoped(person_list(org=self.org_access.org), self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.person_create(access=self.org_access, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.person_update(
            access=self.org_access, person=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        protected_call(services.person_delete, access=self.org_access, person=instance)


class PersonSkillViewSet(OrgScopedViewSet):
    """Skill levels (0-4) of the organisation's people, one per person and skill."""

    model = PersonSkill
    serializer_class = PersonSkillSerializer
    filterset_class = PersonSkillFilterSet
    ordering_fields = ["level", "person__name", "skill__name"]
    ordering = ["person__name", "skill__name"]
    lead_scope_message = "You can only change the skills of people in the teams you lead."

    def select(self, qs):
        return qs.select_related("person__team", "skill")

    def teams_of(self, obj):
        return [obj.person.team]

    def _set_level(self, person, skill, level):
        services.person_update(access=self.org_access, person=person, skills={skill: level})
        return PersonSkill.objects.select_related("person", "skill").filter(person=person, skill=skill).first()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self._set_level(data["person"], data["skill"], data["level"])

    def perform_update(self, serializer):
        current, data = serializer.instance, serializer.validated_data
        person, skill = data.get("person", current.person), data.get("skill", current.skill)
        with transaction.atomic():
            if (person.pk, skill.pk) != (current.person_id, current.skill_id):
                self._set_level(current.person, current.skill, None)
            serializer.instance = self._set_level(person, skill, data.get("level", current.level))

    def perform_destroy(self, instance):
        self._set_level(instance.person, instance.skill, None)


class AssignmentViewSet(PersonSkillViewSet):
    """Who does what: a person's level (owner, contributor, backup) on a responsibility (a matrix cell)."""

    model = Assignment
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    ordering_fields = ["level", "person__name", "responsibility__name", "updated_at"]
    ordering = ["responsibility__name", "person__name"]
    lead_scope_message = "You can only change the assignments of people in the teams you lead."

    def select(self, qs):
        return qs.select_related("person__team", "responsibility")

    def _set(self, person, responsibility, level):
        return services.assignment_set(
            access=self.org_access, person=person, responsibility=responsibility, level=level
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self._set(data["person"], data["responsibility"], data["level"])

    def perform_update(self, serializer):
        current, data = serializer.instance, serializer.validated_data
        person = data.get("person", current.person)
        responsibility = data.get("responsibility", current.responsibility)
        with transaction.atomic():
            if (person.pk, responsibility.pk) != (current.person_id, current.responsibility_id):
                self._set(current.person, current.responsibility, None)
            serializer.instance = self._set(person, responsibility, data.get("level", current.level))

    def perform_destroy(self, instance):
        self._set(instance.person, instance.responsibility, None)


class MLSystemViewSet(OrgScopedViewSet):
    """ML systems (models and pipelines) with the people who own and can deploy them."""

    model = MLSystem
    serializer_class = MLSystemSerializer
    filterset_class = MLSystemFilterSet
    ordering_fields = ["name", "stage", "updated_at"]
    ordering = ["name"]
    lead_scope_message = "You can only change the systems of the teams you lead."

    def select(self, qs):
        only_ids = Person.objects.only("pk")
        return qs.select_related("team").prefetch_related(
            Prefetch("owners", queryset=only_ids), Prefetch("deployers", queryset=only_ids)
        )

    def perform_create(self, serializer):
        serializer.instance = services.system_create(access=self.org_access, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.system_update(
            access=self.org_access,
            system=serializer.instance,
            owners=data.pop("owners", None),
            deployers=data.pop("deployers", None),
            **data,
        )

    def perform_destroy(self, instance):
        protected_call(services.system_delete, access=self.org_access, system=instance)


class OpeningViewSet(OrgScopedViewSet):
    """Hiring openings: a catalog role in a team, opened, filled or cancelled."""

    model = Opening
    serializer_class = OpeningSerializer
    filterset_class = OpeningFilterSet
    ordering_fields = ["opened_on", "filled_on", "status", "updated_at"]
    ordering = ["opened_on", "id"]
    lead_scope_message = "You can only change the openings of the teams you lead."

    def select(self, qs):
        return qs.select_related("team", "role")


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


# --- members ------------------------------------------------------------------------------------------


class MemberPermission(BasePermission):
    """Only the organisation's admins manage its members; its other members get 403, anyone else 404."""

    message = members.ADMINS_ONLY

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return view.org_access.is_admin  # 404 for anyone who is not a member

    def has_object_permission(self, request, view, obj):
        return True


@extend_schema_view(
    list=extend_schema(
        summary="Members (admins)", description="Who may use the organisation, with their role; sorted by name."
    ),
    retrieve=extend_schema(summary="One member (admins)"),
    create=extend_schema(
        summary="Add a member (admins)",
        request=MemberCreateSerializer,
        responses={201: MemberSerializer},
        description=(
            "Send `user` (the username or e-mail address of an existing account) or the fields of a new account "
            "(`username`, `email`, `password`, optionally `first_name` and `last_name`), with `role` and, for "
            "leads, `teams`. Passwords are never returned. 409 when the account is a member already."
        ),
    ),
    update=extend_schema(summary="Change a member's role and led teams (admins)"),
    partial_update=extend_schema(
        summary="Change a member's role or led teams (admins)",
        description="Only leads lead teams: another role clears them. The last admin keeps the role (409).",
    ),
    destroy=extend_schema(
        summary="Remove a member (admins)",
        description="The account stays. The organisation's last admin cannot be removed (409).",
    ),
)
class MemberViewSet(OrgScopedViewSet):
    """Who may use the organisation and with which role; only its admins see and change this."""

    model = Membership
    serializer_class = MemberSerializer
    permission_classes = [MemberPermission]
    write_roles = (MembershipRole.ADMIN,)
    filterset_fields = ["role"]
    ordering_fields = ["name", "username", "email", "role", "created_at", "last_login"]
    ordering = ["name", "username", "id"]

    def get_queryset(self):
        if self.is_schema_view:
            return Membership.objects.none()
        return scoped(members.member_list(org=self.org_access.org), self.request.user)

    def _fresh(self, membership):
        return MemberSerializer(self.get_queryset().get(pk=membership.pk), context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = MemberCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "user" in data:
            membership = members.member_add_existing(access=self.org_access, **data)
        else:
            membership = members.member_add_new(access=self.org_access, **data)
        return Response(self._fresh(membership), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        membership = self.get_object()
        serializer = self.get_serializer(membership, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        membership = members.member_update(
            access=self.org_access, membership=membership, role=data.get("role"), teams=data.get("teams")
        )
        return Response(self._fresh(membership))

    def perform_destroy(self, instance):
        members.member_remove(access=self.org_access, membership=instance)
