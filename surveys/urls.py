"""Staff test a survey from the Wagtail preview here (its latest revision, published or not);
their responses are marked as tests and never counted. The public pages are SurveyPage's
routes (surveys.models)."""

from django.urls import path

from .views import respondent as views

urlpatterns = [
    path("<id:page_id>/", views.test_start, name="survey_test_start"),
    path("<id:page_id>/step/<int:number>/", views.test_step, name="survey_test_step"),
    path("<id:page_id>/confirm/", views.test_confirm, name="survey_test_confirm"),
    path("<id:page_id>/thanks/", views.test_thanks, name="survey_test_thanks"),
]
