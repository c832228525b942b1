"""Teams and their hiring openings over the API: every write through `orgs.services`, as in the browser."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from teamplanner.api_base import OrgScopedViewSet

from ... import services
from ...filters import OpeningFilterSet, TeamFilterSet
from ...models import Opening, Team
from ...selectors import team_list
from ..serializers import OpeningSerializer, TeamSerializer


@extend_schema_view(
    list=extend_schema(summary="Teams", description="The organisation's teams; `member_count` counts their people."),
    create=extend_schema(summary="Create a team", description="Admins anywhere; leads only below a team they lead."),
    destroy=extend_schema(
        summary="Remove an empty team",
        description="Its openings go with it. Only admins remove the team a lead was given; a team that still "
        "has people, ML systems or sub-teams is a 409.",
    ),
)
class TeamViewSet(OrgScopedViewSet):
    """Teams of the organisation. Leads change the teams they lead and create teams below them; only admins
    move or remove the team a lead was given."""

    model = Team
    serializer_class = TeamSerializer
    filterset_class = TeamFilterSet
    ordering_fields = ["name", "kind", "pillar", "updated_at", "member_count"]
    ordering = ["name"]
    create_service = staticmethod(services.team_create)
    update_service = staticmethod(services.team_update)
    delete_service = staticmethod(services.team_delete)
    instance_name = "team"
    list_selector = staticmethod(team_list)

    def teams_of(self, obj):
        return [obj]

    def shown(self, obj):
        return self.get_queryset().get(pk=obj.pk)  # with its member count


class OpeningViewSet(OrgScopedViewSet):
    """Hiring openings: a catalog role in a team, opened, filled or cancelled."""

    model = Opening
    serializer_class = OpeningSerializer
    filterset_class = OpeningFilterSet
    ordering_fields = ["opened_on", "filled_on", "status", "updated_at"]
    ordering = ["opened_on", "id"]
    create_service = staticmethod(services.opening_create)
    update_service = staticmethod(services.opening_update)
    delete_service = staticmethod(services.opening_delete)
    instance_name = "opening"

    def select(self, qs):
        return qs.select_related("team", "role")
