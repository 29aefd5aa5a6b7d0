"""Opinion exchanges on the public site: the 意見交換 list, a topic's page with its opinions,
stances, votes and sorts, the vote endpoint, and where topics show up elsewhere (articles, the
home page, search). Japanese is what a visitor sees at the plain URLs."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import Comment, OpinionVote, Stance, TopicClosure, TopicPageRelatedArticle
from tests.factories import (
    ArticlePageFactory,
    MemberFactory,
    OpinionFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    established_member,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def topic_index(home_page):
    return TopicIndexPageFactory(parent=home_page, intro="<p>地域の課題を話し合う場です。</p>")


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index, title="書かない窓口を広げるか")


def _html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _closed(topic, conclusion="支所への展開は来年度から段階的に進めます。"):
    return TopicClosure.objects.create(
        topic=topic, conclusion=conclusion, conclusion_html=f"<p>{conclusion}</p>"
    )


def _vote(opinion, choice, *, member=None):
    """A vote as the service leaves it: the row and the opinion's counter."""
    OpinionVote.objects.create(
        opinion=opinion, member=member or established_member(), choice=choice
    )
    field = {"agree": "agree_count", "disagree": "disagree_count", "pass": "pass_count"}[choice]
    Comment.objects.filter(pk=opinion.pk).update(**{field: getattr(opinion, field) + 1})
    opinion.refresh_from_db()


def _vote_block(html, opinion):
    """The opinion's vote block (opinion_vote.html)."""
    match = re.search(
        rf'<div class="opinion-vote" id="opinion-vote-{opinion.pk}">(.*?)\n</div>', html, re.S
    )
    assert match, f"no vote block for opinion {opinion.pk}"
    return match.group(1)


def _order(html, opinions):
    return sorted(opinions, key=lambda opinion: html.index(f'id="comment-{opinion.pk}"'))


# --- The 意見交換 list -------------------------------------------------------------------------


def test_the_list_shows_open_topics_first_then_upcoming_then_ended_with_badges(client, topic_index):
    now = timezone.now()
    closed = TopicPageFactory(parent=topic_index, title="閉じたテーマ")
    _closed(closed)
    ended = TopicPageFactory(
        parent=topic_index, title="期限切れのテーマ", ends_at=now - timedelta(days=1)
    )
    upcoming = TopicPageFactory(
        parent=topic_index, title="これからのテーマ", starts_at=now + timedelta(days=1)
    )
    open_topic = TopicPageFactory(
        parent=topic_index, title="受付中のテーマ", first_published_at=now - timedelta(days=9)
    )
    OpinionFactory(page=open_topic)
    OpinionFactory(page=open_topic, stance=Stance.DISAGREE)
    opinion = OpinionFactory(page=open_topic)
    OpinionFactory(page=open_topic, parent=opinion, stance="")  # a reply is no opinion

    html = _html(client.get(topic_index.url))

    assert '<h1 class="page-title">意見交換</h1>' in html
    assert "地域の課題を話し合う場です。" in html
    titles = [open_topic.title, upcoming.title, ended.title, closed.title]
    assert sorted(titles, key=html.index) == titles
    assert html.index("受付中の意見交換") < html.index(open_topic.title)
    assert html.index("終了した意見交換") < html.index(ended.title)
    for topic, badge in [
        (open_topic, "受付中"),
        (upcoming, "受付前"),
        (ended, "受付終了"),
        (closed, "終了・まとめあり"),
    ]:
        assert f'">{badge}</span>' in _card(html, topic.title)
    assert "意見 3件" in _card(html, open_topic.title)
    assert "書かない窓口を全ての支所に広げるべきでしょうか。" in _card(html, open_topic.title)


def _card(html, title):
    at = html.index(title)
    return html[
        html.rindex('<article class="card topic-card', 0, at) : html.index("</article>", at)
    ]


def test_the_list_has_pages_of_twelve(client, topic_index):
    for number in range(13):
        TopicPageFactory(parent=topic_index, title=f"テーマ{number:02d}")

    first = _html(client.get(topic_index.url))
    second = _html(client.get(f"{topic_index.url}?page=2"))

    assert first.count('class="card topic-card') == 12
    assert second.count('class="card topic-card') == 1
    assert 'rel="next"' in first


