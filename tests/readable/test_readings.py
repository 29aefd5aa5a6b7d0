"""Readings (readable.readings): SudachiPy's reading forms as hiragana, laid over kanji runs only,
the staff's reading dictionary first."""

import pytest

from readable.dictionary import ReadingDictionary
from readable.readings import ruby_html, ruby_parts, words

NO_DICTIONARY = ReadingDictionary({}, None)

# Words and place names of this field with the readings a resident expects (SudachiPy's core
# dictionary reads each of them so; 避難所 and 神戸町 below it does not).
FIELD_WORDS = [
    ("電子申請", "でんししんせい"),
    ("自治体", "じちたい"),
    ("窓口", "まどぐち"),
    ("住民票", "じゅうみんひょう"),
    ("地方創生", "ちほうそうせい"),
    ("市町村", "しちょうそん"),
    ("申し込み", "もうしこみ"),
    ("手続き", "てつづき"),
    ("届け出", "とどけで"),
    ("転出届", "てんしゅつとどけ"),
    ("転入届", "てんにゅうとどけ"),
    ("印鑑登録", "いんかんとうろく"),
    ("戸籍謄本", "こせきとうほん"),
    ("本人確認", "ほんにんかくにん"),
    ("暗証番号", "あんしょうばんごう"),
    ("児童手当", "じどうてあて"),
    ("子育て", "こそだて"),
    ("介護保険", "かいごほけん"),
    ("国民健康保険", "こくみんけんこうほけん"),
    ("確定申告", "かくていしんこく"),
    ("住民税", "じゅうみんぜい"),
    ("固定資産税", "こていしさんぜい"),
    ("補助金", "ほじょきん"),
    ("給付金", "きゅうふきん"),
    ("交付", "こうふ"),
    ("公民館", "こうみんかん"),
    ("役所", "やくしょ"),
    ("市役所", "しやくしょ"),
    ("町役場", "まちやくば"),
    ("図書館", "としょかん"),
    ("防災", "ぼうさい"),
    ("高齢者", "こうれいしゃ"),
    ("障害者", "しょうがいしゃ"),
    ("外国人", "がいこくじん"),
    ("住民", "じゅうみん"),
    ("議会", "ぎかい"),
    ("条例", "じょうれい"),
    ("予算", "よさん"),
    ("行政", "ぎょうせい"),
    ("電子化", "でんしか"),
    ("職員", "しょくいん"),
    ("相談", "そうだん"),
    ("意見交換", "いけんこうかん"),
    ("説明会", "せつめいかい"),
    ("世帯", "せたい"),
    ("郵便局", "ゆうびんきょく"),
    ("引越し", "ひっこし"),
    ("北海道", "ほっかいどう"),
    ("青森県", "あおもりけん"),
    ("岩手県", "いわてけん"),
    ("宮城県", "みやぎけん"),
    ("秋田県", "あきたけん"),
    ("山形県", "やまがたけん"),
    ("福島県", "ふくしまけん"),
    ("茨城県", "いばらきけん"),
    ("栃木県", "とちぎけん"),
    ("群馬県", "ぐんまけん"),
    ("埼玉県", "さいたまけん"),
    ("千葉県", "ちばけん"),
    ("東京都", "とうきょうと"),
    ("神奈川県", "かながわけん"),
    ("新潟県", "にいがたけん"),
    ("富山県", "とやまけん"),
    ("石川県", "いしかわけん"),
    ("福井県", "ふくいけん"),
    ("山梨県", "やまなしけん"),
    ("長野県", "ながのけん"),
    ("岐阜県", "ぎふけん"),
    ("静岡県", "しずおかけん"),
    ("愛知県", "あいちけん"),
    ("三重県", "みえけん"),
    ("滋賀県", "しがけん"),
    ("京都府", "きょうとふ"),
    ("大阪府", "おおさかふ"),
    ("兵庫県", "ひょうごけん"),
    ("奈良県", "ならけん"),
    ("和歌山県", "わかやまけん"),
    ("鳥取県", "とっとりけん"),
    ("島根県", "しまねけん"),
    ("岡山県", "おかやまけん"),
    ("広島県", "ひろしまけん"),
    ("山口県", "やまぐちけん"),
    ("徳島県", "とくしまけん"),
    ("香川県", "かがわけん"),
    ("愛媛県", "えひめけん"),
    ("高知県", "こうちけん"),
    ("福岡県", "ふくおかけん"),
    ("佐賀県", "さがけん"),
    ("長崎県", "ながさきけん"),
    ("熊本県", "くまもとけん"),
    ("大分県", "おおいたけん"),
    ("宮崎県", "みやざきけん"),
    ("鹿児島県", "かごしまけん"),
    ("沖縄県", "おきなわけん"),
    ("霞ヶ関", "かすみがせき"),
    ("関ケ原町", "せきがはらちょう"),
    ("安曇野市", "あづみのし"),
    ("四日市市", "よっかいちし"),
    ("各務原市", "かかみがはらし"),
    ("郡上市", "ぐじょうし"),
    ("可児市", "かにし"),
    ("飛騨市", "ひだし"),
    ("揖斐川町", "いびがわちょう"),
    ("坂祝町", "さかほぎちょう"),
    ("七宗町", "ひちそうちょう"),
    ("南風原町", "はえばるちょう"),
    ("北谷町", "ちゃたんちょう"),
    ("読谷村", "よみたんそん"),
    ("我孫子市", "あびこし"),
    ("匝瑳市", "そうさし"),
    ("宍粟市", "しそうし"),
    ("葛飾区", "かつしかく"),
    ("一宮市", "いちのみやし"),
    ("富谷市", "とみやし"),
]


