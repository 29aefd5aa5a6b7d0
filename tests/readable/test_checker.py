"""The やさしい日本語 checker (readable.checker) on sentences with known problems: each rule's
warning, the words it points at, the sentence it is in, and what it tells the editor to do."""

from types import SimpleNamespace

import pytest

from readable.checker import easy_japanese_check, sentences

WORDS = [
    SimpleNamespace(word="ガイドライン", plain="きまり", kind="loanword"),
    SimpleNamespace(word="インバウンド", plain="外国から 来る 旅行者", kind="loanword"),
    SimpleNamespace(word="DX", plain="デジタルで 便利に すること", kind="abbreviation"),
    SimpleNamespace(
        word="マイナ保険証", plain="保険証として 使う マイナンバーカード", kind="abbreviation"
    ),
]


def check(text, **options):
    return easy_japanese_check(text, words=WORDS, **options)


def found(text, rule, **options):
    """(problem text, message) of the warnings of `rule` on `text`."""
    return [
        (text[warning.start : warning.end], warning.message)
        for warning in check(text, **options)
        if warning.rule == rule
    ]


def test_sentences_end_at_full_stops_marks_and_line_breaks():
    text = "ごみは 朝 出します。 紙は 火曜日です！\nびんは？\n\n  かんは 金曜日"

    assert list(sentences(text)) == [
        (0, "ごみは 朝 出します。"),
        (12, "紙は 火曜日です！"),
        (22, "びんは？"),
        (30, "かんは 金曜日"),
    ]


def test_a_warning_points_at_its_sentence_in_the_text():
    text = "ごみは 朝 出して ください。三月に 始まります。"

    (warning,) = check(text)

    assert warning.sentence == "三月に 始まります。"
    assert warning.sentence_index == 1
    assert warning.sentence_start == 15
    assert text[warning.start : warning.end] == "三"
    assert warning.rule == "kanji_number"
    assert warning.as_dict()["message"] == "「三」は漢数字です。「3」のように数字で書いてください。"


def test_a_sentence_over_30_characters_is_long():
    text = "この手続きはマイナンバーカードを持っている人なら市役所の窓口でできます。"

    ((sentence, message),) = found(text, "long_sentence")

    assert sentence == text
    assert message == "この文は35文字あります。30文字以内の短い文に分けてください。"


def test_length_leaves_out_spaces_and_the_full_stop_and_can_be_changed():
    text = "ごみは 月曜日と 木曜日の 朝 8時までに 出して ください。"  # 26 characters

    assert found(text, "long_sentence") == []
    assert len(found(text, "long_sentence", max_length=20)) == 1


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("雨が 降ったので、家に いて、本を 読みました。", 3),  # ので, て
        ("書類を 書き、窓口に 出し、お金を 払います。", 3),  # 連用中止 ×2
        ("駅から 近いですが、車で 来る 人が 多く、道が 混みます。", 3),  # が, 連用中止
        ("申し込みを して、番号を もらって、待って ください。", 3),  # て ×2
    ],
)
def test_a_sentence_of_more_than_two_clauses_is_flagged(text, clauses):
    ((sentence, message),) = found(text, "clauses")

    assert sentence == text
    assert (
        message
        == f"この文は{clauses}つの節がつながっています。1つの文には1つのことだけを書いてください。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "地震が 起きたら、外に 出ないで ください。",  # one link: たら
        "名前を 書いて おいて ください。",  # 〜て おく, 〜て ください: helping verbs
        "ここで 写真を とっても いいです。",  # 〜ても いい
        "子どもと いっしょに 見たり 聞いたり します。",  # たり lists
    ],
)
def test_two_clauses_and_helping_verbs_are_not_flagged(text):
    assert found(text, "clauses") == []


def test_kanji_taught_after_the_grade_is_flagged_word_by_word():
    assert found("住民票は 市役所で もらえます。", "kanji") == [
        (
            "住民票",
            "「住民票」には小学3年より後に習う漢字（民、票）があります。"
            "ひらがな（「じゅうみんひょう」）で書くか、ふりがなを付けてください。",
        )
    ]


def test_the_grade_is_a_choice():
    text = "市役所で 聞いて ください。"  # 市 2, 役 3, 所 3, 聞 2

    assert found(text, "kanji", grade=3) == []
    assert [word for word, _message in found(text, "kanji", grade=2)] == ["市役所"]
    assert found("毎日 来ます。", "kanji", grade=0)[0][1] == (
        "「毎日」は漢字で書かれています。ひらがな（「まいにち」）で書くか、ふりがなを付けてください。"
    )


