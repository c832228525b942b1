from rest_framework.routers import SimpleRouter

from . import views

ORG = r"orgs/(?P<org_slug>[-a-zA-Z0-9_]{1,60})"

router = SimpleRouter()
router.register(r"questionnaires", views.QuestionnaireTemplateViewSet, basename="api-questionnaire")
router.register(rf"{ORG}/assessments", views.AssessmentViewSet, basename="api-assessment")
router.register(
    rf"{ORG}/assessments/(?P<assessment_pk>[0-9]{{1,18}})/answers", views.AnswerViewSet, basename="api-answer"
)

urlpatterns = router.urls
