"""/opendata/: the 「オープンデータ」 page, the DCAT catalog, each dataset's files."""

from django.urls import path

from . import topics

app_name = "opendata"

urlpatterns = [
    path("topics/<int:topic_id>.csv", topics.topic_csv, name="topic_csv"),
    path("topics/<int:topic_id>.json", topics.topic_json, name="topic_json"),
    path("schemas/topic-opinions.json", topics.topic_schema, name="topic_schema"),
]
