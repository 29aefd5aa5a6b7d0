"""The outcome of a consultation, linked from where its opinions were given: the topic or
survey it answers, and the articles related to that topic (core.page_links)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from community.models.topics import TopicPageRelatedArticle
from core.page_links import PageLink

from .selectors import outcome_list


def outcome_links(page):
    """Links to the published outcomes answering `page` or a topic `page` is related to (one
    query)."""
    topics = TopicPageRelatedArticle.objects.filter(article_id=page.pk).values("topic_id")
    outcomes = outcome_list().filter(Q(source_id=page.pk) | Q(source_id__in=topics))
    outcomes = outcomes.order_by("-first_published_at", "-pk")
    return [
        PageLink(label=_("Outcome of the consultation"), title=outcome.title, url=outcome.url)
        for outcome in outcomes
    ]