def test_the_list_in_english(client, topic_index, topic):
    html = _html(client.get(f"/en{topic_index.url}"))

    assert "Taking opinions now" in html
    assert "Taking opinions</span>" in html
    assert "0 opinions" in html


# --- A topic's page --------------------------------------------------------------------------


def test_a_topic_shows_question_background_period_articles_and_opinions(
    client, topic, article_index
):
    article = ArticlePageFactory(parent=article_index, title="書かない窓口の一年")
    TopicPageRelatedArticle.objects.create(topic=topic, article=article)
    topic.starts_at = timezone.now() - timedelta(days=1)
    topic.ends_at = timezone.now() + timedelta(days=30)
    topic.save()
    OpinionFactory(page=topic, body_html="<p>支所にも必要です。</p>")

    html = _html(client.get(topic.url))

    assert f'<h1 class="topic__title">{topic.title}</h1>' in html
    assert (
        '<p class="topic__question-text">書かない窓口を全ての支所に広げるべきでしょうか。</p>'
        in html
    )
    assert "本庁で始めた書かない窓口の利用が増えています。" in html
    assert "受付中" in html and "意見の受付：" in html
    assert f'<a href="{article.url}">書かない窓口の一年</a>' in html
    assert '意見 <span class="comments__count">(1)</span>' in html
    badge = '<span class="stance-badge stance-badge--agree"><span class="visually-hidden">'
    assert f"{badge}立場：" in html
    assert "支所にも必要です。" in html
    assert "まとめ" not in html


def test_a_closed_topic_pins_its_summary_on_top_and_is_read_only(client, topic, member):
    opinion = OpinionFactory(page=topic, agree_count=2, disagree_count=1, pass_count=1)
    _closed(topic)
    client.force_login(member)

    html = _html(client.get(topic.url))

    assert html.index('class="topic-conclusion"') < html.index("topic__question-text")
    assert "<p>支所への展開は来年度から段階的に進めます。</p>" in html
    assert "終了・まとめあり" in html
    assert "この意見交換は現在、意見と投票を受け付けていません。" in html
    assert reverse("community:comment_post", args=[topic.pk]) not in html
    block = _vote_block(html, opinion)
    assert "<button" not in block
    assert '賛成 2 <span class="opinion-vote__percent">(50%)</span>' in block
    assert '反対 1 <span class="opinion-vote__percent">(25%)</span>' in block
    assert "計4票" in block
    assert reverse("community:comment_like", args=[opinion.pk]) not in html
    assert "?reply_to=" not in html


def test_an_ended_topic_shows_counts_and_no_forms(client, topic):
    topic.ends_at = timezone.now() - timedelta(hours=1)
    topic.starts_at = timezone.now() - timedelta(days=10)
    topic.save()
    opinion = OpinionFactory(page=topic, agree_count=1)

    html = _html(client.get(topic.url))

    assert "受付終了" in html
    assert "賛成 1" in _vote_block(html, opinion)
    assert "ログインして" not in _vote_block(html, opinion)


# --- Posting an opinion ----------------------------------------------------------------------


def test_the_form_asks_for_a_stance_in_a_fieldset(member_client, topic):
    html = _html(member_client.get(topic.url))

    assert '<fieldset id="id_stance" tabindex="-1">' in html
    assert "この問いについて、あなたの立場は？" in html
    for value, label in [("agree", "賛成"), ("neutral", "中立"), ("disagree", "反対")]:
        assert f'value="{value}"' in html and label in html
    assert '>あなたの意見 <span class="form-field__required">' not in html
    assert '<label class="form-field__label" for="id_body">あなたの意見</label>' in html
    assert "意見を投稿する</button>" in html


def test_an_opinion_without_a_stance_is_refused_with_its_text_kept(member_client, topic):
    url = reverse("community:comment_post", args=[topic.pk])

    response = member_client.post(url, {"body": "支所でも使いたいです。"})
    html = response.content.decode()

    assert response.status_code == 400
    assert '<h1 class="page-title">意見を投稿する</h1>' in html
    assert "意見交換に戻る</a>" in html
    assert "賛成・中立・反対のどれかを選んでください。" in html
    assert '<a href="#id_stance">あなたの立場：' in html
    assert "支所でも使いたいです。" in html
    assert not Comment.objects.exists()

    htmx = member_client.post(url, {"body": "支所でも使いたいです。"}, **HTMX)
    assert htmx.status_code == 200
    assert htmx["HX-Retarget"] == "#comment-form"
    assert "賛成・中立・反対のどれかを選んでください。" in htmx.content.decode()
    assert "支所でも使いたいです。" in htmx.content.decode()


