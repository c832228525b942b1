from rest_framework.routers import SimpleRouter

from . import views

ORG = r"orgs/(?P<org_slug>[-a-zA-Z0-9_]{1,60})"

router = SimpleRouter()
router.register(r"orgs", views.OrganizationViewSet, basename="api-organization")
router.register(rf"{ORG}/teams", views.TeamViewSet, basename="api-team")
router.register(rf"{ORG}/people", views.PersonViewSet, basename="api-person")
router.register(rf"{ORG}/person-skills", views.PersonSkillViewSet, basename="api-person-skill")
router.register(rf"{ORG}/assignments", views.AssignmentViewSet, basename="api-assignment")
router.register(rf"{ORG}/systems", views.MLSystemViewSet, basename="api-system")
router.register(rf"{ORG}/openings", views.OpeningViewSet, basename="api-opening")
router.register(rf"{ORG}/imports", views.ImportRunViewSet, basename="api-import")
router.register(rf"{ORG}/members", views.MemberViewSet, basename="api-member")

urlpatterns = router.urls
