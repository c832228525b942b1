from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("scenarios/new/", views.scenario_create, name="scenario_create"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/copy/", views.scenario_copy, name="scenario_copy"),
    path("scenarios/<int:pk>/delete/", views.scenario_delete, name="scenario_delete"),
    path("scenarios/<int:pk>/changes/form/", views.change_form, name="change_form"),
    path("scenarios/<int:pk>/changes/add/", views.change_add, name="change_add"),
    path("scenarios/<int:pk>/changes/remove/", views.change_remove, name="change_remove"),
    path("scenarios/<int:pk>/score/", views.scenario_score, name="scenario_score"),
    path("scenarios/<int:pk>/compare/", views.scenario_compare, name="compare"),
    path("scenarios/<int:pk>/apply/", views.scenario_apply, name="scenario_apply"),
    path("what-if/", views.what_if, name="what_if"),
    path("what-if/person/<int:person_id>/", views.what_if_person, name="what_if_person"),
    path("forecast/", views.forecast, name="forecast"),
    path("targets/", views.targets, name="targets"),
    path("roles/", views.roles, name="roles"),
    path("roadmap/", views.roadmap, name="roadmap"),
]
