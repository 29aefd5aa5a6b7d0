"""Building surveys for the respondent's tests: raw stream data with fixed block ids, so tests
can name questions, choices and rows (`q-<question id>-<choice id>`)."""

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
