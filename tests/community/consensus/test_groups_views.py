"""Opinion groups on the screens (community.views.opinion_groups, views.consensus): the staff
report's section 「投票から見えるグループ」, publishing it to participants after the topic
closes (who may, CSRF, only once closed), the topic page's published section, and that nobody's
position is marked for anyone but themself — whoever reads, however the page is cached."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import OpinionGroupRun, TopicClosure
from tests.community.consensus.group_runs import run_store
from tests.factories import (
    MemberFactory,
    OpinionFactory,
    StaffUserFactory,
    TOTPAuthenticatorFactory,
)

pytestmark = pytest.mark.django_db

HIGHLIGHT = 'class="chart-highlight"'


def _close(topic):
    TopicClosure.objects.create(topic=topic, conclusion="まとめ", conclusion_html="<p>まとめ</p>")
    topic.__dict__.pop("closure_or_none", None)


def _html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _report(client, topic):
    return _html(client.get(reverse("consensus:report", args=[topic.pk])))


def _publish(client, topic, action="publish"):
    return client.post(reverse("consensus:groups_publish", args=[topic.pk]), {"action": action})


@pytest.fixture
def grouped(topic):
    """A closed topic with a run of three groups (12, 8 and 3 people) and one opinion."""
    opinion = OpinionFactory(page=topic, body_source="窓口の予約をオンラインで")
    run, members = run_store(topic, [12, 8, 3], opinions=[opinion])
    _close(topic)
    return run, members


def test_before_any_run_the_report_says_so(client, topic, analyst):
    html = _report(client, topic)

    assert "投票から見えるグループ" in html
    assert "まだグループを計算していません。" in html


def test_without_structure_the_report_says_so(client, topic, analyst):
    run_store(topic, [6, 6], group_count=0)

    html = _report(client, topic)

    assert "はっきりしたグループは見つかりませんでした。" in html
    assert "グループA" not in html


def test_the_report_shows_groups_opinions_chart_and_table(client, topic, grouped, analyst):
    html = _report(client, topic)

    assert "1,234票から計算しました" in html and "位置を求めた参加者 23人" in html
    assert "すべてのグループに共通する意見" in html and "どのグループでも74%以上が賛成" in html
    assert (
        "グループA" in html and "12人" in html and "グループ内の80%が賛成（ほかの人は20%）" in html
    )
    # B (8) is withheld with C (3), which is not described at all
    assert "—人" in html and "5人未満のため、内容は表示しません。" in html
    assert 'aria-describedby="chart-' in html and "aria-describedby" in html
    assert "投票による参加者の位置" in html and "グループと人数、中心の位置" in html
    assert "-1.00, 0.50" in html  # A's centre in the table
    assert HIGHLIGHT not in html  # the analyst has no position
    assert "参加者に公開する" in html


def test_the_chart_draws_only_dots_of_shown_groups_and_no_names(client, topic, grouped, analyst):
    _run, members = grouped

    html = _report(client, topic)
    dots = re.search(r'<path d="([^"]*)" stroke="currentColor" stroke-opacity', html)[1]

    assert dots.count("h0") == 12  # A's only: B's and C's dots would count them
    for group in members.values():
        for member in group:
            assert member.email not in html and member.username not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Editors", 403),
        ("Analysts", 302),
        ("Moderators", 302),
        ("superuser", 302),
    ],
)
def test_who_may_publish_the_groups(client, topic, grouped, role, status):
    if role == "member":
        client.force_login(MemberFactory(email_verified=True))
    elif role == "superuser":
        client.force_login(StaffUserFactory(is_superuser=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))

    response = _publish(client, topic)

    assert response.status_code == status
    published = OpinionGroupRun.objects.filter(published_at__isnull=False).exists()
    if role in ("anonymous", "member"):
        assert response["Location"].startswith(reverse("account_login"))
    assert published == (role in ("Analysts", "Moderators", "superuser"))


def test_publishing_is_a_post_with_its_csrf_token(topic, grouped):
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffUserFactory(groups=["Analysts"]))

    assert client.get(reverse("consensus:groups_publish", args=[topic.pk])).status_code == 405
    assert _publish(client, topic).status_code == 403
    assert not OpinionGroupRun.objects.filter(published_at__isnull=False).exists()


def test_groups_are_published_only_once_the_topic_is_closed(client, topic, analyst):
    run, _members = run_store(topic, [6, 6])

    html = _report(client, topic)
    assert "意見交換を終了すると、このグループを参加者に公開できます。" in html
    assert "参加者に公開する" not in html

    response = _publish(client, topic)
    run.refresh_from_db()
    assert response.status_code == 302 and run.published_at is None
    html = _html(client.get(response["Location"]))
    assert "投票から見えるグループは、意見交換を終了してから公開できます。" in html


def test_publish_and_unpublish_move_the_groups_on_and_off_the_topic_page(
    client, topic, grouped, analyst
):
    visitor = Client()
    assert "投票から見えるグループ" not in _html(visitor.get(topic.url))

    response = _publish(client, topic)
    assert response["Location"].endswith("#opinion-groups")
    assert "公開をやめる" in _report(client, topic)
    assert "投票から見えるグループ" in _html(visitor.get(topic.url))

    _publish(client, topic, "unpublish")
    assert "投票から見えるグループ" not in _html(visitor.get(topic.url))
    assert "参加者に公開する" in _report(client, topic)


def test_publishing_again_publishes_the_latest_run_only(client, topic, grouped, analyst):
    first, _members = grouped
    _publish(client, topic)
    latest, _members = run_store(topic, [7, 7])

    _publish(client, topic)

    first.refresh_from_db()
    latest.refresh_from_db()
    assert first.published_at is None and latest.published_at is not None


def test_nobody_sees_another_members_position_on_the_topic_page(client, topic, grouped):
    run, members = grouped
    run.published_at = timezone.now()
    run.save()
    member_b = members[1][0]

    anonymous = _html(Client().get(topic.url))
    reader = Client()
    reader.force_login(MemberFactory(email_verified=True))
    other = Client()
    other.force_login(members[0][0])
    staff = Client()
    staff.force_login(StaffUserFactory(groups=["Analysts", "Moderators"]))
    own = Client()
    own.force_login(member_b)

    for html in (anonymous, _html(reader.get(topic.url)), _html(staff.get(topic.url))):
        assert "投票から見えるグループ" in html
        assert HIGHLIGHT not in html and "あなたはグループ" not in html
    other_html = _html(other.get(topic.url))
    assert other_html.count(HIGHLIGHT) == 1 and "あなたはグループAです" in other_html
    own_html = _html(own.get(topic.url))
    assert own_html.count(HIGHLIGHT) == 1 and "あなたはグループBです" in own_html
    # and the visitors' cached copy, read after the members, still marks nobody
    response = Client().get(topic.url)
    assert response["X-Page-Cache"] == "hit" and HIGHLIGHT not in _html(response)


def test_a_member_too_little_voted_is_told_so(client, topic):
    run, _members = run_store(topic, [6, 6], unplaced=1, published_at=timezone.now())
    _close(topic)
    client.force_login(run.positions.get(group_index=None).member)

    html = _html(client.get(topic.url))

    assert "投票した意見が少ないため、グループには入っていません。" in html
    assert HIGHLIGHT in html  # their own dot, even unplaced in a group


def test_the_staff_report_marks_only_the_staff_members_own_position(client, topic, grouped):
    _run, members = grouped
    staff = members[0][0]
    staff.is_staff = True
    staff.save()
    staff.groups.add(Group.objects.get(name="Analysts"))
    TOTPAuthenticatorFactory(user=staff)
    client.force_login(staff)

    html = _report(client, topic)

    assert html.count(HIGHLIGHT) == 1 and "あなたはグループAです" in html


def test_the_excel_export_has_the_groups_summary_without_identities(
    client, topic, grouped, analyst
):
    _run, members = grouped
    response = client.get(reverse("consensus:opinions_xlsx", args=[topic.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    sheet = workbook["投票から見えるグループ"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "グループ",
        "人数",
        "意見ID",
        "投票",
        "グループ内の割合（%）",
        "ほかの人の割合（%）",
    ]
    labels = {row[0]: row[1] for row in rows[1:]}
    assert labels == {"すべてのグループ": None, "グループA": 12, "グループB": "—", "グループC": "—"}
    everyone = {m.username for group in members.values() for m in group}
    assert not everyone & {str(cell) for row in rows for cell in row}
