"""The staff screen 意見交換レポート (the consensus report of each topic) and its page menu
item, for those who hold `community.view_consensus` (Moderators and Analysts)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet

from core.admin import PermissionMenuItem

from ..views import consensus


class ConsensusMenuItem(PermissionMenuItem):
    permission = consensus.CONSENSUS_PERMISSION


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
            path("<id:page_id>/", consensus.report, name="report"),
            path("<id:page_id>/opinions.csv", consensus.opinions_csv, name="opinions_csv"),
            path("<id:page_id>/opinions.xlsx", consensus.opinions_xlsx, name="opinions_xlsx"),
            path("<id:page_id>/votes.csv", consensus.votes_csv, name="votes_csv"),
            path("<id:page_id>/votes.xlsx", consensus.votes_xlsx, name="votes_xlsx"),
            path(
                "<id:page_id>/groups/publish/",
                consensus.groups_publish_view,
                name="groups_publish",
            ),
        ]


class ConsensusReportMenuItem(PageMenuItem):
    """「意見交換レポート」 in a topic's header and listing menus, for those who may read it."""

    label = _("Opinion exchange report")
    icon_name = "group"
    url_name = "consensus:report"
    priority = 68

    def is_shown(self, user):
        return user.has_perm(consensus.CONSENSUS_PERMISSION)
