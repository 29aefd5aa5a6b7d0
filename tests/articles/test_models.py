import pytest
from django.core.exceptions import ValidationError
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    Author,
    ContactPage,
    HomePage,
    Series,
)
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    ContactPageFactory,
    HomePageFactory,
    ImageFactory,
    SeriesFactory,
)

# --- Where each page type may be created -----------------------------------------------------


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_only_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_article_index_lives_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})

    def test_article_index_holds_only_articles(self):
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})

    def test_article_lives_only_under_an_article_index_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_contact_page_lives_only_under_the_home_page_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactPage, set())

    def test_articles_cannot_be_created_directly_under_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanCreateAt(HomePage, ContactPage)


def test_only_one_home_page_can_exist(db):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)

    HomePageFactory()

    assert not HomePage.can_create_at(root)


def test_only_one_contact_page_can_exist(home_page):
    assert ContactPage.can_create_at(home_page)

    ContactPageFactory(parent=home_page)

    assert not ContactPage.can_create_at(home_page)


def test_several_article_indexes_may_exist(home_page):
    ArticleIndexPageFactory(parent=home_page)

    assert ArticleIndexPage.can_create_at(home_page)


# --- ArticlePage -----------------------------------------------------------------------------


def _paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


def test_reading_minutes_counts_japanese_characters_of_lead_and_body(article_index):
    # 1,000 body + 10 lead characters at 500 a minute: just over two minutes, so three.
    article = ArticlePageFactory(
        parent=article_index, lead="あ" * 10, body=[_paragraph("行" * 1000)]
    )

    assert article.reading_minutes == 3


def test_reading_minutes_ignores_markup(article_index):
    marked_up = "<b>" + "字" * 490 + '</b><a href="https://example.jp/' + "x" * 200 + '">a</a>'
    article = ArticlePageFactory(parent=article_index, lead="短", body=[_paragraph(marked_up)])

    assert article.reading_minutes == 1


def test_reading_minutes_counts_headings_too(article_index):
    article = ArticlePageFactory(
        parent=article_index,
        lead="短",
        body=[("heading", {"text": "見" * 400, "level": "h2"}), _paragraph("本" * 400)],
    )

    assert article.reading_minutes == 2


def test_a_short_article_takes_at_least_a_minute(article_index):
    article = ArticlePageFactory(parent=article_index, lead="短い。", body=[_paragraph("短い。")])

    assert article.reading_minutes == 1


def test_header_image_alt_text_prefers_the_text_the_editor_wrote(article_index):
    image = ImageFactory(description="画像の説明")
    article = ArticlePageFactory(
        parent=article_index, header_image=image, header_image_alt="役場の窓口に並ぶ人々"
    )

    assert article.header_image_alt_text == "役場の窓口に並ぶ人々"


def test_header_image_alt_text_falls_back_to_the_image_description(article_index):
    image = ImageFactory(description="田園風景と町役場")
    article = ArticlePageFactory(parent=article_index, header_image=image, header_image_alt="")

    assert article.header_image_alt_text == "田園風景と町役場"


def test_header_image_alt_text_is_empty_without_an_image(article_index):
    article = ArticlePageFactory(parent=article_index, header_image=None)

    assert article.header_image_alt_text == ""


def test_a_part_number_without_a_series_is_refused(article_index):
    article = ArticlePageFactory(parent=article_index)
    article.series_number = 2

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "series_number" in error.value.message_dict


def test_a_part_number_with_a_series_is_accepted(article_index):
    article = ArticlePageFactory(parent=article_index)
    article.series = SeriesFactory()
    article.series_number = 2

    article.full_clean()


def test_structured_data_describes_the_article_for_search_engines(article_index):
    authors = [AuthorFactory(name="佐藤 花子"), AuthorFactory(name="鈴木 一郎")]
    article = ArticlePageFactory(
        parent=article_index,
        title="電子申請が第一歩",
        lead="窓口に来なくても手続きができる町へ。",
        authors=authors,
    )
    article.save_revision().publish()
    article.refresh_from_db()

    data = article.structured_data(get_dummy_request())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "電子申請が第一歩"
    assert data["description"] == "窓口に来なくても手続きができる町へ。"
    assert data["mainEntityOfPage"] == article.get_full_url()
    assert data["mainEntityOfPage"].startswith("http")
    assert data["author"] == [
        {"@type": "Person", "name": "佐藤 花子"},
        {"@type": "Person", "name": "鈴木 一郎"},
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"]
    assert data["datePublished"] == article.first_published_at.isoformat()
    assert data["dateModified"] == article.last_published_at.isoformat()


def test_structured_data_prefers_the_search_description(article_index):
    article = ArticlePageFactory(
        parent=article_index, lead="リード文", search_description="検索結果向けの説明"
    )

    data = article.structured_data(get_dummy_request())

    assert data["description"] == "検索結果向けの説明"


def test_authors_keep_the_order_the_editor_gave(article_index):
    first, second = AuthorFactory(name="二番目に作成"), AuthorFactory(name="一番目に作成")

    article = ArticlePageFactory(parent=article_index, authors=[second, first])

    assert article.authors == [second, first]


# --- Author and Series -----------------------------------------------------------------------


@pytest.mark.parametrize(("factory", "model"), [(AuthorFactory, Author), (SeriesFactory, Series)])
def test_slugs_from_japanese_names_stay_readable(db, factory, model):
    obj = factory(name="行政DX 推進室")

    assert obj.slug == "行政dx-推進室"


@pytest.mark.parametrize("factory", [AuthorFactory, SeriesFactory])
def test_slugs_from_the_same_name_are_unique(db, factory):
    first, second, third = factory(name="田中 誠"), factory(name="田中 誠"), factory(name="田中 誠")

    assert [first.slug, second.slug, third.slug] == ["田中-誠", "田中-誠-2", "田中-誠-3"]


def test_a_name_with_nothing_sluggable_gets_a_fallback_slug(db):
    author = AuthorFactory(name="★☆★")

    assert author.slug == "author"


def test_a_slug_the_editor_chose_is_kept(db):
    series = SeriesFactory(name="地域DXの現場から", slug="genba")

    assert series.slug == "genba"
