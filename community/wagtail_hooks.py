"""Staff screens: 会員 (verified badges), 地域 (the region list) and モデレーション (the
comment queue, the moderation log and blocked words).

Who may use them is decided in one place each: `MemberPermissionPolicy` for 会員 (the
`community.verify_member` permission), Django model permissions on Region for 地域 and on
BlockedWord for blocked words, and the `moderator_required` decorator of each moderation view
(`community.moderate_comment`). Moderators hold them all (community/migrations/0005, 0007,
0009); superusers have every permission.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BlockedWord, Region, TopicPage, User
from .selectors.comments import discussable_page_models
from .services.comments import MODERATE_PERMISSION, discussion_mode_settable_by
from .services.members import VERIFY_PERMISSION, member_verify
from .services.topics import topic_closable_by
from .views import consensus, moderation, topics_admin

VERIFY_ACTIONS = {"change", "view"}  # nobody adds or deletes members here


class MemberPermissionPolicy(BasePermissionPolicy):
    """Listing members and changing their badge need `community.verify_member`; nothing else
    (adding, deleting, copying members) is offered to anyone on this screen."""

    def user_has_permission(self, user, action):
        return action in VERIFY_ACTIONS and user.is_active and user.has_perm(VERIFY_PERMISSION)

    def users_with_any_permission(self, actions):
        if not VERIFY_ACTIONS & set(actions):
            return User.objects.none()
        app_label, codename = VERIFY_PERMISSION.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        return User.objects.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permission)
            | Q(groups__permissions__in=permission),
            is_active=True,
        ).distinct()


class MemberIndexView(generic.IndexView):
    """Active members, newest first; the first column is the public nickname, linked to edit."""

    @cached_property
    def columns(self):
        columns = super().columns
        columns[0].label = _("Nickname")
        return columns


class MemberEditView(generic.EditView):
    """Saves only the badge, through member_verify() (which records who verified and when)."""

    def get_page_subtitle(self):
        return self.object.public_name

    def save_instance(self):
        member = self.form.instance
        verified_as = self.form.cleaned_data["verified_as"]
        member.refresh_from_db(fields=["verified_as"])
        self.has_content_changes = verified_as != member.verified_as
        return member_verify(member=member, moderator=self.request.user, verified_as=verified_as)


class MemberViewSet(ModelViewSet):
    model = User
    icon = "user"
    menu_label = _("Members")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = MemberIndexView
    edit_view_class = MemberEditView
    copy_view_enabled = False
    panels = [
        HelpPanel(template="community/admin/member_summary.html", heading=_("Member")),
        FieldPanel("verified_as"),
    ]
    search_fields = ["display_name", "email"]
    list_filter = ["verified_as", "stakeholder_type", "prefecture"]
    list_display = [
        "public_name",
        "stakeholder_type",
        "prefecture",
        "verified_as",
        DateColumn("date_joined", label=_("Joined")),
    ]
    ordering = "-date_joined"

    @property
    def permission_policy(self):
        return MemberPermissionPolicy(self.model)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=User.objects.filter(is_active=True), **kwargs)


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "prefecture", "sort_order"]
    list_filter = ["prefecture"]
    search_fields = ["name"]
    ordering = ["prefecture", "sort_order", "name", "pk"]


@hooks.register("register_admin_viewset")
def register_member_viewset():
    return MemberViewSet("members")


register_snippet(RegionViewSet)


@hooks.register("register_permissions")
def register_verify_permission():
    app_label, codename = VERIFY_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


# --- Moderation -------------------------------------------------------------------------------


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)


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
            path("comments/<int:pk>/", moderation.comment_detail, name="comment"),
            path("members/<int:pk>/", moderation.member_suspend, name="member_suspend"),
            path("suspensions/<int:pk>/lift/", moderation.suspension_lift, name="suspension_lift"),
            path(
                "pages/<int:page_id>/comments/", moderation.page_discussion, name="page_discussion"
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
            path("<int:pk>/", topics_admin.proposal_detail, name="detail"),
            path("<int:pk>/accept/", topics_admin.proposal_accept_view, name="accept"),
            path("<int:pk>/decline/", topics_admin.proposal_decline_view, name="decline"),
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


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationViewSetGroup()


class PageDiscussionMenuItem(PageMenuItem):
    """「コメントの設定」 in a discussable page's header and listing menus."""

    label = _("Comment settings")
    icon_name = "comment"
    url_name = "moderation:page_discussion"
    priority = 66

    def is_shown(self, user):
        return discussion_mode_settable_by(user, page=self.page)


