"""Background work for surveys (django-tasks: immediately in dev and tests, by
`manage.py db_worker` in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django_tasks import task


@task()
def response_receipt_send(*, survey_id, member_id, submitted_at, lines):
    """E-mail a member the copy of their answers they asked for. `lines` are
    [question, [answer lines]] as shown on the confirmation page; no response id is passed,
    so an anonymous survey's response stays unlinked to the member."""
    from community.models import User

    from .models import SurveyPage

    survey = SurveyPage.objects.filter(pk=survey_id).first()
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if survey is None or member is None or not member.email:
        return 0
    context = {"survey": survey, "submitted_at": parse_datetime(submitted_at), "lines": lines}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("surveys/email/receipt_subject.txt", context).strip()
        body = render_to_string("surveys/email/receipt_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])
