"""An event's やさしい日本語 version (events.models.easy): its title, lead and note on a change
for a reader who chose it, field by field, and its registration questions in やさしい日本語 with
the answers kept under the original texts staff read."""

import pytest
from django.test import Client

from events.models import EventPage, Registration
from events.models.pages import EventStatus
from readable.preferences import EASY_COOKIE
from tests.factories import EventPageFactory, established_member

pytestmark = pytest.mark.django_db

QUESTION = {
    "type": "single_choice",
    "value": {
        "text": "手話通訳は必要ですか",
        "easy_text": "手話の通訳はいりますか",
        "required": True,
        "choices": [
            {"type": "item", "value": {"label": "必要", "easy_label": "いる"}, "id": "yes"},
            {"type": "item", "value": {"label": "不要", "easy_label": "いらない"}, "id": "no"},
        ],
    },
}


@pytest.fixture
def event(event_index):
    event = EventPageFactory(
        parent=event_index,
        title="書かない窓口 説明会",
        easy_title="書かなくていい窓口の説明会",
        easy_lead="名前を書かなくても、手続きができます。",
        status_note="講師の都合により延期します。",
        questions=[QUESTION],
    )
    return EventPage.objects.get(pk=event.pk)


def easy_client():
    client = Client()
    client.cookies[EASY_COOKIE] = "1"
    return client


def test_a_reader_who_chose_it_reads_the_easy_title_and_lead(event):
    page = easy_client().get(event.url).content.decode()

    assert '<h1 class="event__title">書かなくていい窓口の説明会</h1>' in page
    assert "名前を書かなくても、手続きができます。" in page
    assert "手話の通訳はいりますか" in page and "いらない" in page
    assert "やさしい日本語で表示しています" in page


def test_the_note_on_a_change_is_read_in_easy_japanese_once_written(event):
    event.status = EventStatus.POSTPONED
    event.save_revision().publish()
    before = easy_client().get(event.url).content.decode()
    event.easy_status_note = "先生の都合で、日にちを変えます。"
    event.save_revision().publish()

    after = easy_client().get(event.url).content.decode()

    assert "講師の都合により延期します。" in before  # no やさしい note yet: the original
    assert "先生の都合で、日にちを変えます。" in after
    assert "講師の都合により延期します。" not in after


def test_other_readers_read_the_original_and_an_event_without_an_easy_lead_has_no_switch(
    client, event, event_index
):
    plain = client.get(event.url).content.decode()
    other = EventPageFactory(parent=event_index, easy_title="説明会")
    without = easy_client().get(other.url).content.decode()

    assert '<h1 class="event__title">書かない窓口 説明会</h1>' in plain
    assert "手話通訳は必要ですか" in plain and "version-switch" in plain
    assert "version-switch" not in without and other.title in without


def test_an_answer_given_in_easy_japanese_is_kept_under_the_original_texts(event):
    client = easy_client()
    client.force_login(established_member())

    client.post(event.url + "register/", {"q-" + event.questions[0].id: "yes"})

    [answer] = Registration.objects.get().answers.values()
    assert answer["question"] == "手話通訳は必要ですか"
    assert answer["value"] == {"choices": ["yes"], "other": ""}
    assert answer["text"] == "必要"
