"""Who may use an organisation, with which role: only its admins see and change this."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from teamplanner.api_base import OrgScopedViewSet

from ... import members
from ...choices import MembershipRole
from ...models import Membership
from ..serializers import InvitedSerializer, MemberCreateSerializer, MemberSerializer


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
        responses={201: MemberSerializer, 202: InvitedSerializer},
        description=(
            "Send `user` (the username or e-mail address of an existing account) to invite it: 202 whether or not "
            "such an account exists; it becomes a member when its owner accepts at /accounts/invitations/. Or send "
            "the fields of a new account (`username`, `email`, `password`, optionally `first_name` and "
            "`last_name`): 201 with the new member. Both with `role` and, for leads, `teams`. Passwords are never "
            "returned."
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
    list_selector = staticmethod(members.member_list)
    serializer_class = MemberSerializer
    permission_classes = [MemberPermission]
    write_roles = (MembershipRole.ADMIN,)
    filterset_fields = ["role"]
    ordering_fields = ["name", "username", "email", "role", "created_at", "last_login"]
    ordering = ["name", "username", "id"]

    def _fresh(self, membership):
        return MemberSerializer(self.get_queryset().get(pk=membership.pk), context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = MemberCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "user" in data:
            members.member_invite(access=self.org_access, **data)
            return Response({"message": members.INVITED}, status=status.HTTP_202_ACCEPTED)
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

    delete_service = staticmethod(members.member_remove)
    instance_name = "membership"
