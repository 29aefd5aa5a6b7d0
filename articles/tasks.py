"""Background work for the article site (run by django-tasks: immediately in dev, by a worker
in production)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.admin.mail import send_mail

from core.background import task_labels_register

from .models import ContactPage


@task()
def contact_notification_send(*, page_id, body):
    """E-mail a contact-form submission to the addresses set on the contact page."""
    page = ContactPage.objects.get(pk=page_id)
    addresses = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if addresses:
        send_mail(page.subject, body, addresses, page.from_address or settings.DEFAULT_FROM_EMAIL)


task_labels_register(
    {
        "articles.tasks.contact_notification_send": _("E-mail a contact form message to staff"),
    }
)
