"""/opendata/: the 「オープンデータ」 page, the DCAT catalog, each dataset's files."""

from django.urls import path

from . import surveys, topics

app_name = "opendata"

urlpatterns = [
    path("surveys/<int:survey_id>.csv", surveys.survey_csv, name="survey_csv"),
    path("surveys/<int:survey_id>.json", surveys.survey_json, name="survey_json"),
    path("schemas/survey-results.json", surveys.survey_schema, name="survey_schema"),
    path("topics/<int:topic_id>.csv", topics.topic_csv, name="topic_csv"),
    path("topics/<int:topic_id>.json", topics.topic_json, name="topic_json"),
    path("schemas/topic-opinions.json", topics.topic_schema, name="topic_schema"),
]
