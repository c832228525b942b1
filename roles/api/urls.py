from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register(r"catalog/roles", views.RoleTemplateViewSet, basename="api-role")
router.register(r"catalog/responsibilities", views.ResponsibilityViewSet, basename="api-responsibility")
router.register(r"catalog/skills", views.SkillViewSet, basename="api-skill")
router.register(r"catalog/archetypes", views.ArchetypeViewSet, basename="api-archetype")

urlpatterns = router.urls
