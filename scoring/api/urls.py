from rest_framework.routers import SimpleRouter

from . import views

ORG = r"orgs/(?P<org_slug>[-a-zA-Z0-9_]{1,60})"

router = SimpleRouter()
router.register(rf"{ORG}/results", views.ScoringRunViewSet, basename="api-result")
router.register(rf"{ORG}/results/(?P<run_pk>[0-9]{{1,18}})/findings", views.FindingViewSet, basename="api-finding")

urlpatterns = router.urls
