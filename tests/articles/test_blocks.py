"""Each article body block renders the HTML a reader sees (templates/articles/blocks/)."""

import pytest
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder

from articles.blocks import ArticleBodyBlock
from tests.factories import ImageFactory

VIDEO_URL = "https://www.youtube.com/watch?v=yoriai"


def render_body(*blocks):
    """Render `(block_type, raw_value)` pairs the way an article page renders its body."""
    stream_block = ArticleBodyBlock()
    value = stream_block.to_python([{"type": kind, "value": raw} for kind, raw in blocks])
    return stream_block.render(value)


class FakeVideoFinder(EmbedFinder):
    """Stands in for oEmbed providers: this machine is offline."""

    calls = 0

    def accept(self, url):
        return url.startswith("https://www.youtube.com/")

    def find_embed(self, url, max_width=None, max_height=None):
        type(self).calls += 1
        return {
            "title": "町役場の電子申請デモ",
            "author_name": "寄り合い",
            "provider_name": "YouTube",
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": '<iframe title="電子申請デモ" src="https://www.youtube.com/embed/yoriai"></iframe>',
        }


class UnreachableFinder(EmbedFinder):
    """A provider that cannot be reached, counting how often it is asked."""

    calls = 0

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        type(self).calls += 1
        raise EmbedNotFoundException


@pytest.fixture
def video_finder(settings):
    FakeVideoFinder.calls = 0
    settings.WAGTAILEMBEDS_FINDERS = [{"class": f"{__name__}.FakeVideoFinder"}]
    return FakeVideoFinder


@pytest.fixture
def unreachable_finder(settings):
    UnreachableFinder.calls = 0
    settings.WAGTAILEMBEDS_FINDERS = [{"class": f"{__name__}.UnreachableFinder"}]
    return UnreachableFinder


# --- heading and paragraph -------------------------------------------------------------------


@pytest.mark.parametrize("level", ["h2", "h3"])
def test_heading_renders_at_the_chosen_level(level):
    html = render_body(("heading", {"text": "窓口の課題", "level": level}))

    assert f"<{level}" in html
    assert f">窓口の課題</{level}>" in html


def test_heading_escapes_markup_typed_by_the_editor():
    html = render_body(("heading", {"text": "<em>強調</em>", "level": "h2"}))

    assert "&lt;em&gt;強調&lt;/em&gt;" in html


def test_paragraph_renders_its_rich_text():
    html = render_body(("paragraph", "<p>行政DXの<b>第一歩</b>は電子申請です。</p>"))

    assert "<p>行政DXの<b>第一歩</b>は電子申請です。</p>" in html


# --- captioned image -------------------------------------------------------------------------


@pytest.mark.django_db
def test_captioned_image_shows_alt_text_caption_and_credit():
    image = ImageFactory()

    html = render_body(
        (
            "image",
            {
                "image": {"image": image.pk, "alt_text": "町役場の外観", "decorative": False},
                "caption": "改修後の町役場",
                "credit": "広報課",
            },
        )
    )

    assert "<figure" in html
    assert 'alt="町役場の外観"' in html
    assert "<figcaption>" in html
    assert "改修後の町役場" in html
    assert "広報課" in html


@pytest.mark.django_db
def test_decorative_image_has_empty_alt_text_and_no_caption_without_text():
    image = ImageFactory()

    html = render_body(
        (
            "image",
            {
                "image": {"image": image.pk, "alt_text": "", "decorative": True},
                "caption": "",
                "credit": "",
            },
        )
    )

    assert 'alt=""' in html
    assert "<figcaption" not in html


# --- quote -----------------------------------------------------------------------------------


def test_quote_shows_text_in_a_blockquote_with_attribution():
    html = render_body(
        ("quote", {"text": "まずは一つの手続きから。\n次に窓口へ。", "attribution": "町長"})
    )

    assert "<blockquote>" in html
    assert "まずは一つの手続きから。<br>次に窓口へ。" in html
    assert "<cite>町長</cite>" in html


def test_quote_without_attribution_has_no_empty_cite():
    html = render_body(("quote", {"text": "異なるご意見は大歓迎です", "attribution": ""}))

    assert "異なるご意見は大歓迎です" in html
    assert "<cite>" not in html


# --- embed -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_embed_shows_the_providers_player_and_caption(video_finder):
    html = render_body(("embed", {"embed": VIDEO_URL, "caption": "電子申請の操作デモ"}))

    assert '<iframe title="電子申請デモ" src="https://www.youtube.com/embed/yoriai">' in html
    assert "<figcaption>電子申請の操作デモ</figcaption>" in html


@pytest.mark.django_db
def test_embed_that_cannot_be_fetched_falls_back_to_a_link(unreachable_finder):
    html = render_body(("embed", {"embed": VIDEO_URL, "caption": "操作デモ"}))

    assert "<iframe" not in html
    assert f'<a href="{VIDEO_URL}"' in html
    assert ">操作デモ</a>" in html


@pytest.mark.django_db
def test_embed_fallback_without_caption_shows_the_url_as_link_text(unreachable_finder):
    html = render_body(("embed", {"embed": VIDEO_URL, "caption": ""}))

    assert f'<a href="{VIDEO_URL}" rel="noopener">{VIDEO_URL}</a>' in html


@pytest.mark.django_db
def test_an_unreachable_provider_is_not_asked_again_on_every_view(unreachable_finder):
    render_body(("embed", {"embed": VIDEO_URL, "caption": ""}))

    render_body(("embed", {"embed": VIDEO_URL, "caption": ""}))

    assert unreachable_finder.calls == 1


# --- callout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["point", "info", "warning"])
def test_callout_shows_title_and_text_in_a_box_of_its_kind(kind):
    html = render_body(
        (
            "callout",
            {"kind": kind, "title": "ここがポイント", "text": "<p>申請は24時間可能です。</p>"},
        )
    )

    assert "<aside" in html
    assert f"callout--{kind}" in html
    assert "ここがポイント" in html
    assert "<p>申請は24時間可能です。</p>" in html


# --- table -----------------------------------------------------------------------------------


def _table(caption="", table_caption="", **options):
    return {
        "table": {
            "data": [["自治体", "電子申請件数"], ["A町", "120"], ["B村", "45"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": table_caption,
            **options,
        },
        "caption": caption,
    }


def test_table_has_scoped_column_headers_and_a_caption():
    html = render_body(("table", _table(caption="2026年度の申請件数")))

    assert "<table>" in html
    assert "<caption>2026年度の申請件数</caption>" in html
    assert '<th scope="col"' in html
    assert ">電子申請件数</th>" in html
    assert ">A町</td>" in html
    assert html.count("<tr>") == 3


def test_table_first_column_can_be_row_headers():
    html = render_body(("table", _table(first_col_is_header=True)))

    assert '<th scope="row"' in html
    assert ">A町</th>" in html


def test_table_scroll_region_is_labelled_by_its_caption():
    html = render_body(("table", _table(caption="申請件数")))

    assert 'role="region"' in html
    assert 'aria-label="申請件数"' in html


def test_table_own_caption_wins_over_the_block_caption():
    html = render_body(("table", _table(caption="ブロックの説明", table_caption="表の説明")))

    assert "<caption>表の説明</caption>" in html
    assert "ブロックの説明</caption>" not in html


def test_table_cells_escape_markup():
    block = _table()
    block["table"]["data"][1][0] = "<script>alert(1)</script>"

    html = render_body(("table", block))

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
