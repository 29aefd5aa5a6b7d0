"""Short readable page URLs (core.slugs.romanised_slug, core.page_slugs): a page saved without a
slug gets its Japanese title's romanised words, and an old URL redirects when the slug changes."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage, InformationPage
from core.slugs import romanised_slug
from tests.factories import AuthorFactory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("マイナンバーカードの普及に向けた取り組み", "mainanbakado-fukyu-torikumi"),
        ("2026年度 DX推進計画を公表しました", "2026-nendo-dx-suishin-keikaku-kohyo"),
        ("東京と大阪で窓口を増設", "tokyo-osaka-madoguchi-zosetsu"),
        # A verb in a compound stays; one that is grammar (について, 取れるように) does not.
        ("窓口の待ち時間についてのアンケート", "madoguchi-machi-jikan-anketo"),
        ("住民票をコンビニで取れるようになりました", "juminhyo-konbini"),
        ("ＤＸ　推進！", "dx-suishin"),  # full-width Latin and spaces as half-width
        ("Hello World", "hello-world"),
        ("「」！？", ""),
    ],
)
def test_a_title_is_romanised_word_by_word(title, slug):
    assert romanised_slug(title) == slug


def test_a_long_title_is_cut_at_a_word_boundary():
    slug = romanised_slug("電子申請システムの使い方と住民票の写しのオンライン申請の手順について")

    assert slug == "denshishinsei-shisutemu-tsukaikata-juminhyo"
    assert len(slug) <= 50


def _add_url(parent, model="articlepage"):
    return reverse("wagtailadmin_pages:add", args=["articles", model, parent.pk])


def _article_form(**overrides):
    fields = {
        "title": "マイナンバーカードの普及に向けた取り組み",
        "slug": "",
        "lead": "リード文",
        "header_image": "",
        "header_image_alt": "",
        "header_image_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>本文</p>"))]),
        "article_authors": inline_formset([{"author": AuthorFactory().pk}]),
        "tags": "",
        "series": "",
        "series_number": "",
        "next_part_teaser": "",
        "related": inline_formset([]),
        "comments": inline_formset([]),
        "easy_body": streamfield([]),
        "action-publish": "action-publish",
    }
    fields.update(overrides)
    return nested_form_data(fields)


def test_an_article_saved_without_a_slug_gets_a_short_readable_url(client, article_index, editor):
    client.force_login(editor)

    response = client.post(_add_url(article_index), _article_form())

    assert response.status_code == 302
    article = ArticlePage.objects.get(title="マイナンバーカードの普及に向けた取り組み")
    assert article.slug == "mainanbakado-fukyu-torikumi"
    assert article.url == "/articles/mainanbakado-fukyu-torikumi/"
    assert client.get(article.url).status_code == 200


def test_a_second_page_with_the_same_title_gets_the_next_number(client, article_index, editor):
    client.force_login(editor)

    client.post(_add_url(article_index), _article_form())
    client.post(_add_url(article_index), _article_form())

    slugs = sorted(ArticlePage.objects.child_of(article_index).values_list("slug", flat=True))
    assert "mainanbakado-fukyu-torikumi" in slugs
    assert "mainanbakado-fukyu-torikumi-2" in slugs


def test_a_slug_the_editor_types_is_kept(client, article_index, editor):
    client.force_login(editor)

    client.post(_add_url(article_index), _article_form(slug="mynumber-card"))

    assert ArticlePage.objects.get(title__startswith="マイナンバー").slug == "mynumber-card"


def test_a_draft_saved_without_a_slug_gets_one_too(client, article_index, editor):
    client.force_login(editor)
    form = _article_form()
    del form["action-publish"]

    client.post(_add_url(article_index), form)

    assert ArticlePage.objects.get(title__startswith="マイナンバー").slug == (
        "mainanbakado-fukyu-torikumi"
    )


def test_the_editor_says_the_slug_may_be_left_empty(client, article_index, editor):
    client.force_login(editor)

    page = client.get(_add_url(article_index)).content.decode()

    assert "空欄のままにすると" in page
    title = page[page.index('id="id_title"') - 400 : page.index('id="id_title"') + 200]
    assert "w-sync" not in title  # the title is not copied into the slug as it is typed
    assert 'placeholder="ページタイトル*"' in title


def test_every_page_type_of_ours_makes_its_slug_on_the_server():
    from core.page_slugs import ReadableSlugFormMixin, ReadableSlugPageMixin, UnsyncedTitlePanel

    ours = [m for m in Page.__subclasses__() if m.__module__.split(".")[0] != "wagtail"]
    models = {m for base in ours for m in [base, *base.__subclasses__()]}
    assert models
    for model in models:
        if model._meta.abstract:
            continue
        assert issubclass(model, ReadableSlugPageMixin), model
        assert issubclass(model.base_form_class, ReadableSlugFormMixin), model
        title_panel = model.content_panels[0]
        assert isinstance(title_panel, UnsyncedTitlePanel), model


def test_a_page_made_in_code_without_a_slug_gets_the_romanised_one(home_page):
    page = InformationPage(title="個人情報の取り扱い", lead="", body="")
    home_page.add_child(instance=page)

    assert page.slug == "kojinjoho-toriatsukai"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_old_url_redirects_when_a_published_slug_changes(
    client, article_index, editor, prefix, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.post(_add_url(article_index), _article_form())
    article = ArticlePage.objects.get(title__startswith="マイナンバー")
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals the change then
        response = client.post(edit_url, _article_form(slug="mynumber-card"))
    assert response.status_code == 302
    client.logout()

    response = client.get(f"{prefix}/articles/mainanbakado-fukyu-torikumi/")

    assert response.status_code in (301, 302)
    assert response["Location"] == f"{prefix}/articles/mynumber-card/"
