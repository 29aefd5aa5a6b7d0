"""How a page takes comments: the site's DiscussionSettings, and the page's DiscussionMode (open,
pre-moderated or closed), which moderators and the page's editors set."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from wagtail.models import Site

from core.page_cache import page_cache_purge_on_commit

from ..models import DiscussionMode, DiscussionSettings, PageDiscussion

MODERATE_PERMISSION = "community.moderate_comment"


def discussion_settings_for(page):
    """The DiscussionSettings of the site `page` belongs to (the default site's otherwise)."""
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    return DiscussionSettings.for_site(site) if site else DiscussionSettings()


def discussion_mode(page):
    """How `page` takes comments (a DiscussionMode value); open without a PageDiscussion row."""
    mode = PageDiscussion.objects.filter(page_id=page.pk).values_list("mode", flat=True).first()
    return mode or DiscussionMode.OPEN


def discussion_mode_set(*, page, mode, actor):
    """Open, pre-moderate or close the comments of `page` (a DiscussionMode value), by a
    moderator or someone who may edit the page. Returns the mode."""
    if not discussion_mode_settable_by(actor, page=page):
        raise PermissionDenied(_("Only moderators and the page's editors can change this."))
    if mode not in DiscussionMode.values:
        raise ValidationError({"mode": _("Choose how the page takes comments.")})
    if mode == DiscussionMode.OPEN:
        PageDiscussion.objects.filter(page_id=page.pk).delete()
    else:
        PageDiscussion.objects.update_or_create(page_id=page.pk, defaults={"mode": mode})
    page_cache_purge_on_commit(page_id=page.pk)  # the form, or 「コメントは受け付けていません」
    return mode


def discussion_mode_settable_by(user, *, page):
    """Whether `user` may open, pre-moderate or close the comments of `page`."""
    return bool(
        user is not None
        and user.is_active
        and (user.has_perm(MODERATE_PERMISSION) or page.permissions_for_user(user).can_edit())
    )
