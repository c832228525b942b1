from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from orgs import views as org_views
from teamplanner.accounts import ThrottledLoginView, admin_login, api_tokens, invitations


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/tokens/", api_tokens, name="api_tokens"),
    path("accounts/invitations/", invitations, name="invitations"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change_form.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/login/", admin_login),  # before the admin's own, which has no limit on failed attempts
    path("admin/", admin.site.urls),
    path("o/<slug:org_slug>/", include("orgs.urls")),
    path("o/<slug:org_slug>/assessments/", include("assessments.urls")),
    path("o/<slug:org_slug>/planning/", include("planning.urls")),
    path("o/<slug:org_slug>/results/", include("results.urls")),
    path("api/v1/", include("teamplanner.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

handler404 = "teamplanner.views.not_found"
handler500 = "teamplanner.views.server_error"
handler403 = "teamplanner.views.forbidden"
handler400 = "teamplanner.views.bad_request"
