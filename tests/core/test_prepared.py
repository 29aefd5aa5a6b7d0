"""core.prepared.PreparedQuery: the statement compiled once gives, for any ids, the rows the
queryset built for those ids gives; a stand-in that is not a parameter is refused."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def _group_permissions(*, group):
    return Permission.objects.filter(group=group).values_list("codename").order_by("codename")


def test_each_run_reads_what_the_queryset_for_its_ids_reads():
    prepared = PreparedQuery(_group_permissions, names=["group"])
    groups = [Group.objects.create(name=f"班{n}") for n in range(3)]
    groups[0].permissions.set(Permission.objects.all()[:3])
    groups[1].permissions.set(Permission.objects.all()[2:4])

    for group in [*groups, *groups]:
        assert prepared.rows(group=group.pk) == list(_group_permissions(group=group.pk))


def test_querysets_combined_run_as_one_statement():
    group = Group.objects.create(name="編集")
    group.permissions.set(Permission.objects.all()[:2])
    prepared = PreparedQuery(
        lambda *, group: [
            Permission.objects.filter(group=group).values("pk"),
            Group.objects.filter(pk=group).values("pk"),
        ],
        names=["group"],
        combine=lambda permissions, groups: (
            f"SELECT (SELECT COUNT(*) FROM ({permissions}) p), EXISTS({groups})"  # noqa: S608
        ),
    )

    with CaptureQueriesContext(connection) as queries:
        rows = prepared.rows(group=group.pk) + prepared.rows(group=group.pk + 1000)

    assert [(count, bool(found)) for count, found in rows] == [(2, True), (0, False)]
    assert len(queries) == 2


def test_an_id_the_statement_does_not_take_is_refused():
    prepared = PreparedQuery(
        lambda *, group: Group.objects.filter(name="編集").values_list("pk"), names=["group"]
    )

    with pytest.raises(ImproperlyConfigured):
        prepared.rows(group=1)
