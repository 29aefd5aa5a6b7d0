"""Normalising, tokens, terms and highlighting: the parts of search that need no database."""

import re

from search.text import (
    MAX_TERMS,
    TermPattern,
    highlight,
    normalise,
    normalise_with_offsets,
    query_terms,
    tokens,
)


def test_normalise_folds_width_and_case():
    assert normalise("ＤＸ") == normalise("dx") == normalise("DX") == "dx"
    assert normalise("ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ") == "マイナンバーカード"
    assert normalise("２００１年") == "2001年"


def test_offsets_point_back_at_the_characters_written():
    text = "本日ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞをＤＸで"
    normalised, spans = normalise_with_offsets(text)

    assert normalised == normalise(text)
    start = normalised.index("バ")
    assert text[spans[start][0] : spans[start][1]] == "ﾊﾞ"  # two characters written, one read
    assert text[slice(*spans[normalised.index("d")])] == "Ｄ"


def test_tokens_are_the_bigrams_of_each_run_of_word_characters():
    assert tokens("普及 率") == tokens("普及")  # a one-character run gives no token
    assert len(tokens("マイナンバー")) == 5
    assert tokens("あい、うえ") == tokens("あい") | tokens("うえ")  # never across punctuation


def test_a_whole_latin_word_or_number_has_a_token_of_its_own():
    assert TermPattern.of("dx").tokens()[0] in tokens("行政dxの推進")
    assert TermPattern.of("dx").tokens()[0] not in tokens("dxf形式")
    year = TermPattern.of("2001").tokens()[0]
    assert year in tokens("2001年") and year not in tokens("12001年")
    assert not TermPattern.of("dx", prefix=True).is_word  # autocomplete: "dx" may begin "dxf"


def test_a_long_term_needs_at_most_twelve_of_its_bigrams():
    assert len(TermPattern.of("マイナンバーカードの普及と行政手続きのオンライン化").tokens()) == 12
    assert TermPattern.of("普").tokens() == []


def test_query_terms_split_on_any_space_and_drop_what_cannot_match():
    assert query_terms("行政ＤＸ\u3000普及  行政dx") == ["行政dx", "普及"]
    assert query_terms("！？ 。") == []
    assert len(query_terms(" ".join(f"語{i}" for i in range(30)))) == MAX_TERMS


def test_latin_terms_meet_word_boundaries_japanese_terms_do_not():
    it = TermPattern.of("it")
    assert list(it.finditer("it導入補助金")) == [(0, 2)]
    assert list(it.finditer("digital")) == []
    assert not TermPattern.of("普及").needs_regex
    assert TermPattern.of("2001年").boundary_start and not TermPattern.of("2001年").boundary_end
    assert list(TermPattern.of("2001年").finditer("12001年")) == []


def test_autocomplete_lets_a_latin_term_end_inside_a_word():
    assert list(TermPattern.of("digi", prefix=True).finditer("digital")) == [(0, 4)]
    assert list(TermPattern.of("digi").finditer("digital")) == []


def test_the_database_pattern_means_what_the_python_pattern_means():
    pattern = TermPattern.of("e-japan")
    for text in ["e-japan戦略", "(e-japan)", "the e-japans", "xe-japan"]:
        assert bool(re.search(pattern.regex, text)) == bool(list(pattern.finditer(text)))


def test_highlight_marks_every_occurrence_in_the_text_as_written():
    fragments = highlight("ﾏｲﾅﾝﾊﾞｰカードとマイナンバー", [TermPattern.of("マイナンバー")])

    assert fragments == [("ﾏｲﾅﾝﾊﾞｰ", True), ("カードと", False), ("マイナンバー", True)]


def test_a_snippet_is_a_window_around_the_first_match():
    text = "あ" * 300 + "行政DX" + "い" * 300
    fragments = highlight(text, [TermPattern.of("行政dx")], width=100)

    assert fragments[0] == ("…", False) and fragments[-1] == ("…", False)
    assert ("行政DX", True) in fragments
    assert sum(len(f) for f, _ in fragments[1:-1]) == 100


def test_a_snippet_without_a_match_is_the_start_of_the_text():
    fragments = highlight("う" * 300, [TermPattern.of("行政")], width=100)

    assert fragments == [("う" * 100, False), ("…", False)]


def test_a_snippet_starts_at_the_sentence_holding_the_match_when_it_is_near():
    text = "前置きの文です。" * 20 + "ここで行政DXが出てきます。" + "後の文です。" * 20
    fragments = highlight(text, [TermPattern.of("行政dx")], width=60)

    assert fragments[1] == ("ここで", False)
    assert fragments[2] == ("行政DX", True)


def test_the_characters_taken_in_runs_are_left_as_they_are_and_join_nothing():
    import unicodedata

    from search.text import UNCHANGED

    for first, last in UNCHANGED:
        for code in range(ord(first), ord(last) + 1):
            character = chr(code)
            assert normalise(character) == character, hex(code)
            assert not unicodedata.combining(character), hex(code)


def test_offsets_of_a_run_and_of_the_clusters_around_it():
    text = "ＤＸとか\u3099んばる…ﾃﾞｰﾀ"  # か + a combining mark: one character once normalised
    normalised, spans = normalise_with_offsets(text)

    assert normalised == "dxとがんばる...データ"
    assert len(spans) == len(normalised)
    assert [text[slice(*spans[i])] for i in range(len(normalised))] == [
        "Ｄ", "Ｘ", "と", "か\u3099", "ん", "ば", "る", "…", "…", "…", "ﾃﾞ", "ｰ", "ﾀ"
    ]  # fmt: skip
    assert spans[-1] == spans[len(normalised) - 1]