def test_an_opinion_with_a_stance_is_posted(member_client, topic):
    url = reverse("community:comment_post", args=[topic.pk])

    response = member_client.post(url, {"body": "段階的に広げましょう。", "stance": "neutral"})

    opinion = Comment.objects.get()
    assert (opinion.stance, opinion.depth) == ("neutral", 1)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?sort=oldest&posted={opinion.pk}#comment-{opinion.pk}")
    html = _html(member_client.get(response["Location"]))
    assert "stance-badge--neutral" in html
    assert "意見を投稿しました。" in html and "コメントを投稿しました。" not in html


def test_a_reply_to_an_opinion_is_announced_as_a_reply(member_client, topic):
    opinion = OpinionFactory(page=topic)
    url = reverse("community:comment_post", args=[topic.pk])

    response = member_client.post(url, {"body": "同感です。", "parent": opinion.pk})

    html = _html(member_client.get(response["Location"]))
    assert "返信を投稿しました。" in html and "意見を投稿しました。" not in html


def test_an_edited_opinion_is_saved_as_an_opinion(member_client, topic):
    opinion = Comment.objects.get(
        pk=member_client.post(
            reverse("community:comment_post", args=[topic.pk]),
            {"body": "段階的に広げましょう。", "stance": "agree"},
        )["Location"].rsplit("comment-", 1)[1]
    )

    response = member_client.post(
        reverse("community:comment_edit", args=[opinion.pk]),
        {"body": "段階的に広げるのがよいと思います。"},
        follow=True,
    )

    assert "意見を保存しました。" in _html(response)


def test_a_reply_needs_no_stance(member_client, topic):
    opinion = OpinionFactory(page=topic)
    url = reverse("community:comment_post", args=[topic.pk])

    response = member_client.post(url, {"body": "同感です。", "parent": opinion.pk})

    assert response.status_code == 302
    assert Comment.objects.get(parent=opinion).stance == ""
    html = _html(member_client.get(f"{topic.url}?reply_to={opinion.pk}"))
    assert 'id="id_stance"' not in html


def test_anonymous_readers_are_asked_to_sign_in(client, topic):
    opinion = OpinionFactory(page=topic)

    html = _html(client.get(topic.url))

    assert "ログインすると、意見を投稿し、ほかの人の意見に投票できます。" in html
    block = _vote_block(html, opinion)
    assert "<button" not in block
    assert f"?next={topic.url}%23comment-{opinion.pk}" in block
    assert "投票すると集計が表示されます。" in block


# --- Votes and their counts ------------------------------------------------------------------


def test_counts_show_only_after_the_viewer_voted(member_client, member, topic):
    opinion = OpinionFactory(page=topic, agree_count=3, disagree_count=1)

    before = _vote_block(_html(member_client.get(topic.url)), opinion)
    _vote(opinion, "disagree", member=member)
    after = _vote_block(_html(member_client.get(topic.url)), opinion)

    assert "賛成 3" not in before and "投票すると集計が表示されます。" in before
    assert before.count('aria-pressed="false"') == 3
    assert 'value="disagree" aria-pressed="true"' in after
    assert after.count('aria-pressed="false"') == 2
    assert "あなたの投票（変更できます）：" in after
    assert '賛成 3 <span class="opinion-vote__percent">(60%)</span>' in after
    assert '反対 2 <span class="opinion-vote__percent">(40%)</span>' in after
    assert 'パス 0 <span class="opinion-vote__percent">(0%)</span>' in after


def test_counts_show_always_when_the_topic_says_so(client, topic):
    topic.vote_counts_shown = "always"
    topic.save()
    opinion = OpinionFactory(page=topic, agree_count=1, pass_count=2)

    block = _vote_block(_html(client.get(topic.url)), opinion)

    assert '賛成 1 <span class="opinion-vote__percent">(33%)</span>' in block
    assert 'パス 2 <span class="opinion-vote__percent">(67%)</span>' in block


