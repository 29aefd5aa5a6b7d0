"""The site's sections (core.site_sections): the header's and footer's links, in the order
the apps registered them, found in one query."""

import re

import pytest
from wagtail.models import Site

from core.site_sections import site_nav, site_sections_find
from tests.factories import (
    ArticleIndexPageFactory,
    ContactPageFactory,
    EventIndexPageFactory,
    InformationPageFactory,
    SurveyIndexPageFactory,
    TopicIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def _links(html, nav_class):
    nav = re.search(rf'<(nav|footer) class="{nav_class}".*?</\1>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav)


def test_the_header_links_every_section_in_order_and_the_footer_contact_then_menus(
    client, home_page
):
    # Made in another order than the header's.
    contact = ContactPageFactory(parent=home_page)
    surveys = SurveyIndexPageFactory(parent=home_page)
    topics = TopicIndexPageFactory(parent=home_page)
    events = EventIndexPageFactory(parent=home_page)
    articles = ArticleIndexPageFactory(parent=home_page)
    privacy = InformationPageFactory(parent=home_page, show_in_menus=True)
    InformationPageFactory(parent=home_page, slug="about", title="運営者情報")  # not in menus

    html = client.get("/").content.decode()

    assert _links(html, "site-nav") == [
        (articles.url, "記事"),
        (events.url, "イベント"),
        (topics.url, "意見交換"),
        (surveys.url, "アンケート"),
        (contact.url, "お問い合わせ"),
    ]
    assert _links(html, "site-footer")[-2:] == [
        (contact.url, "お問い合わせ"),
        (privacy.url, "プライバシーポリシー"),
    ]


def test_a_section_without_a_live_page_has_no_link(client, home_page):
    ArticleIndexPageFactory(parent=home_page)
    EventIndexPageFactory(parent=home_page, live=False)

    html = client.get("/").content.decode()

    assert [label for _url, label in _links(html, "site-nav")] == ["記事"]


def test_the_sections_are_found_in_one_query(home_page, django_assert_num_queries):
    ArticleIndexPageFactory(parent=home_page)
    EventIndexPageFactory(parent=home_page)
    InformationPageFactory(parent=home_page, show_in_menus=True)
    site = Site.objects.select_related("root_page").get(is_default_site=True)  # as requests

    with django_assert_num_queries(1):
        nav = site_nav(site_sections_find(site))

    assert nav["event_index"].title == "イベント"
    assert nav["topic_index"] is None
    assert [link.key for link in nav["header"]] == ["article_index", "event_index"]
    assert [link.label for link in nav["footer"]] == ["プライバシーポリシー"]
