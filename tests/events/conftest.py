import pytest

from tests.factories import EventIndexPageFactory, EventPageFactory


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def event(event_index):
    """A 説明会 a week from now with two seats."""
    return EventPageFactory(parent=event_index, capacity=2)
