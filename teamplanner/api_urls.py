from django.urls import include, path

urlpatterns = [
    path("", include("orgs.api.urls")),
    path("", include("roles.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("scoring.api.urls")),
    path("", include("planning.api.urls")),
]
