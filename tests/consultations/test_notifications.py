"""Members whose opinions an outcome answers are told where their row is, once, and see it
marked as theirs."""

import uuid

from django.core import mail

from community.models import Notification
from community.services.notifications import notification_target_path
from consultations import services
from consultations.sources import opinions_of
from surveys.services import response_submit
from tests.consultations.conftest import keys
from tests.factories import ConsultationPageFactory, MemberFactory
from tests.surveys.respondent import question, survey_create


def _published(consultation, capture):
    with capture(execute=True):
        consultation.save_revision().publish()
    consultation.refresh_from_db()
    return consultation


def test_the_members_in_a_group_are_told_where_their_row_is(
    consultation, opinions, django_capture_on_commit_callbacks
):
    first = services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))
    second = services.group_create(
        consultation=consultation, summary="二", keys=keys(*opinions[1:3])
    )

    _published(consultation, django_capture_on_commit_callbacks)

    told = {n.recipient_id: n for n in Notification.objects.filter(kind="answered")}
    assert set(told) == {opinion.author_id for opinion in opinions[:3]}  # not the ungrouped one
    assert told[opinions[0].author_id].message == (
        f"あなたの意見への回答が公開されました：「{consultation.title}」"
    )
    assert notification_target_path(notification=told[opinions[0].author_id]) == (
        f"{consultation.url}#outcome-{first.pk}"
    )
    assert told[opinions[2].author_id].anchor == f"outcome-{second.pk}"
    assert len(mail.outbox) == 3


def test_publishing_again_tells_only_members_not_told_before(
    consultation, opinions, django_capture_on_commit_callbacks
):
    services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))
    _published(consultation, django_capture_on_commit_callbacks)

    services.group_create(consultation=consultation, summary="二", keys=keys(opinions[1]))
    _published(consultation, django_capture_on_commit_callbacks)

    recipients = Notification.objects.filter(kind="answered").values_list("recipient_id", flat=True)
    assert sorted(recipients) == sorted([opinions[0].author_id, opinions[1].author_id])


def test_a_member_sees_their_own_row_marked_others_do_not(
    client, consultation, opinions, django_capture_on_commit_callbacks
):
    services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))
    services.group_create(consultation=consultation, summary="二", keys=keys(opinions[1]))
    _published(consultation, django_capture_on_commit_callbacks)

    assert "あなたの意見" not in client.get(consultation.url).content.decode()
    client.force_login(opinions[1].author)
    html = client.get(consultation.url).content.decode()

    assert html.count("あなたの意見") == 1
    row = html[html.index("あなたの意見") - 400 : html.index("あなたの意見")]
    assert 'class="outcome-table__yours"' in row and ">2 <span" in html


def test_members_who_answered_a_survey_are_told_too(
    outcome_index, survey_index, django_capture_on_commit_callbacks
):
    survey = survey_create(
        question("long_text", "q1", "ご意見", required=False),
        parent=survey_index,
        one_response=False,
    )
    member = MemberFactory(email_verified=True)
    response_submit(
        survey=survey,
        respondent=member,
        answers={"q1": "窓口を増やして"},
        submission_token=uuid.uuid4(),
    )
    consultation = ConsultationPageFactory(parent=outcome_index, source=survey)
    group = services.group_create(
        consultation=consultation,
        summary="窓口",
        keys=[opinion.key for opinion in opinions_of(survey)],
    )

    _published(consultation, django_capture_on_commit_callbacks)

    told = Notification.objects.get(kind="answered")
    assert (told.recipient, told.anchor) == (member, f"outcome-{group.pk}")
