"""`lang_attribute`: Japanese titles keep lang="ja" on the English pages."""

from django.template import Context, Template
from django.utils import translation

from core.templatetags.languages import is_japanese

TITLE = Template("{% load languages %}<h1{{ title|lang_attribute }}>{{ title }}</h1>")


def test_a_japanese_title_on_an_english_page_is_marked_japanese():
    with translation.override("en"):
        html = TITLE.render(Context({"title": "電子申請の最初の一歩"}))

    assert html == '<h1 lang="ja">電子申請の最初の一歩</h1>'


def test_nothing_is_added_on_a_japanese_page_or_for_english_text():
    with translation.override("ja"):
        assert TITLE.render(Context({"title": "電子申請"})) == "<h1>電子申請</h1>"
    with translation.override("en"):
        assert TITLE.render(Context({"title": "Open data"})) == "<h1>Open data</h1>"


def test_kana_and_kanji_are_japanese_but_latin_and_figures_are_not():
    assert is_japanese("ひらがな") and is_japanese("カタカナ") and is_japanese("漢字")
    assert not is_japanese("DX 2026") and not is_japanese(None)
