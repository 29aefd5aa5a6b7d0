"""The demo site `manage.py seed_demo` builds, seeded once for this module.

Seeding takes seconds (1,741 municipalities, images, responses, votes): the module seeds it in
a transaction rolled back after its last test, and each test's own changes roll back to a
savepoint as usual (pytest-django's `db`), so every test starts from the same fresh demo.
"""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

from api.models import ApiKey
from articles.models import ArticleIndexPage, ArticlePage, Author, ContactPage, HomePage
from community.consensus.report import consensus_report
from community.models import (
    Comment,
    CommentStatus,
    Like,
    OpinionVote,
    Region,
    Report,
    TopicPage,
    User,
)
from surveys.demo import DEMO_RESPONSES, SURVEY_SLUG
from surveys.demo_closed import MEMBER_RESPONSES, PAPER_RESPONSES, VISITOR_RESPONSES
from surveys.models import Response, SurveyIndexPage, SurveyPage
from surveys.selectors.published import published_url


def seed():
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def site_counts():
    return {
        "pages": Page.objects.count(),
        "live articles": ArticlePage.objects.live().count(),
        "revisions": Revision.objects.count(),
        "authors": Author.objects.count(),
        "images": Image.objects.count(),
        "users": User.objects.count(),
        "comments": Comment.objects.count(),
        "likes": Like.objects.count(),
        "reports": Report.objects.count(),
        "surveys": SurveyPage.objects.count(),
        "votes": OpinionVote.objects.count(),
        "regions": Region.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_seed_demo_builds_the_same_site_however_often_it_runs(demo, client):
    first = site_counts()
    editor = User.objects.get(email="editor@yoriai.example")
    editor.set_password("changed-since-the-last-run")
    editor.save()

    output = seed()

    assert site_counts() == first
    assert first["live articles"] >= 6
    assert first["comments"] >= 8
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 1
    assert Comment.objects.filter(reports__isnull=False).distinct().count() == 1
    assert "Articles: 0 created, 0 updated, 7 unchanged; 0 published." in output
    assert "editor@yoriai.example     yoriai-editor-demo" in output
    for email, password in [
        ("admin@yoriai.example", "yoriai-admin-demo"),
        ("editor@yoriai.example", "yoriai-editor-demo"),
        ("moderator@yoriai.example", "yoriai-moderator-demo"),
        ("analyst@yoriai.example", "yoriai-analyst-demo"),
        ("member@yoriai.example", "yoriai-member-demo"),
    ]:
        response = client.post("/accounts/login/", {"login": email, "password": password})
        assert response.status_code == 302, email
        assert response.wsgi_request.user.email == email
        client.logout()
    staff_names = User.objects.filter(is_staff=True).values_list("display_name", flat=True)
    assert sorted(staff_names) == [
        "運営スタッフ（アナリスト）",
        "運営スタッフ（イベント担当）",
        "運営スタッフ（モデレーター）",
        "運営スタッフ（回答担当）",
        "運営スタッフ（管理者）",
        "運営スタッフ（編集者）",
    ]


@pytest.mark.django_db
def test_seed_demo_lists_a_used_and_a_revoked_api_key(demo, client, settings):
    settings.STAFF_MFA_REQUIRED = False  # as in dev settings, where the demo runs
    client.force_login(User.objects.get(email="analyst@yoriai.example"))

    listed = client.get("/admin/api-keys/").content.decode()

    assert ApiKey.objects.filter(last_used_at__isnull=False, revoked_at=None).count() == 1
    assert ApiKey.objects.filter(revoked_at__isnull=False).count() == 1
    assert "有効" in listed and "取り消し済み" in listed


@pytest.mark.django_db
def test_seed_demo_site_is_live_and_reachable(demo, client):
    site = Site.objects.get(is_default_site=True)
    articles = ArticlePage.objects.live()
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "寄り合い"
    assert ArticleIndexPage.objects.live().get().slug == "articles"
    assert ContactPage.objects.live().get().to_address == "staff@yoriai.example"
    assert articles.filter(series_number=3).exists()
    assert {"私の仕事", "社員紹介", "行政DX", "地方創生"} <= {
        tag.name for article in articles for tag in article.tags.all()
    }
    # Rendering makes image renditions, which is slow: a few pages stand for the rest.
    sample = [articles.get(series_number=3).url, articles.get(slug="my-work-sato").url]
    for url in ["/", "/articles/", "/contact/", *sample]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_seed_demo_survey_is_open_and_ends_the_e_application_article(demo, client):
    survey = SurveyPage.objects.get(slug=SURVEY_SLUG)
    question_ids = [child.id for child in survey.questions]

    seed()

    survey.refresh_from_db()
    index = SurveyIndexPage.objects.live().get()
    assert (index.title, index.get_parent().specific_class) == ("アンケート", HomePage)
    assert survey.title == "行政手続きのオンライン化に関するアンケート"
    assert survey.live and survey.is_open()
    assert survey.one_question_per_screen
    assert [child.id for child in survey.questions] == question_ids
    types = [child.block_type for child in survey.questions]
    assert types.count("section") == 2
    assert len(types) - 2 >= 8
    assert {"single_choice", "multiple_choice", "rating", "nps", "matrix"} <= set(types)
    assert {"prefecture", "stakeholder_type", "long_text"} <= set(types)
    assert any(c.value.get("allow_other") for c in survey.questions if c.block_type != "section")
    assert Response.objects.real().filter(survey=survey).count() == DEMO_RESPONSES  # once

    article = ArticlePage.objects.get(slug="e-application-first-step")
    last = article.body[-1]
    assert (last.block_type, last.value["survey"].pk) == ("survey", survey.pk)
    assert survey.title in client.get(article.url).content.decode()
    assert survey.title in client.get(index.url).content.decode()


@pytest.mark.django_db
def test_seed_demo_publishes_a_closed_survey_as_open_data(demo, client):
    survey = SurveyPage.objects.get(slug="counter-satisfaction")
    texts = {child.value["text"] for child in survey.questions}
    free_text = next(c.value["text"] for c in survey.questions if c.block_type == "long_text")

    seed()

    responses = Response.objects.real().filter(survey=survey)
    listed = client.get("/api/v1/surveys/").json()["results"]
    detail = client.get(f"/api/v1/surveys/{survey.pk}/").json()
    opendata = BeautifulSoup(client.get("/opendata/").content, "html.parser")
    dataset = opendata.find("a", string=survey.title).find_parent("article")
    csv = client.get(f"/opendata/surveys/{survey.pk}.csv")
    assert survey.live and not survey.is_open() and survey.min_group_size == 5
    assert responses.count() == MEMBER_RESPONSES + VISITOR_RESPONSES + PAPER_RESPONSES  # once
    assert responses.exclude(member=None).count() == MEMBER_RESPONSES
    assert [row["id"] for row in listed] == [survey.pk]
    assert listed[0]["response_count"] == responses.count()
    published = {question["text"] for question in detail["questions"]}
    assert published == texts - {free_text}
    assert all(sum(f["count"] for f in q["figures"]) for q in detail["questions"] if q["figures"])
    files = [a["href"] for a in dataset.select(".opendata-dataset__files a")]
    assert [href.split("/opendata/")[-1] for href in files] == [
        f"surveys/{survey.pk}.csv",
        f"surveys/{survey.pk}.json",
    ]
    assert csv.status_code == 200 and free_text not in csv.getvalue().decode("utf-8-sig")
    assert client.get(published_url(survey)).status_code == 200


@pytest.mark.django_db
def test_seed_demo_links_the_accessibility_statement_from_every_footer(demo, client):
    footer = BeautifulSoup(client.get("/").content, "html.parser").select_one(".site-footer")
    link = footer.find("a", string="アクセシビリティ方針")
    statement = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    main = statement.select_one("main")
    assert link["href"] == "/accessibility/"
    assert main.h1.get_text(strip=True) == "アクセシビリティ方針"
    assert "JIS X 8341-3:2016 の適合レベル AA" in main.get_text()
    assert [h2.get_text(strip=True) for h2 in main.select("h2")][:6] == [
        "方針",
        "対象範囲",
        "確認の方法",
        "まだ確認できていないこと",
        "お気づきの点があれば",
        "制定日",
    ]
    assert main.find("a", string="お問い合わせページ")["href"] == "/contact/"


@pytest.mark.django_db
def test_the_demo_report_shows_every_kind_of_result_and_hides_small_groups(demo):
    topic = TopicPage.objects.get(slug="kakanai-madoguchi-shisho")

    report = consensus_report(topic=topic, minimum=5)

    categories = [opinion.category for opinion in report.opinions]
    assert sorted(categories) == ["consensus", "divided", "other", "too_few", "uncertain"]
    agreed = report.opinions[categories.index("consensus")]
    shown = {row.key for row in agreed.groups if not row.hidden}
    hidden = {row.key for row in agreed.groups if row.hidden}
    assert {"resident", "business", "municipal"} <= shown
    assert "student" in hidden  # 4 voters: fewer than the minimum of 5


@pytest.mark.django_db
def test_every_prefecture_offers_its_municipalities_with_their_codes(demo):
    assert Region.objects.exclude(code="").count() == 1741
    assert Region.objects.values("prefecture").distinct().count() == 47
    member = User.objects.get(email="member@yoriai.example")
    assert (member.region.code, member.region.name, member.region_name) == ("172022", "七尾市", "")


@pytest.mark.django_db
def test_the_demo_bus_topic_shows_its_three_opinion_groups_to_participants(demo, client):
    """The closed topic on the bus routes: its votes fall into the three camps of
    community.demo_groups, whose common ground (病院と駅を結ぶ便) is listed, published."""
    from community.consensus.groups.report import groups_report, latest_run

    topic = TopicPage.objects.get(slug="bus-routes-review")
    run = latest_run(topic=topic, published=True)

    assert run is not None and run.group_count == 3
    report = groups_report(topic=topic, run=run, minimum=5)
    response = client.get(topic.url)
    page = response.content.decode()
    assert "グループA" in page and "グループC" in page
    assert "病院と駅を結ぶ便は、どんな見直しでも残すべきです。" in str(report)
