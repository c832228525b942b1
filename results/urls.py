"""Results pages of an organisation, mounted at /o/<org_slug>/results/ (namespace `results`)."""

from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.org_dashboard, name="dashboard"),
    path("findings/", views.findings_page, name="findings"),
    path("target/", views.set_target_level, name="set_target"),
    path("rescore/", views.rescore, name="rescore"),
    path("how-scoring-works/", views.scoring_doc, name="scoring_doc"),
    path("export/findings.csv", views.export_dashboard, {"what": "findings", "fmt": "csv"}, name="export_findings"),
    path("export/scores.csv", views.export_dashboard, {"what": "scores", "fmt": "csv"}, name="export_scores"),
    path("export/results.xlsx", views.export_dashboard, {"what": "results", "fmt": "xlsx"}, name="export_xlsx"),
    path("teams/<int:team_id>/", views.team_page, name="team"),
    path("teams/<int:team_id>/findings.csv", views.export_team, {"fmt": "csv"}, name="team_export_csv"),
    path("teams/<int:team_id>/results.xlsx", views.export_team, {"fmt": "xlsx"}, name="team_export_xlsx"),
]
