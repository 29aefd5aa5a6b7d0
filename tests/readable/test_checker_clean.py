"""No false alarm: sentences written in やさしい日本語 as towns write their notices — short, one
thing each, です・ます, kanji up to year 3 or with their reading in brackets, digits — get no
warning from the checker, with its default grade and the staff's starting list of words."""

import pytest

from readable.checker import easy_japanese_check

CLEAN = [
    # ごみ
    "ごみは 朝 8時までに 出して ください。",
    "もえる ごみは 月曜日と 木曜日に 出します。",
    "びんと かんは 毎週 水曜日です。",
    "大きい ごみは 電話で 申し込み（もうしこみ）を します。",
    # 市役所
    "市役所（しやくしょ）は 土曜日と 日曜日は 休みです。",
    "わからない ことは、市役所に 聞いて ください。",
    "この 紙に 名前と 住所を 書いて ください。",
    "マイナンバーカードを 持って きて ください。",
    "カードが ない 人は、ほかの 書類（しょるい）でも いいです。",
    "日本語が わからない 人も 来て いいです。",
    "通訳（つうやく）が います。",
    "やさしい 日本語で 話す ことが できます。",
    # 防災
    "地震（じしん）が 起きたら、つくえの 下に 入って ください。",
    "あぶない ときは、すぐに 外に 出て ください。",
    "ひなんじょは 近くの 小学校です。",
    "水と 食べ物を 3日分 用意して ください。",
    "台風が 来る 前に、家の まわりを 見て ください。",
    "夜は 外に 出ないで ください。",
    "にもつは 1人 1つです。",
    "ペットも いっしょに ひなんできます。",
    "火事の ときは 119に 電話して ください。",
    "けがや 病気の ときも 119です。",
    "けいさつは 110です。",
    # 子育て・健康
    "子どもの 病院の お金は 15さいまで かかりません。",
    "赤ちゃんが 生まれたら、14日までに 来て ください。",
    "けんこうしんだんは 6月に あります。",
    "4月1日から 新しい きまりが 始まります。",
    "もうしこみは 3月31日までです。",
    # 相談・教室
    "外国人の ための 相談まどぐちが あります。",
    "相談の お金は いりません。",
    "毎週 火曜日の 午後1時から 4時までです。",
    "よやくは いりません。",
    "だれでも 使う ことが できます。",
    "日本語教室は 公民館（こうみんかん）で あります。",
    "雨の 日は 中止です。",
    "くわしい ことは ホームページを 見て ください。",
    "電話番号は 0123-45-6789です。",
    "よろしく おねがいします。",
    "いっしょに 町を きれいに しましょう。",
    "一人ひとりの 声を 聞きたいです。",
]


def test_the_clean_set_is_large_enough():
    assert len(CLEAN) >= 30


@pytest.mark.parametrize("sentence", CLEAN)
def test_no_warning_on_easy_japanese(db, sentence):
    assert easy_japanese_check(sentence) == []


def test_no_warning_on_the_whole_notice_at_once(db):
    assert easy_japanese_check("\n".join(CLEAN)) == []
