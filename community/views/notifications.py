"""Notifications: the member's list under /accounts/notifications/, their e-mail settings,
following an article, and the one-click unsubscribe link of every notification e-mail.

Views translate HTTP to community.selectors / community.services and back.
Access is checked once per view, by its decorators: the member's own pages need a sign-in;
the unsubscribe link carries a signed token instead.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.pagination import paginate

from ..forms.notifications import NotificationSettingsForm
from ..models import NotificationChannel, NotificationEmail, TopicPage
from ..selectors import notifications as selectors
from ..selectors.comments import discussable_page_get
from ..services import announcements, notification_emails
from ..services import notification_channels as channels
from ..services import notifications as services

NOTIFICATIONS_PER_PAGE = 20


@never_cache
@login_required
@require_GET
def notification_list(request):
    """The member's notifications, newest first, unread ones marked."""
    notifications = paginate(
        selectors.notification_list(member=request.user),
        request.GET.get("page"),
        per_page=NOTIFICATIONS_PER_PAGE,
    )
    # What the opinion-exchange notifications say (the topic, its conclusion, the proposal).
    prefetch_related_objects(notifications.object_list, "topic__closure", "proposal")
    context = {
        "notifications": notifications,
        "unread_count": selectors.notification_unread_count(member=request.user),
    }
    return render(request, "community/notifications.html", context)


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one of the member's notifications read and go to what it is about."""
    notification = get_object_or_404(selectors.notification_list(member=request.user), pk=pk)
    services.notification_mark_read(notification=notification, member=request.user)
    url = services.notification_target_path(notification=notification)
    return redirect(url or "community:notification_list")


@login_required
@require_POST
def notifications_mark_all_read(request):
    services.notifications_mark_all_read(member=request.user)
    messages.success(request, _("All notifications have been marked as read."))
    return redirect("community:notification_list")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """How often the member is e-mailed about their notifications, which kinds reach them on
    each channel, and each other channel's own settings (a LINE account, devices)."""
    providers = channels.notification_channel_providers()
    form = NotificationSettingsForm(
        request.POST or None,
        initial={
            "notification_email": request.user.notification_email,
            "announcements": request.user.announcements,
        },
        channels=[NotificationChannel.EMAIL, *(provider.channel for provider in providers)],
        opt_outs=channels.notification_opt_outs(member=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.notification_email_set(
            member=request.user, preference=form.cleaned_data["notification_email"]
        )
        channels.notification_opt_outs_set(member=request.user, off=form.opt_outs())
        announcements.announcements_set(
            member=request.user, wanted=form.cleaned_data["announcements"]
        )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("community:notification_settings")
    context = {"form": form, "channel_providers": providers}
    return render(request, "community/notification_settings.html", context)


@login_required
@require_POST
def follow_toggle(request, page_id):
    """Follow a page, or stop following it; back to the page's comments."""
    page = discussable_page_get(pk=page_id)
    following = services.follow_toggle(member=request.user, page=page)
    messages.success(request, _follow_message(page, following=following))
    return redirect(f"{page.get_url(request)}#comments")


def _follow_message(page, *, following):
    if isinstance(page, TopicPage):
        if following:
            return _("You now follow this opinion exchange and will hear of new opinions.")
        return _("You no longer follow this opinion exchange.")
    if following:
        return _("You now follow this article and will hear of new comments.")
    return _("You no longer follow this article.")


def _unsubscribe_token_required(view):
    """Resolve the signed token of the URL to its member, passed on as `member`; an altered
    or outdated token gets a page saying so (400)."""

    @wraps(view)
    def wrapper(request, token):
        member = notification_emails.unsubscribe_member(token)
        if member is None:
            return render(request, "community/unsubscribe_invalid.html", status=400)
        return view(request, token, member=member)

    return wrapper


# No CSRF token: mail programs POST here by themselves (RFC 8058 one-click, without cookies);
# the signed token in the URL is what proves the request came from the member's e-mail.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
@_unsubscribe_token_required
def unsubscribe(request, token, *, member):
    """One-click unsubscribe from notification e-mails: GET asks, POST stops them."""
    if request.method == "POST":
        services.notification_email_set(member=member, preference=NotificationEmail.NONE)
        return render(request, "community/unsubscribe_done.html", {"member": member})
    return render(request, "community/unsubscribe.html", {"member": member, "token": token})


# No CSRF token, as for `unsubscribe`: the signed token names the announcement e-mailed.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def announcements_unsubscribe(request, token):
    """One-click stop of announcements from an announcement's e-mail: GET asks, POST stops."""
    notification = announcements.announcement_unsubscribe_notification(token)
    if notification is None:
        return render(request, "community/unsubscribe_invalid.html", status=400)
    member = notification.recipient
    if request.method == "POST":
        announcements.announcements_unsubscribe(
            notification=notification, via=NotificationChannel.EMAIL
        )
        return render(request, "community/announcements_unsubscribe_done.html")
    context = {"member": member, "token": token}
    return render(request, "community/announcements_unsubscribe.html", context)
