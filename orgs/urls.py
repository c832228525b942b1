from django.urls import path

from . import views
from .views import imports, matrix, members, teams

app_name = "orgs"

urlpatterns = [
    path("", views.org_home, name="org_home"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:run_id>/", imports.import_preview, name="import_preview"),
    path("import/format/", imports.import_format, name="import_format"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("export.xlsx", imports.export_download, name="export_download"),
    path("members/", members.member_list, name="members"),
    path("members/add/", members.member_add, name="member_add"),
    path("members/<int:member_id>/", members.member_edit, name="member_edit"),
    path("members/<int:member_id>/remove/", members.member_remove, name="member_remove"),
    path("matrix/", matrix.org_matrix, name="org_matrix"),
    path("matrix/cell/", matrix.matrix_cell, name="matrix_cell"),
    path("teams/new/", teams.team_new, name="team_new"),
    path("teams/<int:team_id>/", teams.team_detail, name="team_detail"),
    path("teams/<int:team_id>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:team_id>/delete/", teams.team_remove, name="team_delete"),
    path("teams/<int:team_id>/openings/new/", teams.opening_new, name="opening_new"),
    path("openings/<int:opening_id>/edit/", teams.opening_edit, name="opening_edit"),
    path("openings/<int:opening_id>/delete/", teams.opening_remove, name="opening_delete"),
    path("teams/<int:team_id>/matrix/", matrix.team_matrix, name="team_matrix"),
    path("teams/<int:team_id>/people/new/", teams.person_new, name="person_new"),
    path("teams/<int:team_id>/systems/new/", teams.system_new, name="system_new"),
    path("people/<int:person_id>/", teams.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", teams.person_edit, name="person_edit"),
    path("people/<int:person_id>/delete/", teams.person_remove, name="person_delete"),
    path("systems/<int:system_id>/edit/", teams.system_edit, name="system_edit"),
    path("systems/<int:system_id>/delete/", teams.system_remove, name="system_delete"),
]
