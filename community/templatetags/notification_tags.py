"""Template helpers for notifications: the unread count in the header's account menu and the
viewer's follow state for a page's follow button."""

from django import template

from community.selectors import notifications as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    """How many notifications the signed-in viewer has not read: one query per request
    (remembered on the request), none for anonymous visitors."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return selectors.notification_unread_count(member=user)
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = selectors.notification_unread_count(member=user)
    return request._unread_notification_count


@register.simple_tag(takes_context=True)
def page_followed(context, page):
    """Whether the viewer follows `page` (one query for signed-in viewers)."""
    return selectors.page_followed(member=context.get("user"), page=page)
