import pytest

from tests.factories import (
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    OpinionFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)


@pytest.fixture
def topic(home_page):
    return TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))


@pytest.fixture
def opinions(topic):
    """Four opinions on `topic`, oldest first."""
    texts = [
        "支所でも書かない窓口を使いたい。",
        "高齢の母が支所で困っていました。",
        "費用がかかりすぎるのではないか。",
        "職員の研修を先にしてほしい。",
    ]
    return [OpinionFactory(page=topic, body_source=text) for text in texts]


@pytest.fixture
def outcome_index(home_page):
    return ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture
def consultation(outcome_index, topic):
    return ConsultationPageFactory(parent=outcome_index, source=topic)


def keys(*comments):
    return [f"c{comment.pk}" for comment in comments]
