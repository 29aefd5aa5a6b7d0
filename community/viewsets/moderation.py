"""The staff screens of モデレーション (the comment queue, topic proposals, closing topics, the
moderation log, blocked words) and the page menu items 「コメントの設定」 and
「意見交換を終了する」.

Who may use them is decided in one place each: the decorator of each moderation view
(`community.moderate_comment`), Django model permissions on BlockedWord for blocked words, and
the services' rules for a page's comment setting and a topic's closing. Moderators hold them all
(community/migrations/0007, 0009); the menu items only hide what a user may not open.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import PermissionMenuItem

from ..models import BlockedWord
from ..services.discussions import MODERATE_PERMISSION, discussion_mode_settable_by
from ..services.entered_opinions import ENTER_PERMISSION, opinions_enterable_by
from ..services.topics import topic_closable_by
from ..views import entered_opinions, moderation, topics_admin


class ModeratorMenuItem(PermissionMenuItem):
    permission = MODERATE_PERMISSION


class ModerationViewSet(ViewSet):
    """The moderation queue, a comment's history, suspensions (views in community.views
    .moderation, each checking `community.moderate_comment`)."""

    icon = "warning"
    menu_label = _("Moderation queue")
    url_prefix = "moderation"

    @property
    def menu_url(self):
        return reverse("moderation:queue")

    menu_item_class = ModeratorMenuItem

    def get_urlpatterns(self):
        return [
            path("", moderation.queue, name="queue"),
            path("decide/", moderation.decide, name="decide"),
            path("comments/<id:pk>/", moderation.comment_detail, name="comment"),
            path("members/<id:pk>/", moderation.member_suspend, name="member_suspend"),
            path("suspensions/<id:pk>/lift/", moderation.suspension_lift, name="suspension_lift"),
            path(
                "pages/<id:page_id>/comments/", moderation.page_discussion, name="page_discussion"
            ),
        ]


class ModerationLogViewSet(ViewSet):
    icon = "history"
    menu_label = _("Moderation log")
    url_prefix = "moderation-log"
    menu_item_class = ModeratorMenuItem

    @property
    def menu_url(self):
        return reverse("moderation_log:log")

    def get_urlpatterns(self):
        return [path("", moderation.log, name="log")]


class BlockedWordViewSet(ModelViewSet):
    """Words and phrases that send a comment to the queue; Moderators keep the list
    (community/migrations/0009)."""

    model = BlockedWord
    pk_path_converter = "id"  # core.converters: an id too large is a 404
    icon = "cross"
    menu_label = _("Blocked words")
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["word", "note"]
    list_display = ["word", "note", DateColumn("created_at", label=_("Added"))]
    search_fields = ["word", "note"]


class TopicProposalViewSet(ViewSet):
    """意見交換の提案: members' topic proposals to accept or decline (views in
    community.views.topics_admin, each checking `community.moderate_comment`)."""

    icon = "clipboard-list"
    menu_label = _("Topic proposals")
    url_prefix = "topic-proposals"
    menu_item_class = ModeratorMenuItem

    @property
    def menu_url(self):
        return reverse("topic_proposals:queue")

    def get_urlpatterns(self):
        return [
            path("", topics_admin.proposal_queue, name="queue"),
            path("<id:pk>/", topics_admin.proposal_detail, name="detail"),
            path("<id:pk>/accept/", topics_admin.proposal_accept_view, name="accept"),
            path("<id:pk>/decline/", topics_admin.proposal_decline_view, name="decline"),
        ]


class TopicCloseViewSet(ViewSet):
    """意見交換の終了: the topics for moderators to close (they have no page screens; editors
    close from a topic's menus). The view checks `community.moderate_comment`."""

    icon = "lock"
    menu_label = _("Close an opinion exchange")
    url_prefix = "topic-closing"
    menu_item_class = ModeratorMenuItem

    @property
    def menu_url(self):
        return reverse("topic_closing:list")

    def get_urlpatterns(self):
        return [path("", topics_admin.topic_close_list, name="list")]


class ModerationViewSetGroup(ViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 240
    items = (
        ModerationViewSet("moderation"),
        TopicProposalViewSet("topic_proposals"),
        TopicCloseViewSet("topic_closing"),
        ModerationLogViewSet("moderation_log"),
        BlockedWordViewSet("blocked_words"),
    )


class PageDiscussionMenuItem(PageMenuItem):
    """「コメントの設定」 in a discussable page's header and listing menus."""

    label = _("Comment settings")
    icon_name = "comment"
    url_name = "moderation:page_discussion"
    priority = 66

    def is_shown(self, user):
        return discussion_mode_settable_by(user, page=self.page)


class TopicCloseMenuItem(PageMenuItem):
    """「意見交換を終了する」 in a topic's header and listing menus, for those who may close it."""

    label = _("Close the opinion exchange")
    icon_name = "lock"
    url_name = "topic_close"
    priority = 67

    def is_shown(self, user):
        return topic_closable_by(user, topic=self.page)


class OpinionEnterMenuItem(PageMenuItem):
    """「意見を入力する」 in a topic's header and listing menus, for staff who key in opinions
    received on paper, at a counter, by post or at an event."""

    label = _("Enter opinions received")
    icon_name = "edit"
    url_name = "topic_opinion_enter"
    priority = 68

    def is_shown(self, user):
        return opinions_enterable_by(user)


class OpinionEntererMenuItem(PermissionMenuItem):
    permission = ENTER_PERMISSION


class OpinionEnterViewSet(ViewSet):
    """意見を入力する: the topics to key opinions in for (Responders have no page screens;
    editors also find the action in a topic's menus). The view checks
    `community.enter_opinions`."""

    icon = "edit"
    menu_label = _("Enter opinions received")
    url_prefix = "opinion-entry"
    menu_item_class = OpinionEntererMenuItem
    menu_order = 245
    add_to_admin_menu = True

    @property
    def menu_url(self):
        return reverse("opinion_entry:list")

    def get_urlpatterns(self):
        return [path("", entered_opinions.opinion_enter_list, name="list")]
