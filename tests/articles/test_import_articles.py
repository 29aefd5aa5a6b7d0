"""`manage.py import_articles`: Markdown + YAML front matter → ArticlePages, all or nothing."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from articles.models import ArticlePage, Author
from tests.factories import ArticlePageFactory, ImageFactory

TOKYO = ZoneInfo("Asia/Tokyo")

GOOD = """\
---
title: 行政DXの第一歩は電子申請から
slug: first-step
date: 2026-06-10
author: [佐藤 美咲, 田中 健一]
tags: [行政DX, 電子申請]
summary: まず電子申請から始める理由をまとめました。
---
電子申請は**第一歩**です。[詳しくはこちら](https://example.jp/guide)。

## 入口を変える

申請の入口がデータになれば、転記が要らなくなります。

### 小さく始める

> 窓口に来なくていいのはありがたい。
> — 住民の方

> [!point] 三つの条件
> 件数が多い手続きから始めましょう。

| 項目 | 紙 | 電子 |
|---|---|---|
| 受付時間 | 開庁時間 | 24時間 |
表: 紙と電子の比較
"""


@pytest.fixture
def write(tmp_path):
    """write("name.md", text) → path of a new file under tmp_path."""

    def _write(name, text, *, encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


def run_import(*paths, publish=False):
    out = StringIO()
    with translation.override("en"):
        call_command("import_articles", *map(str, paths), publish=publish, stdout=out)
    return out.getvalue()


def import_error(*paths):
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_articles", *map(str, paths), stdout=StringIO())
    return str(error.value)


def test_good_file_becomes_a_published_article(article_index, write):
    path = write("first.md", GOOD)

    output = run_import(path, publish=True)

    article = ArticlePage.objects.get(slug="first-step")
    assert article.live
    assert article.get_parent().specific == article_index
    assert article.title == "行政DXの第一歩は電子申請から"
    assert article.lead == "まず電子申請から始める理由をまとめました。"
    assert article.first_published_at == datetime(2026, 6, 10, tzinfo=TOKYO)
    assert article.last_published_at == article.first_published_at  # not "updated" today
    assert [author.name for author in article.authors] == ["佐藤 美咲", "田中 健一"]
    assert sorted(tag.name for tag in article.tags.all()) == ["行政DX", "電子申請"]
    assert "Articles: 1 created, 0 updated, 0 unchanged; 1 published." in output


def test_body_becomes_blocks(article_index, write):
    run_import(write("first.md", GOOD), publish=True)

    body = ArticlePage.objects.get(slug="first-step").body

    assert [block.block_type for block in body] == [
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "quote",
        "callout",
        "table",
    ]
    assert body[0].value.source == (
        '<p>電子申請は<b>第一歩</b>です。<a href="https://example.jp/guide">詳しくはこちら</a>。</p>'
    )
    assert (body[1].value["text"], body[1].value["level"]) == ("入口を変える", "h2")
    assert body[3].value["level"] == "h3"
    assert (body[4].value["text"], body[4].value["attribution"]) == (
        "窓口に来なくていいのはありがたい。",
        "住民の方",
    )
    assert (body[5].value["kind"], body[5].value["title"]) == ("point", "三つの条件")
    assert body[6].value["table"]["data"] == [
        ["項目", "紙", "電子"],
        ["受付時間", "開庁時間", "24時間"],
    ]
    assert body[6].value["caption"] == "紙と電子の比較"


def test_without_publish_a_new_article_is_a_draft(article_index, write):
    output = run_import(write("first.md", GOOD))

    article = ArticlePage.objects.get(slug="first-step")
    assert not article.live
    assert article.first_published_at == datetime(2026, 6, 10, tzinfo=TOKYO)
    assert "0 published" in output


def test_image_line_uses_the_library_image_by_title(article_index, write):
    image = ImageFactory(title="窓口の図", description="窓口に並ぶ人のイラスト")
    text = GOOD + '\n![](<窓口の図> "窓口の様子")\n'

    run_import(write("first.md", text), publish=True)

    block = ArticlePage.objects.get(slug="first-step").body[-1]
    assert block.block_type == "image"
    assert block.value["image"].pk == image.pk
    assert block.value["image"].contextual_alt_text == "窓口に並ぶ人のイラスト"
    assert block.value["caption"] == "窓口の様子"


def test_running_again_updates_the_same_article(article_index, write):
    path = write("first.md", GOOD)
    run_import(path, publish=True)
    page_id = ArticlePage.objects.get(slug="first-step").pk
    write(
        "first.md",
        GOOD.replace("title: 行政DXの第一歩は電子申請から", "title: 電子申請から始めよう"),
    )

    output = run_import(path, publish=True)

    article = ArticlePage.objects.get(slug="first-step")
    assert ArticlePage.objects.count() == 1
    assert article.pk == page_id
    assert article.title == "電子申請から始めよう"
    assert Author.objects.count() == 2
    assert "Articles: 0 created, 1 updated, 0 unchanged; 1 published." in output


def test_running_again_unchanged_adds_no_revision(article_index, write):
    path = write("first.md", GOOD)
    run_import(path, publish=True)
    revisions = ArticlePage.objects.get(slug="first-step").revisions.count()

    output = run_import(path, publish=True)

    assert ArticlePage.objects.get(slug="first-step").revisions.count() == revisions
    assert "Articles: 0 created, 0 updated, 1 unchanged; 0 published." in output


def test_script_and_raw_html_are_removed(article_index, write):
    text = GOOD + (
        '\n本文<script>alert("x")</script>です。<span onclick="steal()">続き</span>\n\n'
        '<iframe src="https://evil.example"></iframe>\n\n'
        "[リンク](javascript:alert(1))\n"
    )

    run_import(write("first.md", text), publish=True)

    html = ArticlePage.objects.get(slug="first-step").body[-1].value.source
    assert html == "<p>本文です。続き</p>\n<p><a>リンク</a></p>"


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("no-front-matter.md", "本文だけ\n", "The file must start with YAML front matter"),
        (
            "bad-yaml.md",
            GOOD.replace("tags: [行政DX, 電子申請]", "tags: [行政DX"),
            "The front matter is not valid YAML (line",
        ),
        (
            "missing.md",
            GOOD.replace("summary: まず電子申請から始める理由をまとめました。\n", ""),
            "Missing front matter: summary.",
        ),
        (
            "bad-date.md",
            GOOD.replace("date: 2026-06-10", "date: 6月10日"),
            "'date' '6月10日' is not a date: write it like 2026-06-10 or 2026-06-10 09:30.",
        ),
        (
            "impossible-date.md",
            GOOD.replace("date: 2026-06-10", "date: 2026-02-30"),
            "'date' '2026-02-30' is not a date: write it like 2026-06-10 or 2026-06-10 09:30.",
        ),
        (
            "bad-slug.md",
            GOOD.replace("slug: first-step", "slug: First Step"),
            "'slug' 'First Step' is not a valid slug",
        ),
        (
            "missing-image.md",
            GOOD + "\n![](<どこにもない画像>)\n",
            "Image どこにもない画像 is not in the image library",
        ),
    ],
)
def test_bad_file_is_named_and_nothing_is_imported(article_index, write, name, text, problem):
    good = write("good.md", GOOD.replace("first-step", "good-one"))
    bad = write(name, text)

    message = import_error(good, bad)

    assert message.startswith("Nothing was imported.\n")
    assert f"{bad}: {problem}" in message
    assert not ArticlePage.objects.exists()
    assert not Author.objects.exists()


def test_file_not_found_is_named(article_index, write, tmp_path):
    good = write("good.md", GOOD)

    message = import_error(good, tmp_path / "missing.md")

    assert f"{tmp_path / 'missing.md'}: File not found." in message
    assert not ArticlePage.objects.exists()


def test_non_utf8_file_is_named(article_index, write):
    bad = write("shift-jis.md", GOOD.replace("— ", "-- "), encoding="shift_jis")

    message = import_error(bad)

    assert f"{bad}: The file is not UTF-8 text" in message
    assert not ArticlePage.objects.exists()


def test_duplicate_slugs_across_files_are_refused(article_index, write):
    first = write("first.md", GOOD)
    second = write("second.md", GOOD)

    message = import_error(first, second)

    assert f"{second}: Slug first-step is also used by {first}." in message
    assert not ArticlePage.objects.exists()


def test_related_articles_link_by_slug(article_index, write):
    other = ArticlePageFactory(parent=article_index, slug="other")
    text = GOOD.replace("summary:", "related: [other]\nsummary:")

    run_import(write("first.md", text), publish=True)

    article = ArticlePage.objects.get(slug="first-step")
    assert [link.article for link in article.related.all()] == [other]


def test_no_article_index_is_a_clear_error(home_page, write):
    message = import_error(write("first.md", GOOD))

    assert "There is no published article index page." in message