def test_the_author_sees_the_counts_of_their_own_opinion_and_no_buttons(
    member_client, member, topic
):
    own = OpinionFactory(page=topic, author=member, agree_count=2)
    other = OpinionFactory(page=topic, agree_count=5)

    html = _html(member_client.get(topic.url))

    assert "<button" not in _vote_block(html, own)
    assert "賛成 2" in _vote_block(html, own)
    assert "賛成 5" not in _vote_block(html, other)


# --- Sorts and layout ------------------------------------------------------------------------


@pytest.fixture
def scored(topic):
    """Four opinions, oldest first; (agree, disagree, pass) chosen so that each sort differs:
    most agreed c, a, d, b; most divisive (smaller of agree and disagree, then all votes) b
    (3; 7), d (3; 6), a (1; 6), c (0; 9). The topic shows its counts to everyone."""
    topic.vote_counts_shown = "always"
    topic.save()
    now = timezone.now()
    figures = {"a": (5, 1, 0), "b": (3, 4, 0), "c": (9, 0, 0), "d": (3, 3, 0)}
    return {
        name: OpinionFactory(
            page=topic,
            agree_count=agree,
            disagree_count=disagree,
            pass_count=passed,
            created_at=now - timedelta(hours=10 - number),
        )
        for number, (name, (agree, disagree, passed)) in enumerate(figures.items())
    }


def test_topics_offer_newest_agreed_divisive_and_oldest(client, topic, scored):
    html = _html(client.get(topic.url))
    nav = html[
        html.index('class="comments__sort"') : html.index("</nav>", html.index("comments__sort"))
    ]

    labels = ["新しい順", "賛成が多い順", "意見が分かれている順", "古い順"]
    assert sorted(labels, key=nav.index) == labels
    assert 'aria-current="page">新しい順</a>' in nav
    assert "スキが多い順" not in nav
    a, b, c, d = scored.values()
    assert _order(html, [a, b, c, d]) == [d, c, b, a]


def test_sorting_by_votes_is_not_offered_while_the_counts_are_hidden(client, topic, scored):
    topic.vote_counts_shown = "after_vote"
    topic.save()
    a, b, c, d = scored.values()

    html = _html(client.get(f"{topic.url}?sort=agreed"))

    assert "賛成が多い順" not in html and "意見が分かれている順" not in html
    assert 'aria-current="page">新しい順</a>' in html
    assert _order(html, [a, b, c, d]) == [d, c, b, a]


def test_most_agreed_first(client, topic, scored):
    a, b, c, d = scored.values()

    html = _html(client.get(f"{topic.url}?sort=agreed"))

    assert _order(html, [a, b, c, d]) == [c, a, d, b]


def test_most_divisive_first(client, topic, scored):
    a, b, c, d = scored.values()

    html = _html(client.get(f"{topic.url}?sort=divisive"))

    assert _order(html, [a, b, c, d]) == [b, d, a, c]


def test_articles_keep_their_own_sorts(client, article_index):
    article = ArticlePageFactory(parent=article_index)
    OpinionFactory(page=article, stance="")

    html = _html(client.get(f"{article.url}?sort=divisive"))

    assert "意見が分かれている順" not in html
    assert 'aria-current="page">古い順</a>' in html


def test_the_two_column_layout_puts_for_and_against_side_by_side(client, topic):
    topic.layout = "columns"
    topic.save()
    agree = OpinionFactory(page=topic, stance=Stance.AGREE)
    disagree = OpinionFactory(page=topic, stance=Stance.DISAGREE)
    neutral = OpinionFactory(page=topic, stance=Stance.NEUTRAL)

    html = _html(client.get(topic.url))

    assert 'class="comments opinions container opinions--columns"' in html
    columns = html.index('<div class="opinion-columns">')
    for_column = html.index('id="opinions-agree-heading"')
    against_column = html.index('id="opinions-disagree-heading"')
    others = html.index('id="opinions-others-heading"')
    assert columns < for_column < html.index(f'id="comment-{agree.pk}"') < against_column
    assert against_column < html.index(f'id="comment-{disagree.pk}"') < others
    assert others < html.index(f'id="comment-{neutral.pk}"')
    assert "賛成の意見 <span" in html and "反対の意見 <span" in html
    assert "中立・その他の意見 <span" in html


