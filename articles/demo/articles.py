"""The demo articles: their authors with portraits, the pictures they name, the articles
themselves (articles/demo_content/, imported and published) and those featured on the home
page."""

import hashlib
from pathlib import Path

from ..blocks import SURVEY_LEAD_DEFAULT
from ..demo_art import abstract_picture, portrait_picture
from ..importing.sources import article_source_read
from ..services.articles import articles_import
from ..services.authors import author_get_or_create, author_profile_update
from ..services.images import image_get_or_create
from ..services.site import home_featured_set
from .easy import demo_easy_article_build

DEMO_CONTENT_DIR = Path(__file__).resolve().parent.parent / "demo_content"
FEATURED_SLUGS = ["e-application-first-step", "madoguchi-dx-1", "my-number-card-adoption"]
SURVEY_ARTICLE_SLUG = "e-application-first-step"  # ends with the demo survey (surveys.demo)

AUTHORS = [
    {
        "name": "佐藤 美咲",
        "job_title": "課長",
        "department": "地方創生推進部",
        "bio": "入社以来十二年、全国の自治体と地域の事業者をつなぐ仕事をしています。"
        "最初の打ち合わせは必ず現地で、がモットーです。",
    },
    {
        "name": "田中 健一",
        "job_title": "主任",
        "department": "デジタル行政支援部",
        "bio": "電子申請とマイナンバーカードを使ったオンライン手続きの導入を支援しています。"
        "休日は地元の公民館でスマートフォン教室の講師をしています。",
    },
    {
        "name": "高橋 由紀",
        "job_title": "主任",
        "department": "地域共創推進室",
        "bio": "社員紹介「私の仕事」の取材と、このサイトの運営を担当しています。"
        "地域の方の声を記事にするのが好きです。",
    },
]


def demo_authors_build():
    """The three authors with their profiles and portrait pictures."""
    authors = []
    for profile in AUTHORS:
        photo = image_get_or_create(
            title=f"{profile['name']}の写真",
            file_name=_file_name("author", profile["name"]),
            picture=lambda name=profile["name"]: portrait_picture(name=name),
        )
        author = author_get_or_create(name=profile["name"])
        authors.append(
            author_profile_update(
                author=author,
                job_title=profile["job_title"],
                department=profile["department"],
                bio=profile["bio"],
                photo=photo,
            )
        )
    return authors


def demo_article_paths():
    return sorted(DEMO_CONTENT_DIR.glob("*.md"))


def demo_images_build(paths):
    """Every picture the demo articles name (header and body images), drawn once each."""
    titles = []
    for path in paths:
        titles += [t for t in article_source_read(path).image_titles if t not in titles]
    return [
        image_get_or_create(
            title=title,
            file_name=_file_name("article", title),
            picture=lambda title=title, variant=variant: abstract_picture(
                title=title, variant=variant
            ),
        )
        for variant, title in enumerate(titles)
    ]


def demo_articles_build(*, home, paths, survey=None):
    """Import the demo articles (published) and feature some of them on the home page;
    `survey` (a SurveyPage) is invited to at the end of SURVEY_ARTICLE_SLUG, which also has a
    やさしい日本語 version (articles.demo.easy)."""
    appended = {SURVEY_ARTICLE_SLUG: [survey_embed_block(survey)]} if survey else {}
    results = articles_import(paths=paths, publish=True, appended_blocks=appended)
    by_slug = {result.page.slug: result.page for result in results}
    home_featured_set(home=home, articles=[by_slug[slug] for slug in FEATURED_SLUGS])
    demo_easy_article_build(article=by_slug[SURVEY_ARTICLE_SLUG], survey=survey)
    return results


def survey_embed_block(survey):
    """The article block 「アンケート」 for `survey`, as raw stream data (all its fields, so
    that a re-import compares it equal)."""
    return {
        "type": "survey",
        "value": {"survey": survey.pk, "lead": SURVEY_LEAD_DEFAULT, "display": "auto"},
    }


def _file_name(kind, title):
    digest = hashlib.sha256(title.encode()).hexdigest()[:12]
    return f"yoriai-demo-{kind}-{digest}.jpg"
