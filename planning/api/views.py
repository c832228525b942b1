"""Planning over the API: scenarios and their changes, scoring and comparison, applying (admins), what if
someone leaves, the hiring forecast, and targets. Every write goes through planning.services, so the rules
are the browser's: viewers read; leads and executives edit the scenarios they created; admins everything.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from orgs.choices import MembershipRole
from orgs.models import Person
from orgs.tenancy import get_scoped_object
from teamplanner.api_base import MessageSerializer, OrgScopedGenericViewSet
from teamplanner.exceptions import ApplicationError

from .. import selectors, services
from ..engine.forecast_inputs import add_months
from ..models import HeadcountTarget, MaturityTarget, Scenario
from .serializers import (
    ChangeRemoveSerializer,
    ComparisonSerializer,
    ForecastQuerySerializer,
    ForecastSerializer,
    HeadcountTargetSerializer,
    MaturityTargetSerializer,
    ScenarioApplicationSerializer,
    ScenarioChangeSerializer,
    ScenarioChangeWriteSerializer,
    ScenarioDetailSerializer,
    ScenarioSerializer,
    ScenarioWriteSerializer,
    WhatIfSerializer,
)

PLANNERS = (MembershipRole.ADMIN, MembershipRole.EXECUTIVE, MembershipRole.LEAD)


def action_post(path):
    return action(detail=True, methods=["post"], url_path=path)


def action_get(path):
    return action(detail=True, methods=["get"], url_path=path)


def _detail(scenario: Scenario) -> dict:
    data = ScenarioSerializer(scenario).data
    data["changes"] = ScenarioChangeSerializer(selectors.scenario_changes(scenario=scenario), many=True).data
    return data


@extend_schema_view(
    list=extend_schema(summary="Scenarios", description="What-if scenarios of the organisation, newest first."),
    retrieve=extend_schema(summary="One scenario with its changes", responses=ScenarioDetailSerializer),
)
class ScenarioViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedGenericViewSet):
    model = Scenario
    serializer_class = ScenarioSerializer
    write_roles = PLANNERS
    filterset_class = None
    ordering_fields = ["updated_at", "created_at", "name"]
    ordering = ["-updated_at", "-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def teams_of(self, obj) -> list:
        return []  # a scenario belongs to no team: the services check who may change it

    def select(self, qs):
        return qs.select_related("created_by", "applied_by").annotate(change_count=Count("changes"))

    def retrieve(self, request, *args, **kwargs):
        return Response(_detail(self.get_object()))

    @extend_schema(summary="Create a scenario", request=ScenarioWriteSerializer, responses={201: ScenarioSerializer})
    def create(self, request, *args, **kwargs):
        body = ScenarioWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scenario = services.scenario_create(access=self.org_access, **body.validated_data)
        return Response(ScenarioSerializer(scenario).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rename or describe a scenario", request=ScenarioWriteSerializer, responses=ScenarioSerializer
    )
    def partial_update(self, request, *args, **kwargs):
        scenario = self.get_object()
        body = ScenarioWriteSerializer(
            data={"name": scenario.name, "description": scenario.description, **request.data}
        )
        body.is_valid(raise_exception=True)
        scenario = services.scenario_update(access=self.org_access, scenario=scenario, **body.validated_data)
        return Response(ScenarioSerializer(scenario).data)

    @extend_schema(summary="Delete a scenario (its author or an admin)", responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.scenario_delete(access=self.org_access, scenario=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Add a change",
        request=ScenarioChangeWriteSerializer,
        responses={201: ScenarioChangeSerializer},
        description="Kinds and their fields: leave (person, month), join (team, role, name, email, fte, month), "
        "move (person, to_team), reassign (responsibility, person, to_person, level), merge_teams (team, to_team), "
        "split_team (team, name, people), add_opening (team, role, month), cancel_opening (opening).",
    )
    @action_post("changes")
    def changes(self, request, *args, **kwargs):
        scenario = self.get_object()
        body = ScenarioChangeWriteSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = {k: v for k, v in body.validated_data.items() if k != "kind" and v not in (None, "")}
        change = services.scenario_change_add(
            access=self.org_access, scenario=scenario, kind=body.validated_data["kind"], **data
        )
        return Response(ScenarioChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Remove a change", request=ChangeRemoveSerializer, responses={204: None})
    @action_post("remove-change")
    def remove_change(self, request, *args, **kwargs):
        scenario = self.get_object()
        body = ChangeRemoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.scenario_change_remove(
            access=self.org_access, scenario=scenario, change_id=body.validated_data["change"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Copy a scenario (the copy is yours)", request=None, responses={201: ScenarioSerializer})
    @action_post("copy")
    def copy(self, request, *args, **kwargs):
        copy = services.scenario_copy(access=self.org_access, scenario=self.get_object())
        return Response(ScenarioSerializer(copy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Score the scenario and today's data",
        request=None,
        responses={202: MessageSerializer},
        description="Queued; follow `scoring_status` and read the comparison when it is done.",
    )
    @action_post("score")
    def score(self, request, *args, **kwargs):
        services.scenario_score_request(access=self.org_access, scenario=self.get_object())
        return Response({"message": "Scoring is queued."}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="The scenario against today",
        responses=ComparisonSerializer,
        description="`headline` compares today with the end of the scenario (every change made); `timeline` "
        "gives the key figures today, at each month a dated change takes effect, and at the end.",
    )
    @action_get("comparison")
    def comparison(self, request, *args, **kwargs):
        scenario = self.get_object()
        c = selectors.scenario_comparison(scenario=scenario)
        result = c.result or {}
        return Response(
            ComparisonSerializer(
                {
                    "ready": c.ready,
                    "stale": c.stale,
                    "scoring_status": scenario.scoring_status,
                    "today_run": scenario.baseline_run_id if c.ready else None,
                    "scenario_run": scenario.scored_run_id if c.ready else None,
                    "headline": result.get("headline", []),
                    "dimensions": result.get("dimensions", []),
                    "findings": result.get("findings", {}),
                    "timeline": c.timeline,
                }
            ).data
        )

    @extend_schema(
        summary="Apply the scenario to the real data (admins)",
        request=None,
        responses=ScenarioApplicationSerializer,
        description="All changes or none; the scenario becomes read-only and the organisation is scored again.",
    )
    @action_post("apply")
    def apply(self, request, *args, **kwargs):
        application = services.scenario_apply(access=self.org_access, scenario=self.get_object())
        return Response(ScenarioApplicationSerializer(application).data)


class WhatIfViewSet(mixins.RetrieveModelMixin, OrgScopedGenericViewSet):
    model = Person
    http_method_names = ["get", "head", "options"]
    filterset_class = None

    @extend_schema(
        summary="What if this person leaves?",
        responses=WhatIfSerializer,
        description="What their departure would leave with nobody who can run it, and how each risk changes.",
    )
    def retrieve(self, request, *args, **kwargs):
        org = self.org_access.org
        person = get_scoped_object(Person.objects.for_org(org), request.user, pk=kwargs["pk"])
        return Response(WhatIfSerializer(selectors.what_if_leaves(org=org, person=person)).data)


class ForecastViewSet(OrgScopedGenericViewSet):
    """One resource, not a list: mounted by hand in urls.py as GET {org}/forecast/."""

    model = Scenario
    http_method_names = ["get", "head", "options"]
    filterset_class = None
    pagination_class = None

    @extend_schema(
        summary="Hiring and capacity forecast",
        parameters=[ForecastQuerySerializer],
        responses=ForecastSerializer,
        description="10,000 simulated futures of the open positions (fixed seed): capacity per role family for "
        "24 months (median and 10-90%), when each opening is filled, and the chance of each headcount target.",
    )
    def forecast(self, request, *args, **kwargs):
        org = self.org_access.org
        query = ForecastQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        by = query.validated_data.get("by") or add_months(today, 12)
        if by <= today:
            raise ApplicationError("Pick a date after today.", extra={"by": ["Must be after today."]})
        scenario = None
        if "scenario" in query.validated_data:
            scenario = get_scoped_object(
                Scenario.objects.for_org(org), request.user, pk=query.validated_data["scenario"]
            )
        view = selectors.org_forecast(org=org, scenario=scenario, by_date=min(by, add_months(today, 120)), as_of=today)
        f = view.forecast
        return Response(
            ForecastSerializer(
                {
                    "as_of": view.as_of,
                    "by": view.by_date,
                    "draws": f.draws,
                    "seed": f.seed,
                    "months": view.months,
                    "capacity": f.capacity,
                    "openings": f.openings,
                    "targets": f.goals,
                    "teams": [{"team_id": t, "probability": p} for t, p in f.teams.items()],
                    "hire_times": [
                        {
                            "role": slug,
                            "median_months": ht.median_months,
                            "sigma": ht.sigma,
                            "observed": ht.observed,
                            "calibrated": ht.calibrated,
                        }
                        for slug, ht in sorted(view.hire_times.items())
                        if any(o["role"] == slug for o in f.openings)
                    ],
                    "notes": view.notes,
                }
            ).data
        )


class _TargetViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, OrgScopedGenericViewSet):
    write_roles = (MembershipRole.ADMIN, MembershipRole.LEAD)
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_class = None
    ordering = ["id"]
    kind = ""
    set_target = None  # the service that sets (creates or replaces) a target of this kind

    def teams_of(self, obj) -> list:
        return [obj.team] if obj.team_id else []

    def select(self, qs):
        return qs.select_related("team")

    def perform_create(self, serializer):
        data = {"team": None, **serializer.validated_data}
        serializer.instance = self.set_target(access=self.org_access, **data)

    def perform_destroy(self, instance):
        services.target_delete(access=self.org_access, kind=self.kind, target_id=instance.pk)


@extend_schema_view(
    list=extend_schema(summary="Headcount targets"),
    create=extend_schema(summary="Set a headcount target (replaces the one for the same team and role)"),
    destroy=extend_schema(summary="Remove a headcount target"),
)
class HeadcountTargetViewSet(_TargetViewSet):
    model = HeadcountTarget
    serializer_class = HeadcountTargetSerializer
    kind = "headcount"

    def select(self, qs):
        return qs.select_related("team", "role")

    set_target = staticmethod(services.headcount_target_set)


@extend_schema_view(
    list=extend_schema(summary="Maturity targets"),
    create=extend_schema(summary="Set a maturity target (replaces the one for the same team and dimension)"),
    destroy=extend_schema(summary="Remove a maturity target"),
)
class MaturityTargetViewSet(_TargetViewSet):
    model = MaturityTarget
    serializer_class = MaturityTargetSerializer
    kind = "maturity"
    set_target = staticmethod(services.maturity_target_set)
