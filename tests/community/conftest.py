"""Fixtures the community tests share: members, moderators and the 意見交換 index."""

import pytest

from tests.factories import StaffUserFactory, TopicIndexPageFactory, established_member


@pytest.fixture
def member(db):
    """A member who may post at once (confirmed e-mail, past the first day's limits)."""
    return established_member()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def moderator(db):
    return StaffUserFactory(groups=["Moderators"])


@pytest.fixture
def topic_index(home_page):
    return TopicIndexPageFactory(parent=home_page)