def reading(text, dictionary=NO_DICTIONARY):
    return "".join(reading or surface for surface, reading in words(text, dictionary))


def rt(html):
    """The readings shown over `html`'s ruby, in order."""
    return [part.split("</rt>")[0] for part in html.split('<rt aria-hidden="true">')[1:]]


@pytest.mark.parametrize(("word", "expected"), FIELD_WORDS)
def test_words_of_this_field_read_as_residents_read_them(word, expected):
    assert reading(word) == expected


def test_there_are_at_least_a_hundred_of_them():
    assert len(FIELD_WORDS) >= 100


def test_the_reading_dictionary_wins_over_sudachi():
    dictionary = ReadingDictionary({"避難所": "ひなんじょ", "神戸町": "ごうどちょう"}, "v1")

    assert reading("避難所") == "ひなんしょ"
    assert reading("神戸町") == "こうべまち"
    assert reading("神戸町の避難所", dictionary) == "ごうどちょうのひなんじょ"


def test_the_longest_word_of_the_dictionary_is_taken():
    dictionary = ReadingDictionary({"大和": "やまと", "大和町": "たいわちょう"}, "v1")

    assert rt(ruby_html("大和町役場", grade=0, dictionary=dictionary))[0] == "たいわちょう"


def test_okurigana_stay_outside_the_ruby():
    html = ruby_html("申し込み", grade=0, dictionary=NO_DICTIONARY)

    assert html == (
        '<ruby>申<rt aria-hidden="true">もう</rt></ruby>し'
        '<ruby>込<rt aria-hidden="true">こ</rt></ruby>み'
    )
    assert ruby_parts("お知らせ", "おしらせ") == [("お", None), ("知", "し"), ("らせ", None)]


def test_ke_between_kanji_belongs_to_them():
    assert ruby_parts("霞ヶ関", "かすみがせき") == [("霞ヶ関", "かすみがせき")]
    assert ruby_parts("関ケ原町", "せきがはらちょう") == [("関ケ原町", "せきがはらちょう")]


def test_kana_latin_digits_and_symbols_never_get_ruby():
    text = "マイナンバーカードでDXを！ひらがな、カタカナ、ABC 123"

    assert ruby_html(text, grade=0, dictionary=NO_DICTIONARY) == text
    assert rt(ruby_html("第3回の申請", grade=0, dictionary=NO_DICTIONARY)) == ["だい", "しんせい"]


def test_a_counter_after_a_number_gets_no_ruby():
    """Its reading changes with the number (いっぽ, みっか), which Sudachi reads apart."""
    for text in ("最初の一歩", "三日の説明会", "2026年"):
        html = ruby_html(text, grade=0, dictionary=NO_DICTIONARY)
        assert "ほ</rt>" not in html and "か</rt>" not in html and "ねん" not in html


def test_a_reading_that_does_not_fit_its_word_is_not_shown():
    assert ruby_parts("申し込み", "もうしこむ") is None
    assert ruby_parts("A案", "えーあん") is None


def test_words_sudachi_does_not_know_get_no_ruby():
    html = ruby_html("鬯と申請", grade=0, dictionary=NO_DICTIONARY)

    assert html.startswith("鬯と<ruby>")
    assert rt(html) == ["しんせい"]


def test_character_references_stay_outside_ruby():
    html = ruby_html("東京都&amp;大阪府", grade=0, dictionary=NO_DICTIONARY)

    assert "</ruby>&amp;<ruby>" in html


def test_with_a_grade_only_words_with_a_kanji_taught_later_get_ruby():
    text = "山田さんの窓口で申請"  # 山 and 田: grade 1; 窓: grade 6; 請: junior high

    assert rt(ruby_html(text, grade=0, dictionary=NO_DICTIONARY)) == [
        "やまだ",
        "まどぐち",
        "しんせい",
    ]
    assert rt(ruby_html(text, grade=3, dictionary=NO_DICTIONARY)) == ["まどぐち", "しんせい"]
    assert rt(ruby_html(text, grade=6, dictionary=NO_DICTIONARY)) == ["しんせい"]
