"""The demo article's やさしい日本語 version (articles.easy): 「行政DXの第一歩は電子申請から」
rewritten in short sentences with です・ます and few kanji, the survey still at its end."""

from core.pages import page_publish

EASY_TITLE = "役所のデジタル化は「電子申請」から"
EASY_LEAD = (
    "電子申請は、インターネットで役所に申しこむことです。"
    "役所の仕事を新しくするとき、はじめに電子申請をするのがよいです。"
    "そのわけを書きます。"
)


def _paragraph(*sentences):
    return {"type": "paragraph", "value": "".join(f"<p>{s}</p>" for s in sentences)}


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


EASY_BODY = [
    _paragraph(
        "役所の人から、よくこう聞きます。",
        "「デジタル化をしたいです。でも、何から始めたらいいか、わかりません。」",
        "わたしたちは「まず電子申請から始めましょう」と答えます。",
    ),
    _heading("なぜ申しこみから変えるのですか"),
    _paragraph(
        "役所の仕事は、みなさんの申しこみから始まります。",
        "紙の申しこみは、役所の人がパソコンに打ちこみます。時間がかかります。",
        "インターネットで申しこむと、打ちこむ仕事がいりません。",
        "みなさんは、夜でも休みの日でも申しこめます。",
    ),
    _heading("小さく始めます"),
    _paragraph(
        "全部の手続きを、いっぺんに変えなくてもいいです。",
        "ある町では、申しこみが多い三つの手続きから始めました。",
        "三か月あとには、窓口で待つ人が少なくなりました。",
    ),
]


def demo_easy_article_build(*, article, survey=None):
    """Give `article` its やさしい日本語 version (published), with `survey` at its end as in the
    original; an article that has one already is left as it is."""
    if article.has_easy_version:
        return article
    article.easy_title = EASY_TITLE
    article.easy_lead = EASY_LEAD
    survey_blocks = [child for child in article.body.raw_data if child["type"] == "survey"]
    article.easy_body = [*EASY_BODY, *survey_blocks] if survey else EASY_BODY
    return page_publish(article)
