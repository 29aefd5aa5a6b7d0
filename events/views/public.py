"""The public routes of an event page (EventPage's @path routes call these): registering, the
event's calendar file, and each registration's personal page (named by its token, which is its
only key: no account needed) with its confirmation, cancellation and QR code.

Personal pages are never cached anywhere (plain HttpResponses, which the anonymous page cache
never stores, with `Cache-Control: private, no-store`) nor indexed (`X-Robots-Tag`)."""

import segno
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.ratelimit import rate_limit_consume

from .. import ics, selectors, services
from ..forms import RegistrationForm
from ..models.registrations import RegistrationStatus
from ..notices import registration_full_url
from ..services import RegistrationClosed

RATE_LIMITED_MESSAGE = gettext_lazy(
    "Too many registrations were sent from your connection. Please wait a few minutes and "
    "try again."
)


def register(request, *, event):
    """POST: register the member (one button) or the name and e-mail address given, then go
    to the registration's page (a member) or back to the event with 「確認メールを送りました」
    (anyone else: their page's token is the secret the e-mail proves they own)."""
    if request.method != "POST":
        return redirect(event.url + "#register")
    member = request.user if request.user.is_authenticated else None
    existing = selectors.member_registration(event=event, member=member)
    if existing is not None:
        return _to_registration(event, existing)
    form = RegistrationForm(
        request.POST,
        event=event,
        member=member,
        seats_left=selectors.seats_left(event=event),
        easy=event.reading_for(request).easy,
    )
    if not event.registration_open():
        return _event_page(request, event, form=None, status=409)
    if not form.is_valid():
        return _event_page(request, event, form=form, status=400)
    if member is None and not rate_limit_consume(request, scope="event_registration"):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        return _event_page(request, event, form=form, status=429)
    return _registration_create(request, event, form=form, member=member)


def _registration_create(request, event, *, form, member):
    data = form.cleaned_data
    if member is None:  # an address whose registration expired unconfirmed may try again
        expired = selectors.expired_pending_registration(event=event, email=data["email"])
        if expired is not None:
            services.registration_expire(registration=expired)
    try:
        registration, _created = services.registration_create(
            event=event,
            member=member,
            name=data.get("name", ""),
            email=data.get("email", ""),
            stakeholder_type=data.get("stakeholder_type", ""),
            slot_id=data.get("slot", ""),
            answers=form.answers_snapshot(),
        )
    except RegistrationClosed:
        return _event_page(request, event, form=None, status=409)
    if member is not None:
        return _to_registration(event, registration)
    # One message whether the address was new or not: the page must not tell strangers who
    # registered. Only the e-mails lead to a registration's page.
    text = _(
        "We have sent you a confirmation e-mail. Open the link in it within 24 hours to "
        "complete your registration. If you had already registered, the link in the e-mails "
        "we sent you then shows your registration."
    )
    messages.success(request, text)
    return _see_other(event.url + "#register")


def _to_registration(event, registration):
    return _see_other(event.url + event.reverse_subpage("registration", args=[registration.token]))


def _see_other(url):
    """303: after a POST, the browser GETs the answer (reloading it sends nothing again)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _event_page(request, event, *, form, status):
    context = event.get_context(request, registration_form=form)
    return TemplateResponse(request, event.get_template(request), context, status=status)


def event_calendar(request, *, event):
    """The event's calendar file (「カレンダーに追加」)."""
    content = ics.event_calendar(
        [event], name=event.title, url_of=lambda each: each.get_full_url(request)
    )
    response = HttpResponse(content, content_type=ics.CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def _personal(response):
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD"])
def registration(request, *, event, token):
    """The registration's personal page: its status, QR code, and what to do next."""
    registration = selectors.registration_by_token(event=event, token=token)
    url = registration_full_url(registration)
    context = {
        "page": event,
        "event": event,
        "registration": registration,
        "expired": selectors.pending_expired(registration),
        "waiting_position": selectors.waiting_position(registration),
        "slot": _slot(event, registration.slot_id),
        "qr_svg": _qr_svg(url) if registration.status == RegistrationStatus.REGISTERED else "",
        "online_url": _online_url(event, registration),
        "answers": list((registration.answers or {}).values()),
    }
    return _personal(render(request, "events/registration_page.html", context))


def _slot(event, slot_id):
    for id_, starts_at, ends_at, _capacity in event.slot_list:
        if id_ == slot_id:
            return {"starts_at": starts_at, "ends_at": ends_at}
    return None


def _online_url(event, registration):
    if registration.status == RegistrationStatus.REGISTERED and event.online_url_open():
        return event.online_url
    return ""


def _qr_svg(url):
    """The QR code of `url` as an inline SVG element (segno's own markup: nothing typed by
    anyone is in it but the URL, which segno encodes into modules, never into text)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=_("QR code"))
    return mark_safe(svg)  # noqa: S308 - segno's SVG of our own URL


@require_http_methods(["GET", "HEAD", "POST"])
def registration_confirm(request, *, event, token):
    """GET: a button (mail scanners follow links; they must not confirm); POST: confirm the
    e-mail address, then show the registration. An unconfirmed registration expires after
    24 hours: the page says so and offers to register again."""
    registration = selectors.registration_by_token(event=event, token=token)
    context = {"page": event, "event": event, "registration": registration, "closed": False}
    if selectors.pending_expired(registration):
        services.registration_expire(registration=registration)
        context["expired"] = True
    elif request.method == "POST":
        try:
            services.registration_confirm(registration=registration)
        except RegistrationClosed:
            context["closed"] = True
        else:
            return _personal(_to_registration(event, registration))
    status = 409 if context["closed"] or context.get("expired") else 200
    return _personal(render(request, "events/registration_confirm.html", context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, *, event, token):
    """GET: asks whether to cancel; POST: cancels (again: nothing changes) and shows the
    registration."""
    registration = selectors.registration_by_token(event=event, token=token)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled."))
        return _personal(_to_registration(event, registration))
    context = {"page": event, "event": event, "registration": registration}
    return _personal(render(request, "events/registration_cancel.html", context))


@require_http_methods(["GET", "HEAD"])
def registration_qr(request, *, event, token):
    """The registration's QR code (its personal page's address) as an SVG file."""
    registration = selectors.registration_by_token(event=event, token=token)
    svg = segno.make(registration_full_url(registration), error="m")
    response = HttpResponse(content_type="image/svg+xml")
    svg.save(response, kind="svg", scale=5, border=2, xmldecl=False)
    return _personal(response)
