"""Building surveys for the respondent's tests: raw stream data with fixed block ids, so tests
can name questions, choices and rows (`q-<question id>-<choice id>`)."""

import pytest

from tests.factories import HomePageFactory, SurveyIndexPageFactory, SurveyPageFactory


def items(*pairs):
    """ListBlock raw data from (id, label) pairs."""
    return [{"type": "item", "id": item_id, "value": label} for item_id, label in pairs]


def question(block_type, block_id, text, **value):
    value.setdefault("required", True)
    return {"type": block_type, "id": block_id, "value": {"text": text, **value}}


def section(block_id, heading, **value):
    return {"type": "section", "id": block_id, "value": {"heading": heading, **value}}


def when(code, answer, operator="equals"):
    return {"question": code, "operator": operator, "value": answer}


def survey_create(*questions, parent=None, **fields):
    """A published, open survey under a survey index (made when `parent` is not given)."""
    if parent is None:
        from surveys.models import SurveyIndexPage

        parent = SurveyIndexPage.objects.first() or SurveyIndexPageFactory(parent=HomePageFactory())
    return SurveyPageFactory(parent=parent, questions=list(questions), **fields)


@pytest.fixture(scope="module", autouse=True)
def migrations_data_back(django_db_blocker):
    """The concurrency tests commit for real (transactional_db); the flush after them also
    removes what Wagtail's data migrations made (root page, default site, root collection).
    Put it back when the module is done, for whatever test (xdist) runs next in this process.
    Import this into a module that has such a test."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
