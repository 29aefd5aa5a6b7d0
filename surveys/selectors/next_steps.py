"""Reads for the thank-you page's next steps: the opinion exchanges about where the survey
was answered, and when its results will appear."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from community.selectors.topics import topic_list_for_pages

from ..models import ResultsVisibility


def survey_related_topics(*, survey):
    """Live opinion exchanges (意見交換) that list a page embedding `survey` (an article's
    survey block, found in Wagtail's reference index) or the survey itself, open ones first,
    as community.selectors.topics lists them."""
    page_type = ContentType.objects.get_for_model(Page)
    embedding = ReferenceIndex.get_references_to(survey).filter(base_content_type=page_type)
    page_ids = {int(pk) for pk in embedding.values_list("object_id", flat=True)}
    return topic_list_for_pages(page_ids=page_ids | {survey.pk})


def results_expected(*, survey, at=None):
    """Whether the survey's results are to be published once it closes and it has not closed
    yet (the thank-you page then says so, with `survey.closes_at` when there is one)."""
    at = at or timezone.now()
    closed = survey.closes_at is not None and survey.closes_at <= at
    return survey.results_visibility == ResultsVisibility.AFTER_CLOSING and not closed