def test_a_reading_in_brackets_counts_as_furigana():
    assert found("住民票（じゅうみんひょう）を もらいます。", "kanji") == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("行けない わけでは ありません。", "ない わけでは ありません"),
        ("行けないわけではない。", "ないわけではない"),
        ("食べなくはないです。", "なくはない"),
        ("行かないことはない。", "ないことはない"),
        ("来ないとは限りません。", "ないとは限りません"),
        ("払わざるを得ません。", "ざるを得ません"),
        ("わからなくもない。", "なくもない"),
    ],
)
def test_double_negatives(text, phrase):
    ((found_phrase, message),) = found(text, "double_negative")

    assert found_phrase == phrase
    assert message == (
        f"「{phrase}」は二重否定です。「〜ます」「〜できます」「〜かもしれません」のように、"
        "肯定の形で書いてください。"
    )


@pytest.mark.parametrize(
    "text",
    ["人が 少ないことは わかります。", "危なくは ありません。", "ないことも あります。"],
)
def test_one_negative_is_not_a_double_negative(text):
    assert found(text, "double_negative") == []


@pytest.mark.parametrize(
    ("text", "phrase", "plain"),
    [
        ("先生が いらっしゃいます。", "いらっしゃい", "いる・来る・行く"),
        ("市長が おっしゃいました。", "おっしゃい", "言う"),
        ("おかしを 召し上がって ください。", "召し上がっ", "食べる・飲む"),
        ("こちらを ご覧ください。", "ご覧", "見る"),
        ("山田と 申します。", "申し", "言う"),
        ("係の 人が 参ります。", "参り", "行く・来る"),
        ("話を 伺います。", "伺い", "聞く・行く"),
        ("受付を いたします。", "いたし", "する"),
        ("よく 存じて います。", "存じ", "知っている・思う"),
        ("書類を 拝見します。", "拝見", "見る"),
        ("ここに おります。", "おり", "いる"),
        ("本を お読みになります。", "お読みになり", "読みます"),
        ("バスを ご利用になれます。", "ご利用になれ", "利用できます"),
        ("あとで ご説明します。", "ご説明し", "説明します"),
        ("ここで お待ちください。", "お待ちください", "待ってください"),
        ("電話で ご連絡ください。", "ご連絡ください", "連絡してください"),
    ],
)
def test_honorific_and_humble_forms(text, phrase, plain):
    ((found_phrase, message),) = found(text, "honorific")

    assert found_phrase == phrase
    assert message == (
        f"「{phrase}」は尊敬語・謙譲語です。「{plain}」のように、ふつうの「です」「ます」の形で"
        "書いてください。"
    )


@pytest.mark.parametrize(
    "text",
    ["よろしく お願いします。", "お金は いりません。", "市役所の お知らせです。", "明日 来ます。"],
)
def test_polite_speech_with_desu_and_masu_is_fine(text):
    assert found(text, "honorific") == []


def test_words_on_the_list_whatever_their_width_or_case():
    text = "ガイドラインを 読んで ください。ｄｘと インバウンドの 話です。"

    assert found(text, "plain_word") == [
        (
            "ガイドライン",
            "「ガイドライン」はわかりにくい外来語です。「きまり」のように言い換えてください。",
        ),
        ("ｄｘ", "「ｄｘ」は略語です。「デジタルで 便利に すること」のように言い換えてください。"),
        (
            "インバウンド",
            "「インバウンド」はわかりにくい外来語です。"
            "「外国から 来る 旅行者」のように言い換えてください。",
        ),
    ]


def test_an_abbreviation_only_as_a_whole_word_and_the_longest_entry_first():
    assert found("DXFの ファイルです。", "plain_word") == []
    assert [word for word, _m in found("マイナ保険証を 使います。", "plain_word")] == [
        "マイナ保険証"
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("三月十五日に 来て ください。", [("三", "3"), ("十五", "15")]),
        ("一つ 選んで ください。", [("一", "1")]),
        ("二千円です。", [("二千", "2000")]),
    ],
)
def test_numbers_written_in_kanji(text, numbers):
    assert found(text, "kanji_number") == [
        (number, f"「{number}」は漢数字です。「{digits}」のように数字で書いてください。")
        for number, digits in numbers
    ]


@pytest.mark.parametrize(
    "text", ["一緒に 行きます。", "一番 近い 駅です。", "一人ひとりに 聞きます。", "3万円です。"]
)
def test_words_with_number_kanji_are_not_numbers(text):
    assert found(text, "kanji_number") == []
