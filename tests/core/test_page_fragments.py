"""{% page_fragment %} and core.page_fragments: a fragment is rendered where nothing looked it
up, rendered once and then served where it was, and a failing cache only means rendering."""

from django.template import Context, Template
from django.test import RequestFactory

from core import page_cache
from core.page_fragments import PageFragments, page_fragments_get, query_variant
from tests.core.test_page_cache import BrokenCache
from tests.factories import ArticlePageFactory, established_member

TEMPLATE = Template(
    '{% load page_fragments %}<p>{% page_fragment "title" %}{{ title }}{% endpage_fragment %}</p>'
)


def _render(**context):
    return TEMPLATE.render(Context(context))


def test_without_fragments_the_template_renders_as_written():
    assert _render(title="書かない窓口") == "<p>書かない窓口</p>"


def test_a_fragment_looked_up_is_rendered_once_and_then_served():
    fragments = PageFragments(keys={"title": "test:title"}, found={})

    first = _render(title="書かない窓口", page_fragments=fragments)
    second = _render(title="別の題", page_fragments=fragments)

    assert first == second == "<p>書かない窓口</p>"


def test_a_fragment_not_looked_up_is_always_rendered():
    fragments = PageFragments(keys={}, found={})

    assert _render(title="別の題", page_fragments=fragments) == "<p>別の題</p>"


FORM = Template(
    '{% load page_fragments %}{% page_fragment "form" csrf %}'
    "<form>{% csrf_token %}{{ title }}</form><form>{% csrf_token %}</form>{% endpage_fragment %}"
)


def test_a_fragment_with_csrf_tokens_is_stored_without_them_and_served_with_each_requests():
    fragments = PageFragments(keys={"form": "test:form"}, found={})

    first = FORM.render(
        Context({"title": "窓口", "csrf_token": "A" * 64, "page_fragments": fragments})
    )
    placeholder, stored = fragments.found["form"]
    second = FORM.render(
        Context({"title": "別", "csrf_token": "B" * 64, "page_fragments": fragments})
    )

    assert first == FORM.render(Context({"title": "窓口", "csrf_token": "A" * 64}))
    assert second == first.replace("A" * 64, "B" * 64)
    assert "A" * 64 not in stored and stored.count(placeholder) == 2


def test_a_fragment_with_csrf_tokens_not_looked_up_or_without_a_token_is_rendered():
    fragments = PageFragments(keys={}, found={})

    without_token = FORM.render(Context({"title": "窓口", "page_fragments": fragments}))
    not_looked_up = FORM.render(
        Context({"title": "窓口", "csrf_token": "A" * 64, "page_fragments": fragments})
    )

    assert without_token == "<form>窓口</form><form></form>"
    assert not_looked_up == FORM.render(Context({"title": "窓口", "csrf_token": "A" * 64}))
    assert fragments.found == {}


def test_query_variants_take_only_the_shapes_the_page_cache_accepts():
    factory = RequestFactory()

    assert query_variant(factory.get("/?sort=newest&comments_page=2"), ["sort", "comments_page"])
    assert query_variant(factory.get("/?comments_page=9999999"), ["comments_page"]) is None


def test_a_failing_cache_looks_nothing_up(article_index, monkeypatch, settings):
    settings.PAGE_FRAGMENT_SECONDS = 300
    article = ArticlePageFactory(parent=article_index)
    request = RequestFactory().get(article.url)
    monkeypatch.setattr(page_cache, "cache", BrokenCache())

    assert page_fragments_get(request, page=article, names={"meta": ""}) is None


def test_a_member_reads_articles_while_the_cache_fails(client, article, monkeypatch, settings):
    settings.PAGE_FRAGMENT_SECONDS = 300
    client.force_login(established_member())
    monkeypatch.setattr(page_cache, "cache", BrokenCache())

    responses = [client.get(article.url), client.get(article.url)]

    assert [r.status_code for r in responses] == [200, 200]
    assert article.title in responses[1].content.decode()
