"""community.models.discussion: discussion is something a page opts into."""

from articles.models import ArticlePage, HomePage
from community.models import TopicPage, TopicPageRelatedArticle
from community.models.discussion import (
    DiscussablePageMixin,
    DiscussionSourceChooserPanel,
    discussable_page_models,
)
from events.models import EventPage
from surveys.models import SurveyPage


def test_the_discussable_pages_are_those_that_mix_in_discussion():
    models = discussable_page_models()

    assert set(models) == {ArticlePage, TopicPage, EventPage}
    assert all(issubclass(model, DiscussablePageMixin) for model in models)
    assert HomePage not in models and SurveyPage not in models


def test_a_topic_grows_out_of_pages_that_take_comments_but_not_out_of_another_topic():
    panel = DiscussionSourceChooserPanel("article").bind_to_model(TopicPageRelatedArticle)

    widget = panel.get_form_options()["widgets"]["article"]

    assert set(widget.target_models) == {ArticlePage, EventPage}


def test_each_kind_of_page_shows_its_own_comment_section():
    assert ArticlePage.comment_section_template == "community/includes/comments.html"
    assert TopicPage.comment_section_template == "community/includes/opinions.html"
