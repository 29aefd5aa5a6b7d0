"""Staff screens 会員 (verified badges) and 地域 (regions): only Moderators and superusers."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from community.models import Region
from tests.factories import MemberFactory, RegionFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MemberFactory(display_name="港町の漁師", email="ryoshi@example.jp", email_verified=True)


@pytest.fixture
def region():
    return RegionFactory(prefecture="47", name="那覇市")


def staff_urls(member, region):
    return [
        reverse("members:index"),
        reverse("members:edit", args=[member.pk]),
        reverse("wagtailsnippets_community_region:list"),
        reverse("wagtailsnippets_community_region:add"),
        reverse("wagtailsnippets_community_region:edit", args=[region.pk]),
        reverse("wagtailsnippets_community_region:delete", args=[region.pk]),
    ]


def login_as(client, role):
    if role == "member":
        client.force_login(UserFactory())
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))


@pytest.mark.parametrize("role", ["anonymous", "member", "Editors", "Analysts"])
def test_only_moderators_reach_the_member_and_region_screens(client, member, region, role):
    login_as(client, role)

    for url in staff_urls(member, region):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] != url


@pytest.mark.parametrize("role", ["Moderators", "superuser"])
def test_moderators_and_superusers_open_every_screen(client, member, region, role):
    if role == "superuser":
        client.force_login(StaffUserFactory(is_superuser=True))
    else:
        login_as(client, role)

    for url in staff_urls(member, region):
        assert client.get(url).status_code == 200, url


def test_the_member_list_shows_public_names_and_searches_by_email(client, member):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    MemberFactory(display_name="山の木こり")

    listing = client.get(reverse("members:index")).content.decode()
    found = client.get(reverse("members:index"), {"q": "ryoshi@"}).content.decode()

    assert "港町の漁師" in listing
    assert "山の木こり" in listing
    assert "港町の漁師" in found
    assert "山の木こり" not in found


def test_the_member_list_offers_no_add_or_delete(client, member):
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    listing = client.get(reverse("members:index")).content.decode()

    assert reverse("members:add") not in listing
    assert client.get(reverse("members:add")).status_code in (302, 403)
    assert client.post(reverse("members:delete", args=[member.pk])).status_code in (302, 403)
    member.refresh_from_db()


def test_the_edit_form_exposes_only_the_badge(client, member):
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    response = client.get(reverse("members:edit", args=[member.pk]))

    fields = set(response.context["form"].fields)
    assert fields == {"verified_as"}
    html = response.content.decode()
    assert "港町の漁師" in html
    assert "ryoshi@example.jp" in html  # staff see whom they verify


def test_a_moderator_sets_a_badge_and_is_recorded(client, member):
    moderator = StaffUserFactory(groups=["Moderators"])
    client.force_login(moderator)

    response = client.post(
        reverse("members:edit", args=[member.pk]),
        {"verified_as": "business", "display_name": "書き換え", "is_superuser": "on"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.verified_as == "business"
    assert member.verified_by == moderator
    assert member.verified_at is not None
    assert member.display_name == "港町の漁師"
    assert member.is_superuser is False


def test_the_badge_shows_on_the_public_profile(client, member):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    client.post(reverse("members:edit", args=[member.pk]), {"verified_as": "municipal"})

    html = client.get(f"/en/members/{member.pk}/").content.decode()

    assert "Verified municipal employee" in html


@pytest.mark.parametrize("role", ["Editors", "Analysts"])
def test_other_staff_cannot_post_a_badge(client, member, role):
    login_as(client, role)

    client.post(reverse("members:edit", args=[member.pk]), {"verified_as": "business"})

    member.refresh_from_db()
    assert member.verified_as == ""


def test_moderators_have_the_permissions_from_the_migration():
    moderators = Group.objects.get(name="Moderators")
    codenames = set(moderators.permissions.values_list("codename", flat=True))

    assert {"verify_member", "add_region", "change_region", "delete_region"} <= codenames
    for name in ("Editors", "Analysts"):
        others = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert not others & {"verify_member", "add_region", "change_region", "delete_region"}


def test_a_moderator_adds_a_region_and_filters_by_prefecture(client, region):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    RegionFactory(prefecture="01", name="旭川市")

    response = client.post(
        reverse("wagtailsnippets_community_region:add"),
        {"prefecture": "47", "name": "石垣市", "sort_order": "2"},
    )
    filtered = client.get(
        reverse("wagtailsnippets_community_region:list"), {"prefecture": "47"}
    ).content.decode()

    assert response.status_code == 302
    assert Region.objects.filter(prefecture="47", name="石垣市").exists()
    assert "那覇市" in filtered
    assert "石垣市" in filtered
    assert "旭川市" not in filtered


def test_the_verify_permission_is_offered_in_the_group_editor(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    moderators = Group.objects.get(name="Moderators")

    html = client.get(reverse("wagtailusers_groups:edit", args=[moderators.pk])).content.decode()

    assert "会員を認証済みにできる" in html


def test_deleting_a_region_keeps_its_name_on_members(client, member, region):
    member.prefecture, member.region = "47", region
    member.save()
    typed = MemberFactory(prefecture="47", region=None, region_name="久米島町")
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    response = client.post(reverse("wagtailsnippets_community_region:delete", args=[region.pk]))

    assert response.status_code == 302
    assert not Region.objects.filter(pk=region.pk).exists()
    member.refresh_from_db()
    assert (member.region, member.region_name) == (None, "那覇市")
    assert member.region_label == "沖縄県 那覇市"
    typed.refresh_from_db()
    assert typed.region_name == "久米島町"


def test_deleting_regions_in_bulk_keeps_their_names_on_members(member, region):
    member.prefecture, member.region = "47", region
    member.save()

    Region.objects.filter(prefecture="47").delete()

    member.refresh_from_db()
    assert (member.region, member.region_name) == (None, "那覇市")
