"""Reads for the respondent's path: who the respondent is to a survey, whether they may answer
it now, and their draft; and whether a sheet keyed in by staff was entered already."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.japan import japan_datetime_display

from ..models import Audience, Response, ResponseDraft

ALREADY_ANSWERED = _("You have already answered this survey.")
NOT_PUBLISHED = _("This survey is not published.")
MEMBERS_ONLY = _("This survey is for signed-in members. Please sign in to answer it.")


RESPONDENT_KEY_SALT = "surveys.respondent_key"


def sheet_entered(*, survey, reference):
    """Whether a response with this (normalised, non-empty) sheet number was keyed in for
    `survey` already."""
    return bool(reference) and Response.objects.filter(survey=survey, reference=reference).exists()


def respondent_key(*, survey, member=None, browser_token=None):
    """The keyed hash that stands for a respondent of `survey` (a member, else a browser's
    cookie token); "" when there is neither. Only someone holding SECRET_KEY could work back
    from it to the member (by trying every id); rotating SECRET_KEY lets everyone answer again."""
    if member is not None and member.is_authenticated:
        subject = f"member:{member.pk}"
    elif browser_token:
        subject = f"browser:{browser_token}"
    else:
        return ""
    value = f"survey:{survey.pk}:{subject}"
    return salted_hmac(RESPONDENT_KEY_SALT, value, algorithm="sha256").hexdigest()


def response_exists(*, survey, member=None, browser_token=None):
    """Whether this member (or browser) has already given a real response to `survey`."""
    key = respondent_key(survey=survey, member=member, browser_token=browser_token)
    if not key:
        return False
    return Response.objects.real().filter(survey=survey, respondent_key=key).exists()


def response_by_token(*, survey, submission_token):
    return Response.objects.filter(survey=survey, submission_token=submission_token).first()


@dataclass(frozen=True)
class Refusal:
    """Why a survey shows an explanation instead of its form."""

    kind: str  # unpublished, not_open, closed, members_only, answered
    message: str
    status: int = 200


def survey_refusal(*, survey, member, browser_token=None, is_test=False, at=None):
    """A Refusal when this respondent may not answer `survey` now, else None. Staff testing
    from the preview may answer any survey, as often as they like."""
    if is_test:
        return None
    at = at or timezone.now()
    if not survey.live:
        return Refusal("unpublished", NOT_PUBLISHED, status=404)
    if survey.opens_at and at < survey.opens_at:
        message = _("This survey has not opened yet. It opens on %(date)s (Japan time).")
        return Refusal("not_open", message % {"date": japan_datetime_display(survey.opens_at)})
    if survey.closes_at and at >= survey.closes_at:
        message = _("This survey closed on %(date)s (Japan time). Thank you for your interest.")
        return Refusal("closed", message % {"date": japan_datetime_display(survey.closes_at)})
    if survey.audience == Audience.MEMBERS and not member.is_authenticated:
        return Refusal("members_only", MEMBERS_ONLY)
    if survey.one_response and response_exists(
        survey=survey, member=member, browser_token=browser_token
    ):
        return Refusal("answered", ALREADY_ANSWERED)
    return None


def draft_get(*, survey, token, member, is_test=False):
    """The draft this session started on `survey`, if it is still theirs."""
    if not token:
        return None
    draft = ResponseDraft.objects.filter(survey=survey, token=token, is_test=is_test).first()
    if draft is None:
        return None
    member_id = member.pk if member.is_authenticated else None
    return draft if draft.member_id in (None, member_id) else None
