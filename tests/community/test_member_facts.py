"""What a comment section keeps of members' accounts with rendered pages' fragments on
(community.selectors.members.MEMBERS_SCOPE): which authors have a public member page and
whether the viewer may post. Every change to an account shows on the next read, and a kept
read asks the database for neither."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Suspension
from community.selectors.members import MEMBERS_SCOPE
from community.services.moderation import member_suspend, suspension_lift
from core.page_cache import cache, scope_generation_key
from tests.community.thread_checks import comment_section, signed_in
from tests.factories import CommentFactory, StaffUserFactory, established_member

pytestmark = pytest.mark.django_db

SUSPENDED = "モデレーターにより、投稿が停止されています。理由：荒らし行為"
UNVERIFIED = "コメントするには、メールアドレスの確認を済ませてください。"


@pytest.fixture
def kept(settings):
    settings.PAGE_FRAGMENT_SECONDS = 300


def member_link(member):
    return f'/members/{member.pk}/"'


def posting_form(html):
    return '/post/" method="post"' in html


def test_a_kept_read_asks_the_database_for_no_account_facts(kept, article):
    CommentFactory(page=article, author=established_member(), body_source="窓口が便利に。")
    reader = signed_in(established_member())
    comment_section(reader, article.url)

    with CaptureQueriesContext(connection) as queries:
        html = comment_section(reader, article.url)

    assert posting_form(html)
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "account_emailaddress" not in tables
    assert "community_suspension" not in tables


def test_an_authors_member_page_link_follows_their_account(kept, article):
    author = established_member(display_name="商店街の人")
    CommentFactory(page=article, author=author, body_source="電子申請を使いました。")
    reader = signed_in(established_member())
    assert member_link(author) in comment_section(reader, article.url)

    author.groups.add(Group.objects.get(name="Editors"))  # staff: 公式, no member page
    assert member_link(author) not in comment_section(reader, article.url)

    author.groups.clear()
    assert member_link(author) in comment_section(reader, article.url)

    EmailAddress.objects.filter(user=author).delete()
    assert member_link(author) not in comment_section(reader, article.url)


def test_the_viewers_form_follows_suspension_and_lifting(kept, article):
    member = established_member()
    reader = signed_in(member)
    assert posting_form(comment_section(reader, article.url))

    suspension = member_suspend(
        member=member, moderator=StaffUserFactory(groups=["Moderators"]), reason="荒らし行為"
    )
    html = comment_section(reader, article.url)
    assert SUSPENDED in html and not posting_form(html)

    suspension_lift(suspension=suspension, moderator=StaffUserFactory(groups=["Moderators"]))
    html = comment_section(reader, article.url)
    assert SUSPENDED not in html and posting_form(html)


def test_a_suspension_that_ends_shows_the_form_again_without_any_write(kept, article):
    member = established_member()
    reader = signed_in(member)
    now = timezone.now()
    Suspension.objects.create(
        member=member, reason="荒らし行為", starts_at=now - timedelta(days=1), ends_at=now
    )
    assert posting_form(comment_section(reader, article.url))  # over: kept facts are judged now

    Suspension.objects.create(
        member=member, reason="荒らし行為", starts_at=now + timedelta(seconds=1)
    )
    assert posting_form(comment_section(reader, article.url))


def test_the_viewers_form_follows_their_address_being_confirmed(kept, article):
    member = established_member()
    address = EmailAddress.objects.get(user=member)
    address.verified = False
    address.save()
    reader = signed_in(member)
    html = comment_section(reader, article.url)
    assert UNVERIFIED in html and not posting_form(html)

    address.verified = True
    address.save()
    assert posting_form(comment_section(reader, article.url))


def test_signing_in_keeps_what_is_kept(kept, article):
    """last_login alone changes no fact: the next member's sign-in forgets nothing."""
    reader = signed_in(established_member())
    newcomer = established_member()
    comment_section(reader, article.url)
    generation = cache.get(scope_generation_key(MEMBERS_SCOPE))

    signed_in(newcomer)  # force_login saves last_login

    assert cache.get(scope_generation_key(MEMBERS_SCOPE)) == generation


@pytest.mark.parametrize(
    ("starts", "ends", "lifted"),
    [(-2, None, False), (-2, -1, False), (-2, 1, False), (1, None, False), (-2, None, True)],
)
def test_a_suspension_in_force_in_python_as_in_sql(starts, ends, lifted):
    now = timezone.now()
    suspension = Suspension.objects.create(
        member=established_member(),
        reason="荒らし行為",
        starts_at=now + timedelta(hours=starts),
        ends_at=None if ends is None else now + timedelta(hours=ends),
        lifted_at=now if lifted else None,
    )
    in_sql = Suspension.objects.in_force(at=now).filter(pk=suspension.pk).exists()
    assert suspension.in_force(at=now) is in_sql
