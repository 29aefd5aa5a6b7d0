"""Staff's screens for a consultation's opinions (「意見への回答」): who reaches them, and what
staff see and do on the grouping board and a group's answer."""

import json

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Disposition
from tests.consultations.conftest import keys
from tests.factories import log_in_as


@pytest.fixture
def group(consultation, opinions):
    return services.group_create(
        consultation=consultation, summary="支所にも広げてほしい", keys=keys(*opinions[:2])
    )


def _draftail(text):
    """What Wagtail's rich text editor posts for one paragraph of `text`."""
    block = {"key": "a", "type": "unstyled", "text": text, "depth": 0}
    block |= {"inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def _urls(consultation, group):
    args = [consultation.pk, group.pk]
    return [
        ("get", reverse("consultations:index")),
        ("get", reverse("consultations:board", args=[consultation.pk])),
        ("get", reverse("consultations:group", args=args)),
        ("get", reverse("consultations:group_delete", args=args)),
        ("post", reverse("consultations:board", args=[consultation.pk])),
        ("post", reverse("consultations:group", args=args)),
        ("post", reverse("consultations:note_add", args=args)),
        ("post", reverse("consultations:group_up", args=args)),
        ("post", reverse("consultations:group_down", args=args)),
        ("post", reverse("consultations:group_delete", args=args)),
    ]


@pytest.mark.parametrize("role", ["anonymous", "member", "Moderators", "Analysts"])
def test_nobody_but_responders_and_editors_reaches_a_screen(client, consultation, group, role):
    log_in_as(client, role)

    for method, url in _urls(consultation, group):
        response = getattr(client, method)(url, {"action": "ungroup"})
        if role in ("anonymous", "member"):  # Wagtail sends them to sign in, showing nothing
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
        else:
            assert response.status_code == 403, url
        assert "支所" not in response.content.decode(), url
    assert consultation.opinion_groups.get().members.count() == 2  # nothing changed


@pytest.mark.parametrize("role", ["Responders", "Editors", "superuser"])
def test_responders_editors_and_superusers_open_every_screen(client, consultation, group, role):
    log_in_as(client, role)

    for method, url in _urls(consultation, group):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_a_group_of_another_consultation_is_not_found_here(
    client, consultation, group, outcome_index
):
    from tests.factories import ConsultationPageFactory

    other = ConsultationPageFactory(parent=outcome_index, source=consultation.source)
    log_in_as(client, "Responders")

    url = reverse("consultations:group", args=[other.pk, group.pk])
    assert client.get(url).status_code == 404


def test_the_board_lists_the_ungrouped_opinions_and_each_group_with_its_own(
    client, consultation, group, opinions
):
    log_in_as(client, "Responders")

    html = client.get(reverse("consultations:board", args=[consultation.pk])).content.decode()

    assert "未分類の意見（2件）" in html
    assert "No.1 支所にも広げてほしい（2件）" in html
    ungrouped = html[html.index("未分類の意見") : html.index("グループ（1）")]
    assert opinions[2].body_source in ungrouped and opinions[0].body_source not in ungrouped
    assert "未回答" in html


def test_ticked_opinions_become_a_group_and_staff_are_told(client, consultation, opinions):
    log_in_as(client, "Responders")
    url = reverse("consultations:board", args=[consultation.pk])

    response = client.post(
        url,
        {"action": "create", "opinions": keys(*opinions[2:]), "summary": "費用と研修"},
        follow=True,
    )

    assert "グループ「費用と研修」を作りました。" in response.content.decode()
    assert consultation.opinion_groups.get().members.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "create", "summary": "概要"}, "意見を1件以上チェックしてください。"),
        (
            {"action": "create", "opinions": ["c0"]},
            "グループにする意見の概要を短く書いてください。",
        ),
        ({"action": "move", "opinions": ["c0"]}, "移動先のグループを選んでください。"),
        ({"action": "merge", "groups": []}, "まとめるグループを2つ以上チェックしてください。"),
    ],
    ids=["nothing ticked", "no summary", "no target", "one group"],
)
def test_an_incomplete_action_says_what_is_missing_and_changes_nothing(
    client, consultation, group, opinions, data, message
):
    log_in_as(client, "Responders")
    data = {**data, "opinions": [f"c{opinions[2].pk}"] if "opinions" in data else []}

    response = client.post(reverse("consultations:board", args=[consultation.pk]), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert consultation.opinion_groups.count() == 1


def test_a_group_is_answered_with_quotes_masked_and_a_follow_up_note(client, consultation, group):
    log_in_as(client, "Responders")
    _first, second = group.members.all()
    url = reverse("consultations:group", args=[consultation.pk, group.pk])
    disposition = Disposition.objects.get(label="案を修正します")

    response = client.post(
        url,
        {
            "group-summary": "支所でも使えるようにしてほしい",
            "group-view": _draftail("全支所で導入します。"),
            "group-disposition": disposition.pk,
            "group-progress": "considering",
            f"quoted-{second.pk}": "1",
            f"quote-{second.pk}": "○○の母が困っていました。",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("consultations:note_add", args=[consultation.pk, group.pk]),
        {"note-progress": "underway", "note-noted_on": "2027-04-01", "note-note": "2支所で試行"},
    )

    row = consultation.table_build()["rows"][0]
    assert row["summary"] == "支所でも使えるようにしてほしい"
    assert "全支所で導入します。" in row["view"]
    assert (row["disposition"], row["progress"]) == ("案を修正します", "underway")
    assert row["quotes"] == ["○○の母が困っていました。"]
    assert row["notes"] == [{"on": "2027-04-01", "progress": "underway", "note": "2支所で試行"}]


def test_groups_move_and_a_deleted_group_gives_back_its_opinions(
    client, consultation, group, opinions
):
    log_in_as(client, "Responders")
    second = services.group_create(
        consultation=consultation, summary="費用", keys=keys(opinions[2])
    )

    client.post(reverse("consultations:group_up", args=[consultation.pk, second.pk]))
    assert [g.summary for g in consultation.opinion_groups.all()] == [
        "費用",
        "支所にも広げてほしい",
    ]

    client.post(reverse("consultations:group_delete", args=[consultation.pk, group.pk]))
    assert [g.summary for g in consultation.opinion_groups.all()] == ["費用"]
