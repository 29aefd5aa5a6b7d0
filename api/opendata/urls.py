"""/opendata/: the 「オープンデータ」 page, the DCAT catalog, each dataset's files."""

from django.urls import path

from . import surveys, topics, views

app_name = "opendata"

urlpatterns = [
    path("", views.opendata_index, name="index"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    path("data.json", views.data_json, name="data_json"),
    path("api/", views.api_reference, name="api_reference"),
    path("<slug:identifier>/metadata.jsonld", views.dataset_metadata, name="metadata"),
    path("surveys/<int:survey_id>.csv", surveys.survey_csv, name="survey_csv"),
    path("surveys/<int:survey_id>.json", surveys.survey_json, name="survey_json"),
    path("schemas/survey-results.json", surveys.survey_schema, name="survey_schema"),
    path("topics/<int:topic_id>.csv", topics.topic_csv, name="topic_csv"),
    path("topics/<int:topic_id>.json", topics.topic_json, name="topic_json"),
    path("schemas/topic-opinions.json", topics.topic_schema, name="topic_schema"),
]