# --- The vote endpoint -----------------------------------------------------------------------


def _vote_url(opinion):
    return reverse("community:opinion_vote", args=[opinion.pk])


def test_voting_records_the_vote_and_returns_to_the_opinion(member_client, member, topic):
    opinion = OpinionFactory(page=topic)

    response = member_client.post(_vote_url(opinion), {"choice": "agree"})

    assert response.status_code == 302
    assert response["Location"] == f"{topic.url}?sort=oldest#comment-{opinion.pk}"
    assert OpinionVote.objects.get().choice == "agree"
    opinion.refresh_from_db()
    assert opinion.agree_count == 1


def test_htmx_gets_the_vote_buttons_with_the_counts(member_client, topic):
    opinion = OpinionFactory(page=topic, disagree_count=1)

    response = member_client.post(_vote_url(opinion), {"choice": "agree"}, **HTMX)
    html = _html(response)

    assert html.strip().startswith(f'<div class="opinion-vote" id="opinion-vote-{opinion.pk}">')
    assert 'value="agree" aria-pressed="true"' in html
    assert '賛成 1 <span class="opinion-vote__percent">(50%)</span>' in html
    assert "<html" not in html


def test_the_vote_endpoint_takes_only_posts_from_members_with_the_csrf_token(client, member, topic):
    opinion = OpinionFactory(page=topic)

    anonymous = client.post(_vote_url(opinion), {"choice": "agree"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    client.force_login(member)
    assert client.get(_vote_url(opinion)).status_code == 405

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(_vote_url(opinion), {"choice": "agree"}).status_code == 403
    assert not OpinionVote.objects.exists()


@pytest.mark.parametrize(
    ("actor", "method", "expected"),
    [
        ("anonymous", "GET", "login"),
        ("anonymous", "POST", "login"),
        ("unverified", "GET", 405),
        ("unverified", "POST", "confirm e-mail"),
        ("member", "GET", 405),
        ("member", "POST", "voted"),
        ("author", "POST", "refused"),
        ("moderator", "POST", "voted"),
    ],
)
def test_the_vote_endpoint_for_every_kind_of_visitor(client, topic, actor, method, expected):
    opinion = OpinionFactory(page=topic, author=established_member())
    users = {
        "unverified": MemberFactory,
        "member": established_member,
        "author": lambda: opinion.author,
        "moderator": lambda: StaffUserFactory(groups=["Moderators"]),
    }
    if actor != "anonymous":
        client.force_login(users[actor]())
    url = _vote_url(opinion)

    send = client.get if method == "GET" else client.post
    response = send(url, {"choice": "pass"} if method == "POST" else None)

    if isinstance(expected, int):
        assert response.status_code == expected
    else:
        assert response.status_code == 302
        where = {
            "login": f"{reverse('account_login')}?next={url}",
            "confirm e-mail": reverse("account_email"),
        }.get(expected, f"{topic.url}?sort=oldest#comment-{opinion.pk}")
        assert response["Location"] == where
    assert OpinionVote.objects.exists() == (expected == "voted")


def test_a_vote_on_ones_own_opinion_is_refused_in_japanese(member_client, member, topic):
    opinion = OpinionFactory(page=topic, author=member)

    response = member_client.post(_vote_url(opinion), {"choice": "agree"}, follow=True)

    assert "自分の意見には投票できません。" in response.content.decode()
    assert not OpinionVote.objects.exists()


def test_a_vote_on_a_closed_topic_is_refused_in_the_htmx_answer(member_client, topic):
    opinion = OpinionFactory(page=topic, agree_count=1)
    _closed(topic)

    html = _html(member_client.post(_vote_url(opinion), {"choice": "agree"}, **HTMX))

    assert 'role="alert">この意見交換は終了したため、投票や投票の変更はできません。</p>' in html
    assert "<button" not in html and "賛成 1" in html
    assert not OpinionVote.objects.exists()


def test_too_many_votes_are_a_wait_not_an_error(member_client, topic, settings):
    """Past the address's vote limit, htmx gets the buttons with 「あと…秒」 as a wait (a
    status notice inside the form, whose buttons site.js keeps unusable until it is over),
    in the words of votes, not comments; without htmx it comes back as a warning."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (1, 60)}
    first, second = OpinionFactory(page=topic), OpinionFactory(page=topic)
    member_client.post(_vote_url(first), {"choice": "agree"})

    html = _html(member_client.post(_vote_url(second), {"choice": "agree"}, **HTMX))

    assert re.search(r'class="notice notice--warning comment-wait" role="status"', html)
    assert re.search(r"次に投票できるまで、あと\d+秒お待ちください。", html)
    assert 'data-template-other="次に投票できるまで、あと{seconds}秒お待ちください。"' in html
    assert 'data-done="投票できるようになりました。"' in html
    assert html.index("comment-wait") > html.index("<form")  # its buttons wait with it
    assert 'role="alert"' not in html and "コメント" not in html
    assert OpinionVote.objects.count() == 1

    response = member_client.post(_vote_url(second), {"choice": "agree"}, follow=True)
    assert re.search(r'<li class="notice notice--warning">次に投票できるまで', _html(response))


def test_comments_on_articles_cannot_be_voted_on(member_client, article_index):
    comment = OpinionFactory(page=ArticlePageFactory(parent=article_index), stance="")

    assert member_client.post(_vote_url(comment), {"choice": "agree"}).status_code == 404


# --- Elsewhere: articles, the home page, search ----------------------------------------------


def test_an_article_invites_to_its_topics_before_the_comments(client, topic, article_index):
    article = ArticlePageFactory(parent=article_index)
    TopicPageRelatedArticle.objects.create(topic=topic, article=article)
    closed = TopicPageFactory(parent=topic.get_parent(), title="終わったテーマ")
    TopicPageRelatedArticle.objects.create(topic=closed, article=article)
    _closed(closed)
    TopicPageFactory(parent=topic.get_parent(), title="関係のないテーマ")

    html = _html(client.get(article.url))

    invite = html.index('class="topic-invite')
    assert invite < html.index('id="comments"')
    assert (
        f'<a class="button button--primary" href="{topic.url}">この記事について意見交換する' in html
    )
    assert f'href="{closed.url}">意見交換を見る' in html
    assert html.index(topic.url) < html.index(closed.url)
    assert "関係のないテーマ" not in html


def test_an_article_without_a_topic_has_no_invitation(client, article_index):
    html = _html(client.get(ArticlePageFactory(parent=article_index).url))

    assert "topic-invite" not in html


def test_the_home_page_lists_up_to_three_open_topics(client, home_page, topic_index):
    now = timezone.now()
    topics = [
        TopicPageFactory(
            parent=topic_index, title=f"受付中{n}", first_published_at=now - timedelta(days=n)
        )
        for n in range(4)
    ]
    _closed(TopicPageFactory(parent=topic_index, title="終了したテーマ"))

    html = _html(client.get("/"))

    assert "受付中の意見交換" in html
    assert [t.title for t in topics[:3]] == sorted((t.title for t in topics[:3]), key=html.index)
    assert "受付中3" not in html and "終了したテーマ" not in html
    assert f'<a class="button" href="{topic_index.url}">意見交換の一覧' in html


def test_the_home_page_has_no_topic_section_without_open_topics(client, home_page):
    assert "受付中の意見交換" not in _html(client.get("/"))


def test_search_finds_a_topic_by_a_word_in_its_question(client, topic):
    html = _html(client.get("/search/?q=支所"))

    assert '<span class="search-result__kind">意見交換</span>' in html
    assert topic.title in html


def test_a_topic_page_costs_the_same_queries_however_many_opinions_and_votes(member_client, topic):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def opinions(count):
        for _ in range(count):
            opinion = OpinionFactory(page=topic)
            OpinionFactory(page=topic, parent=opinion, stance="")
            _vote(opinion, "agree")

    opinions(1)
    member_client.get(topic.url)  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        _html(member_client.get(topic.url))
    opinions(5)
    with CaptureQueriesContext(connection) as many:
        _html(member_client.get(topic.url))

    assert len(many) == len(few)


def test_a_topic_in_english(client, topic):
    topic.vote_counts_shown = "always"
    topic.save()
    OpinionFactory(page=topic, stance=Stance.DISAGREE)

    html = _html(client.get(f"/en{topic.url}"))

    assert "The question" in html and "Opinions" in html
    assert "Against</span>" in html
    assert "Sign in to vote on this opinion" in html
    assert "Most divisive" in html
