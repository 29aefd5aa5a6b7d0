"""surveys.words: the content words of a free-text answer (SudachiPy, split mode C)."""

import threading

import pytest

from surveys.words import WORD_MAX, answer_words


def test_compounds_stay_whole_and_particles_go():
    words = answer_words("マイナンバーカードの普及が遅い")

    assert words == ["マイナンバーカード", "普及", "遅い"]


def test_administrative_compounds_are_one_word():
    words = answer_words("電子申請で住民票の写しを請求しました")

    assert {"電子申請", "住民票"} <= set(words)
    assert "電子" not in words and "申請" not in words


@pytest.mark.parametrize(
    ("text", "word"),
    [("ＤＸを進める", "dx"), ("DXを進める", "dx"), ("ﾏｲﾅﾝﾊﾞｰを使う", "マイナンバー")],
)
def test_text_is_nfkc_normalised_and_latin_lower_cased(text, word):
    assert word in answer_words(text)


def test_stop_words_auxiliaries_and_numbers_are_dropped():
    words = answer_words("2024年に3回、窓口に行くことができると思います。これはよいものです。")

    assert words == ["窓口"]


def test_verbs_and_adjectives_in_their_dictionary_form_with_spellings_unified():
    words = answer_words("説明がわかりにくく、分かりやすくしてほしい。手続きが遅かった")

    assert words == ["説明", "分かる", "手続き", "遅い"]


def test_each_word_once_in_order_of_first_appearance():
    assert answer_words("窓口が混む。窓口が遠い。") == ["窓口", "混む", "遠い"]


def test_markup_is_just_text():
    assert answer_words("<script>alert(1)</script>") == ["script", "alert"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "😊👍🏽🇯🇵",
        "\u200b\ufeff\x00\ufffd",
        "ああ、え。",
        "！？。、「」…",
        "𠮷野家の\u3099゛",
    ],
)
def test_odd_text_gives_few_or_no_words_without_failing(text):
    words = answer_words(text)

    assert all(word.strip() and len(word) <= WORD_MAX for word in words)
    assert not any(len(word) == 1 and word in "あえ" for word in words)


def test_invisible_characters_do_not_split_a_word():
    assert answer_words("マイ\u200bナンバー\ufeffカード") == ["マイナンバーカード"]


def test_overlong_words_are_dropped():
    assert answer_words("a" * (WORD_MAX + 1) + " 電子申請") == ["電子申請"]


def test_text_longer_than_the_analyser_accepts_is_segmented():
    assert answer_words("電子申請は便利です。" * 3000) == ["電子申請", "便利"]


def test_common_english_words_are_stop_words():
    assert answer_words("The form is not easy to use") == ["form", "easy", "use"]


def test_threads_segment_at_once():
    results, errors = [], []

    def segment():
        try:
            results.append(answer_words("子育て支援の手続きをオンラインでしたい"))
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=segment) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert results == [["子育て", "支援", "手続き", "オンライン"]] * 4
