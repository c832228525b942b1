from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import views

ORG = r"orgs/(?P<org_slug>[-a-zA-Z0-9_]{1,60})"

router = SimpleRouter()
router.register(rf"{ORG}/scenarios", views.ScenarioViewSet, basename="api-scenario")
router.register(rf"{ORG}/what-if", views.WhatIfViewSet, basename="api-what-if")
router.register(rf"{ORG}/headcount-targets", views.HeadcountTargetViewSet, basename="api-headcount-target")
router.register(rf"{ORG}/maturity-targets", views.MaturityTargetViewSet, basename="api-maturity-target")

urlpatterns = [
    *router.urls,
    re_path(
        rf"^{ORG}/forecast/$",
        views.ForecastViewSet.as_view({"get": "forecast"}, detail=False, basename="api-forecast"),
        name="api-forecast",
    ),
]
