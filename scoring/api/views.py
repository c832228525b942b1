"""API views of scoring runs and their findings (read by every member), and the admins' rescore action."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from orgs.choices import MembershipRole
from orgs.tenancy import get_scoped_object, scoped
from teamplanner.api_base import ORG_SLUG_PARAMETER, MessageSerializer, OrgScopedGenericViewSet

from ..filters import FindingFilterSet, ScoringRunFilterSet
from ..models import DimensionScore, Finding, ScoringRun
from ..services import org_rescore_request
from .serializers import FindingSerializer, ScoringRunDetailSerializer, ScoringRunSerializer


@extend_schema_view(
    list=extend_schema(summary="Scoring runs", description="Scored results, newest first, with dimension scores."),
    retrieve=extend_schema(summary="One scoring run with its summary"),
)
class ScoringRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedGenericViewSet):
    """Results of scoring: maturity per dimension, truck factor, archetype and structures. Every member reads them."""

    model = ScoringRun
    filterset_class = ScoringRunFilterSet
    ordering_fields = ["created_at", "finished_at", "inputs_at", "overall_score"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]
    write_roles = (MembershipRole.ADMIN,)

    def get_serializer_class(self):
        return ScoringRunSerializer if self.action == "list" else ScoringRunDetailSerializer

    def select(self, qs):
        return qs.prefetch_related(Prefetch("dimension_scores", DimensionScore.objects.order_by("dimension")))

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list" and not self.is_schema_view:
            qs = qs.defer("summary")
        return qs

    @extend_schema(
        summary="The latest organisation-wide result",
        description="The newest finished run of the whole organisation's real data (not a what-if scenario).",
    )
    @action(detail=False, methods=["get"])
    def latest(self, request, *args, **kwargs):
        run = (
            self.filter_queryset(self.get_queryset())
            .filter(status="done", team__isnull=True, scenario__isnull=True)
            .order_by("-finished_at", "-id")
            .first()
        )
        if run is None:
            raise NotFound("This organisation has no finished scoring yet.")
        return Response(ScoringRunDetailSerializer(run).data)

    @extend_schema(
        summary="Score the organisation again (admins)",
        request=None,
        responses={202: MessageSerializer},
        description="Queues scoring of the current org data with the latest submitted organisation-wide assessment.",
    )
    @action(detail=False, methods=["post"])
    def rescore(self, request, *args, **kwargs):
        org_rescore_request(access=self.org_access)
        return Response({"message": "Scoring is queued."}, status=status.HTTP_202_ACCEPTED)


RUN_PARAMETER = OpenApiParameter("run_pk", int, OpenApiParameter.PATH, description="The scoring run's id.")


@extend_schema(parameters=[ORG_SLUG_PARAMETER, RUN_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="Findings of a run", description="Risks and recommendations, most urgent first."),
    retrieve=extend_schema(summary="One finding"),
)
class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedGenericViewSet):
    model = Finding
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["rank", "severity", "impact", "effort"]
    ordering = ["rank", "id"]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        if self.is_schema_view:
            return Finding.objects.none()
        run = get_scoped_object(
            ScoringRun.objects.for_org(self.org_access.org).only("pk"), self.request.user, pk=self.kwargs["run_pk"]
        )
        return scoped(Finding, self.request.user).filter(run=run)