@hooks.register("register_page_header_buttons")
def page_discussion_header_button(page, user, view_name, next_url=None):
    if page.specific_class in discussable_page_models():
        yield PageDiscussionMenuItem(page=page)


@hooks.register("register_page_listing_more_buttons")
def page_discussion_listing_button(page, user, next_url=None):
    if page.specific_class in discussable_page_models():
        yield PageDiscussionMenuItem(page=page)


# --- Closing an opinion exchange --------------------------------------------------------------


class TopicCloseMenuItem(PageMenuItem):
    """「意見交換を終了する」 in a topic's header and listing menus, for those who may close it."""

    label = _("Close the opinion exchange")
    icon_name = "lock"
    url_name = "topic_close"
    priority = 67

    def is_shown(self, user):
        return topic_closable_by(user, topic=self.page)


@hooks.register("register_admin_urls")
def register_topic_close_url():
    return [path("topics/<int:page_id>/close/", topics_admin.topic_close_view, name="topic_close")]


@hooks.register("register_page_header_buttons")
def topic_close_header_button(page, user, view_name, next_url=None):
    if page.specific_class is TopicPage:
        yield TopicCloseMenuItem(page=page)


@hooks.register("register_page_listing_more_buttons")
def topic_close_listing_button(page, user, next_url=None):
    if page.specific_class is TopicPage:
        yield TopicCloseMenuItem(page=page)


# --- Opinion exchange reports (意見交換レポート) -------------------------------------------------


class ConsensusMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(consensus.CONSENSUS_PERMISSION)


class ConsensusViewSet(ViewSet):
    """The consensus report of each topic, for Moderators and Analysts (views in
    community.views.consensus, each behind its `consensus_view` decorator)."""

    icon = "group"
    menu_label = _("Opinion exchange reports")
    menu_order = 251  # next to 集計結果 (surveys, 250)
    url_prefix = "consensus"
    add_to_admin_menu = True
    menu_item_class = ConsensusMenuItem

    @property
    def menu_url(self):
        return reverse("consensus:index")

    def get_urlpatterns(self):
        return [
            path("", consensus.index, name="index"),
            path("<int:page_id>/", consensus.report, name="report"),
            path("<int:page_id>/opinions.csv", consensus.opinions_csv, name="opinions_csv"),
            path("<int:page_id>/opinions.xlsx", consensus.opinions_xlsx, name="opinions_xlsx"),
            path("<int:page_id>/votes.csv", consensus.votes_csv, name="votes_csv"),
            path("<int:page_id>/votes.xlsx", consensus.votes_xlsx, name="votes_xlsx"),
        ]


@hooks.register("register_admin_viewset")
def register_consensus_viewset():
    return ConsensusViewSet("consensus")


class ConsensusReportMenuItem(PageMenuItem):
    """「意見交換レポート」 in a topic's header and listing menus, for those who may read it."""

    label = _("Opinion exchange report")
    icon_name = "group"
    url_name = "consensus:report"
    priority = 68

    def is_shown(self, user):
        return user.has_perm(consensus.CONSENSUS_PERMISSION)


@hooks.register("register_page_header_buttons")
def consensus_report_header_button(page, user, view_name, next_url=None):
    if page.specific_class is TopicPage:
        yield ConsensusReportMenuItem(page=page)


@hooks.register("register_page_listing_more_buttons")
def consensus_report_listing_button(page, user, next_url=None):
    if page.specific_class is TopicPage:
        yield ConsensusReportMenuItem(page=page)
