"""The topic, its five opinions with hand-counted votes, and an analyst signed in: what the
consensus report's tests share."""

import pytest

from tests.community.consensus.votes import DAY_ONE, DAY_THREE, _votes
from tests.factories import (
    OpinionFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)


@pytest.fixture
def topic(home_page):
    return TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))


@pytest.fixture
def opinions(topic):
    """Five opinions with hand-counted votes (minimum group 5, at least 10 votes to classify):

    - consensus: residents 6 agree + 1 disagree; businesses 4 agree + 1 pass; municipal staff
      2 disagree → 10 / 3 / 1 of 14. Municipal (2) is withheld, and businesses (5) with it.
    - divided: residents 9 agree + 1 pass (90%); businesses 2 agree, 1 disagree, 2 pass (40%)
      → 11 / 1 / 3 of 15, 50 points apart.
    - uncertain: 3 agree, 3 disagree, 4 pass (also both sides ≥ 30%: passing comes first).
    - other: 5 agree, 2 disagree, 3 pass.
    - too few: 3 agree.
    """
    made = {}
    for key in ("consensus", "divided", "uncertain", "other", "too_few"):
        made[key] = OpinionFactory(page=topic, body_source=f"{key}の意見", created_at=DAY_ONE)
    _votes(made["consensus"], "agree", 6)
    _votes(made["consensus"], "disagree", 1)
    _votes(made["consensus"], "agree", 4, kind="business")
    _votes(made["consensus"], "pass", 1, kind="business")
    _votes(made["consensus"], "disagree", 2, kind="municipal")
    _votes(made["divided"], "agree", 9)
    _votes(made["divided"], "pass", 1)
    _votes(made["divided"], "agree", 2, kind="business")
    _votes(made["divided"], "disagree", 1, kind="business")
    _votes(made["divided"], "pass", 2, kind="business", at=DAY_THREE)
    _votes(made["uncertain"], "agree", 3)
    _votes(made["uncertain"], "disagree", 3)
    _votes(made["uncertain"], "pass", 4)
    _votes(made["other"], "agree", 5)
    _votes(made["other"], "disagree", 2)
    _votes(made["other"], "pass", 3)
    _votes(made["too_few"], "agree", 3)
    return made


@pytest.fixture
def analyst(client):
    analyst = StaffUserFactory(groups=["Analysts"])
    client.force_login(analyst)
    return analyst
