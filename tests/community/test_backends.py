"""community.backends.MemberBackend: the permissions Django's ModelBackend gives, in one
query."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.backends import MemberBackend
from community.services.discussions import MODERATE_PERMISSION
from tests.factories import MemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # no permissions kept on it yet


@pytest.mark.parametrize("who", ["member", "own permission", "editor", "both", "superuser"])
def test_the_permissions_are_model_backends_read_in_one_query(who):
    user = StaffUserFactory(groups=["Editors"]) if who in {"editor", "both"} else MemberFactory()
    if who in {"own permission", "both"}:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if who == "superuser":
        user.is_superuser = True
        user.save()

    reader = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        found = MemberBackend().get_all_permissions(reader)

    assert found == ModelBackend().get_all_permissions(fresh(user))
    assert len(queries) == 1
    if who != "member":
        assert "wagtailadmin.access_admin" in found


def test_an_inactive_or_removed_member_has_none():
    user = StaffUserFactory(groups=["Moderators"])
    assert MODERATE_PERMISSION in MemberBackend().get_all_permissions(fresh(user))

    user.is_active = False
    user.save()
    assert MemberBackend().get_all_permissions(fresh(user)) == set()

    user.is_active = True
    user.save()
    user.groups.remove(Group.objects.get(name="Moderators"))
    assert MemberBackend().get_all_permissions(fresh(user)) == set()


def test_a_members_page_reads_their_permissions_in_one_query(client, article):
    """The settings use it: the account menu and the comment section ask, one query answers."""
    client.force_login(MemberFactory())
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    permissions = [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
    assert len(permissions) == 1
