"""Building blocks shared by the apps' API modules: org-scoped viewsets and serializers that save
through the models' own rules.

- `OrgScopedGenericViewSet` (add DRF's mixins) and `OrgScopedViewSet` (all of them): a resource of one
  organisation at /api/v1/orgs/{org_slug}/<resource>/; its queryset always comes through
  `orgs.tenancy.scoped`, the URL's organisation through `orgs.tenancy.get_org_access` (404 for
  non-members), and writes obey `OrgRolePermission` (`write_roles`, `visible_to`, `teams_of`).
- `StrictJSONParser`: JSON without text that PostgreSQL or a workbook export cannot hold.
- `ModelRulesSerializer`: creates and updates by running the model's `full_clean()` (its `clean()`
  and constraints) so the API enforces exactly the rules the models define, then saves in one
  transaction; a race that still breaks a constraint is a 409, never a 500.
- `OrgRelatedField`: a primary key of an object of the same organisation; ids of other
  organisations are answered like ids that do not exist.
"""

import re
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.utils import model_meta

from orgs.choices import MembershipRole
from orgs.tenancy import OrgAccess, get_org_access, scoped

from .api_permissions import OrgRolePermission
from .exceptions import ConflictError

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


def _field_errors(exc: DjangoValidationError) -> dict:
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    errors = {}
    for field, messages in exc.message_dict.items():
        errors["non_field_errors" if field == NON_FIELD_ERRORS else field] = messages
    return errors


# A ModelSerializer whose saves run the model's full_clean() and happen in one transaction. (A comment, not a
# docstring: the schema would show a docstring as the description of every serializer built on it.)
class ModelRulesSerializer(serializers.ModelSerializer):
    def create(self, validated_data):
        many = self._pop_to_many(validated_data)
        return self._clean_and_save(self.Meta.model(**validated_data), many)

    def update(self, instance, validated_data):
        many = self._pop_to_many(validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._clean_and_save(instance, many)

    def _pop_to_many(self, validated_data: dict) -> dict:
        relations = model_meta.get_field_info(self.Meta.model).relations
        return {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if name in relations and relations[name].to_many
        }

    def _clean_and_save(self, instance: Model, many: dict) -> Model:
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_field_errors(exc))
        try:
            with transaction.atomic():
                instance.save()
                for name, value in many.items():
                    getattr(instance, name).set(value)
        except IntegrityError:
            raise ConflictError(
                "This change conflicts with data saved at the same moment (for example a duplicate name). "
                "Reload and try again."
            )
        return instance


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


def protected_call(func, /, **kwargs):
    """Call a deleting service, answering 409 (naming what depends on the object) when rows still refer to it."""
    try:
        with transaction.atomic():
            return func(**kwargs)
    except (ProtectedError, RestrictedError) as exc:
        objects = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in objects if hasattr(obj, "_meta")})
        what = ", ".join(kinds) if kinds else "other records"
        raise ConflictError(
            f"This cannot be deleted while {what} refer to it. Move or delete those first.",
            extra={"dependents": kinds},
        )


def protected_delete(instance: Model) -> None:
    """Delete `instance`, or answer 409 naming what still depends on it."""
    protected_call(instance.delete)


@extend_schema(parameters=[ORG_SLUG_PARAMETER])
class OrgScopedGenericViewSet(viewsets.GenericViewSet):
    """A resource of one organisation, at /api/v1/orgs/{org_slug}/<resource>/ (add the mixins it needs).

    Subclasses set `model`, `serializer_class`, `filterset_class`, `ordering_fields`, and override
    `select` (related rows for a bounded number of queries) and `teams_of` / `teams_after` (the
    teams a lead must lead to make the change).
    """

    model: type[Model]
    permission_classes = [OrgRolePermission]
    write_roles: tuple[str, ...] = (MembershipRole.ADMIN, MembershipRole.LEAD)
    parser_classes = [StrictJSONParser]
    lookup_value_regex = r"[0-9]{1,18}"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    lead_scope_message = "You can only change the data of the teams you lead."

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
        return self.select(scoped(self.model, self.request.user).for_org(self.org_access.org))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["org"] = None if self.is_schema_view else self.org_access.org
        return context

    # --- lead scope ---------------------------------------------------------------------------------

    def teams_of(self, obj) -> list:
        """The teams `obj` belongs to; a lead must lead all of them to change or delete it."""
        return [obj.team]

    def teams_after(self, serializer) -> list:
        """The teams the change in `serializer` moves the object into (the current ones are checked already)."""
        team = serializer.validated_data.get("team")
        return [team] if team is not None else []

    def check_lead_scope(self, teams) -> None:
        access = self.org_access
        if access.is_admin:
            return
        if not all(access.can_edit_team(team) for team in teams):
            raise PermissionDenied(self.lead_scope_message)

    def save_kwargs(self) -> dict:
        """Fields set by the server on create (the organisation, for models that have one)."""
        if any(f.name == "organization" for f in self.model._meta.fields):
            return {"organization": self.org_access.org}
        return {}

    def handle_exception(self, exc):
        # Services raise Django's PermissionDenied with a message meant for the user: keep it.
        if isinstance(exc, DjangoPermissionDenied) and str(exc):
            exc = PermissionDenied(str(exc))
        return super().handle_exception(exc)


class OrgScopedViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    OrgScopedGenericViewSet,
):
    """An organisation's resource with list, create, retrieve, update and delete."""

    # Defined here, not on the generic base: the mixins' own versions would come first otherwise.
    def perform_create(self, serializer):
        self.check_lead_scope(self.teams_after(serializer))
        serializer.save(**self.save_kwargs())

    def perform_update(self, serializer):
        self.check_lead_scope(self.teams_after(serializer))
        serializer.save()

    def perform_destroy(self, instance):
        protected_delete(instance)


class MessageSerializer(serializers.Serializer):
    """The body of an accepted action: a sentence saying what happens next."""

    message = serializers.CharField()
