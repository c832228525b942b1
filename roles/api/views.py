"""The shared catalog over the API: every signed-in user reads it, site staff change it (with history)
through `roles.services`."""

from django.db.models import Prefetch
from rest_framework import viewsets

from teamplanner.api_base import StrictJSONParser
from teamplanner.api_permissions import CatalogPermission

from .. import services
from ..filters import ResponsibilityFilterSet, RoleTemplateFilterSet, SkillFilterSet
from ..models import Archetype, Responsibility, RoleTemplate, Skill
from .serializers import ArchetypeSerializer, ResponsibilitySerializer, RoleTemplateSerializer, SkillSerializer


class CatalogViewSet(viewsets.ModelViewSet):
    permission_classes = [CatalogPermission]
    parser_classes = [StrictJSONParser]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,50}"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    ordering = ["name"]

    def perform_create(self, serializer):
        model = serializer.Meta.model
        serializer.instance = services.catalog_entry_create(
            user=self.request.user, model=model, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.catalog_entry_update(
            user=self.request.user, entry=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.catalog_entry_delete(user=self.request.user, entry=instance)


class RoleTemplateViewSet(CatalogViewSet):
    """Role templates: purpose, target skills, usual responsibilities and hiring facts."""

    serializer_class = RoleTemplateSerializer
    filterset_class = RoleTemplateFilterSet
    ordering_fields = ["name", "slug", "category", "family", "months_to_hire", "annual_cost"]

    def get_queryset(self):
        return RoleTemplate.objects.prefetch_related(
            Prefetch("default_responsibilities", queryset=Responsibility.objects.only("pk", "slug"))
        )


class ResponsibilityViewSet(CatalogViewSet):
    """Responsibilities, each with a pillar (code, model, data or team) and a lifecycle stage."""

    serializer_class = ResponsibilitySerializer
    filterset_class = ResponsibilityFilterSet
    ordering_fields = ["name", "slug", "pillar", "stage"]
    queryset = Responsibility.objects.all()


class SkillViewSet(CatalogViewSet):
    """Skill axes people and roles are rated on (0 none ... 4 expert)."""

    serializer_class = SkillSerializer
    filterset_class = SkillFilterSet
    ordering_fields = ["name", "slug"]
    queryset = Skill.objects.all()


class ArchetypeViewSet(CatalogViewSet):
    """The five organisation archetypes, from nascent to ML-first."""

    serializer_class = ArchetypeSerializer
    filterset_fields = ["number"]
    ordering_fields = ["number", "name"]
    ordering = ["number"]
    queryset = Archetype.objects.all()
