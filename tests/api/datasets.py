"""Datasets for the open-data tests: `Dataset`s built here and published by standing in for the
domains' lists (api.opendata.registry.survey_datasets / topic_datasets)."""

from datetime import UTC, datetime

from api.opendata.datasets import Dataset, Distribution

BASE = "http://testserver"


def dataset_build(identifier, *, title, modified, keywords=("行政DX",), schema=True):
    """A dataset `identifier` with a CSV and a JSON file under /opendata/<identifier>/."""
    return Dataset(
        identifier=identifier,
        title=title,
        description=f"{title}の公開データです。",
        page_url=f"{BASE}/pages/{identifier}/",
        issued=datetime(2026, 11, 1, 0, 0, tzinfo=UTC),
        modified=modified,
        keywords=list(keywords),
        distributions=[
            Distribution("CSV", "text/csv; charset=utf-8", f"{BASE}/opendata/{identifier}.csv"),
            Distribution("JSON", "application/json", f"{BASE}/opendata/{identifier}.json"),
        ],
        schema_url=f"{BASE}/opendata/{identifier}/schema.json" if schema else "",
    )


def datasets_publish(monkeypatch, *, surveys=(), topics=()):
    """Make the registry list `surveys` and `topics` as the domains' datasets."""
    monkeypatch.setattr("api.opendata.registry.survey_datasets", lambda request: list(surveys))
    monkeypatch.setattr("api.opendata.registry.topic_datasets", lambda request: list(topics))


SURVEY = dataset_build(
    "survey-12",
    title="マイナンバーカードに関するアンケート",
    modified=datetime(2026, 12, 1, 13, 30, tzinfo=UTC),  # 22:30 in Japan
)
TOPIC = dataset_build(
    "topic-34",
    title="電子申請をどう広げるか",
    modified=datetime(2026, 12, 3, 1, 0, tzinfo=UTC),
    keywords=("電子申請", "窓口"),
    schema=False,
)
