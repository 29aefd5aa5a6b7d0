"""readable.versions and readable.version_panels: when a やさしい field counts as written, how a
Reading falls back field by field, and the original's text the editor shows beside a field."""

import pytest
from wagtail.rich_text import RichText

from articles.models import ArticlePage
from readable.version_panels import original_text
from readable.versions import Reading, text_filled


@pytest.mark.parametrize(
    ("value", "filled"),
    [
        ("", False),
        ("  \n", False),
        ("<p></p>", False),
        ("<p> </p>", False),
        (RichText("<p></p>"), False),
        ([], False),
        (None, False),
        ("やさしい", True),
        ("<p>やさしい</p>", True),
        (RichText("<p>やさしい</p>"), True),
        ([("paragraph", "<p>本文</p>")], True),
    ],
)
def test_a_field_counts_as_written_only_with_text(value, filled):
    assert text_filled(value) is filled


@pytest.mark.django_db
def test_a_reading_takes_each_easy_field_that_is_written_and_the_original_otherwise():
    page = ArticlePage(
        title="元のタイトル", easy_title="やさしいタイトル", lead="元のリード", easy_lead=""
    )

    easy, plain = Reading(page, easy=True), Reading(page, easy=False)

    assert (easy.title, easy.lead) == ("やさしいタイトル", "元のリード")
    assert (plain.title, plain.lead) == ("元のタイトル", "元のリード")
    with pytest.raises(AttributeError):
        easy.header_image  # noqa: B018 - not a text with a やさしい version


@pytest.mark.django_db
def test_the_editor_shows_the_original_as_plain_text():
    page = ArticlePage(
        body=[
            ("heading", {"text": "なぜ入口から", "level": "h2"}),
            ("paragraph", "<p>紙の<b>申請</b></p>"),
        ]
    )

    assert original_text("電子申請") == "電子申請"
    assert original_text("<p>一行目</p><p>二行目</p>") == "一行目\n二行目"
    assert original_text(page.body) == "なぜ入口から\n\n紙の申請"
    assert original_text(None) == ""
