from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list_view, name="list"),
    path("", views.assessment_list_view, name="assessment_list"),  # the name the results pages link to
    path("start/", views.assessment_start_view, name="start"),
    path("<int:pk>/", views.assessment_detail_view, name="detail"),
    path("<int:pk>/status/", views.assessment_status_view, name="status"),
    path("<int:pk>/section/<int:number>/", views.assessment_section_view, name="section"),
    path("<int:pk>/answer/<int:question_id>/", views.answer_view, name="answer"),
    path("<int:pk>/review/", views.assessment_review_view, name="review"),
    path("<int:pk>/submit/", views.assessment_submit_view, name="submit"),
]
