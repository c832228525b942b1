"""Building blocks shared by the apps' API modules: org-scoped viewsets whose writes go through the
apps' services, and serializers that only parse and show.

- `OrgScopedGenericViewSet` (add DRF's mixins) and `OrgScopedViewSet` (all of them): a resource of one
  organisation at /api/v1/orgs/{org_slug}/<resource>/; its queryset always comes through
  `orgs.tenancy.scoped`, the URL's organisation through `orgs.tenancy.get_org_access` (404 for
  non-members), and `OrgRolePermission` (`write_roles`, `visible_to`, `teams_of`) refuses early what
  the service would refuse anyway. `OrgScopedViewSet` saves through the services it names, the same
  functions the pages call, so the browser and the API cannot disagree.
- `StrictJSONParser`: JSON without text that PostgreSQL or a workbook export cannot hold.
- `ServiceModelSerializer`: a ModelSerializer that parses and shows; it never saves.
- `OrgRelatedField`: a primary key of an object of the same organisation; ids of other
  organisations are answered like ids that do not exist.
"""

import re
from collections.abc import Callable
from functools import cached_property

from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from orgs.choices import MembershipRole
from orgs.tenancy import OrgAccess, get_org_access, scoped

from .api_permissions import OrgRolePermission
from .exceptions import delete_checked

MAX_ID = 2**63 - 1

ORG_SLUG_PARAMETER = OpenApiParameter(
    "org_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The organisation's slug (see /api/v1/orgs/)."
)


# C0 control characters other than tab, line feed and carriage return: meaningless in names and texts,
# and a workbook export cannot hold them.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def _unstorable_text(value) -> str | None:
    """What in a parsed JSON value cannot be stored or exported (NUL, control characters, lone surrogates)."""
    if isinstance(value, str):
        if "\x00" in value:
            return "Text may not contain NUL characters."
        if CONTROL_CHARACTERS.search(value):
            return "Text may not contain control characters (other than tab and line breaks)."
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "Text must be valid Unicode (it contains an unpaired surrogate)."
        return None
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        problem = _unstorable_text(item)
        if problem:
            return problem
    return None


class StrictJSONParser(JSONParser):
    """JSON, refusing text that cannot be stored, looked up or exported (PostgreSQL rejects NUL characters)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        problem = _unstorable_text(data)
        if problem:
            raise ParseError(problem)
        return data


# A ModelSerializer that validates the request's fields and shows the object; writes go through a service
# (`OrgScopedViewSet`, the catalog), which runs the model's rules. (A comment, not a docstring: the schema
# would show a docstring as the description of every serializer built on it.)
class ServiceModelSerializer(serializers.ModelSerializer):
    def create(self, validated_data):
        raise NotImplementedError("Writes go through a service, not the serializer.")

    def update(self, instance, validated_data):
        raise NotImplementedError("Writes go through a service, not the serializer.")


class OrgRelatedField(serializers.PrimaryKeyRelatedField):
    """The id of an object of the request's organisation; other organisations' ids do not exist here."""

    def __init__(self, model: type[Model], **kwargs):
        self.model = model
        if not kwargs.get("read_only"):
            kwargs["queryset"] = model.objects.none()
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        org = self.context.get("org")
        request = self.context.get("request")
        if org is None or request is None:
            return self.model.objects.none()
        return scoped(self.model, request.user).for_org(org)

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, int) and not 0 < data <= MAX_ID):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class CatalogSlugField(serializers.SlugRelatedField):
    """A catalog entry (role, responsibility, skill) named by its slug."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(queryset=queryset, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and _unstorable_text(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


@extend_schema(parameters=[ORG_SLUG_PARAMETER])
class OrgScopedGenericViewSet(viewsets.GenericViewSet):
    """A resource of one organisation, at /api/v1/orgs/{org_slug}/<resource>/ (add the mixins it needs).

    Subclasses set `model`, `serializer_class`, `filterset_class`, `ordering_fields`, and either
    `list_selector` (the app's selector of the organisation's rows, `selector(org=...)`) or `select`
    (related rows for a bounded number of queries), and override `teams_of` (the teams a lead must
    lead to change an object; the service checks the rest, such as the teams it moves into).
    """

    model: type[Model]
    list_selector = None
    permission_classes = [OrgRolePermission]
    write_roles: tuple[str, ...] = (MembershipRole.ADMIN, MembershipRole.LEAD)
    parser_classes = [StrictJSONParser]
    lookup_value_regex = r"[0-9]{1,18}"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    @property
    def is_schema_view(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    @cached_property
    def org_access(self) -> OrgAccess:
        return get_org_access(self.request.user, self.kwargs.get("org_slug", ""))

    def select(self, qs: QuerySet) -> QuerySet:
        return qs

    def get_queryset(self) -> QuerySet:
        if self.is_schema_view:
            return self.model.objects.none()
        if self.list_selector is not None:
            return scoped(self.list_selector(org=self.org_access.org), self.request.user)
        return self.select(scoped(self.model, self.request.user).for_org(self.org_access.org))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["org"] = None if self.is_schema_view else self.org_access.org
        return context

    def teams_of(self, obj) -> list:
        """The teams `obj` belongs to; a lead must lead all of them to change or delete it."""
        return [obj.team]


class OrgScopedViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    OrgScopedGenericViewSet,
):
    """An organisation's resource with list, create, retrieve, update and delete, each write through a service.

    Subclasses name the services (as `staticmethod`s): `create_service(access=..., **fields)`,
    `update_service(access=..., <instance_name>=obj, **fields)` and `delete_service(access=...,
    <instance_name>=obj)`; the service holds the permission rule and the domain rules of its write.
    """

    create_service: Callable[..., Model]
    update_service: Callable[..., Model]
    delete_service: Callable[..., None]
    instance_name: str

    def shown(self, obj: Model) -> Model:
        """The object as the response shows it (override to read it again, e.g. with annotations)."""
        return obj

    # Defined here, not on the generic base: the mixins' own versions would come first otherwise.
    def perform_create(self, serializer):
        obj = self.create_service(access=self.org_access, **serializer.validated_data)
        serializer.instance = self.shown(obj)

    def perform_update(self, serializer):
        kwargs = {self.instance_name: serializer.instance}
        obj = self.update_service(access=self.org_access, **kwargs, **serializer.validated_data)
        serializer.instance = self.shown(obj)

    def perform_destroy(self, instance):
        delete_checked(self.delete_service, access=self.org_access, **{self.instance_name: instance})


class MessageSerializer(serializers.Serializer):
    """The body of an accepted action: a sentence saying what happens next."""

    message = serializers.CharField()
