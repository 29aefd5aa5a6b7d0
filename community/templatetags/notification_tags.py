"""Template helpers for notifications: the unread count in the header's account menu and the
viewer's follow state for a page's follow button."""

from django import template

from community.selectors import notifications as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    """How many notifications the signed-in viewer has not read: one query per request
    (remembered on the request), none for anonymous visitors; on a discussable page, the
    count its `page_viewer` read with the page's likes and follow."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return _unread_count(context, user)
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = _unread_count(context, user)
    return request._unread_notification_count


def _unread_count(context, user):
    page_viewer = context.get("page_viewer")
    if page_viewer is not None:
        return page_viewer.unread_count
    return selectors.notification_unread_count(member=user)


@register.simple_tag(takes_context=True)
def page_followed(context, page):
    """Whether the viewer follows `page` (one query for signed-in viewers; none on a
    discussable page, whose `page_viewer` has it)."""
    page_viewer = context.get("page_viewer")  # the context's page's, for its viewer
    if page_viewer is not None and getattr(context.get("page"), "pk", None) == page.pk:
        return page_viewer.following
    return selectors.page_followed(member=context.get("user"), page=page)
