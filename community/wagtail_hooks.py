"""Registers the community's staff screens and page menu items (community.viewsets) with the
Wagtail admin: 会員, 地域, モデレーション, 意見交換レポート, the permission Moderators are given
(community.verify_member), and a page's 「コメントの設定」, 「意見交換を終了する」,
「意見を入力する」 and 「意見交換レポート」."""

from django.contrib.auth.models import Permission
from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from core.admin import page_buttons_register

from .models import TopicPage
from .models.discussion import discussable_page_models
from .services.entered_opinions import ENTER_PERMISSION
from .services.members import VERIFY_PERMISSION
from .views import entered_opinions, topics_admin
from .viewsets.consensus import ConsensusReportMenuItem, ConsensusViewSet
from .viewsets.members import MemberViewSet, RegionViewSet
from .viewsets.moderation import (
    ModerationViewSetGroup,
    OpinionEnterMenuItem,
    OpinionEnterViewSet,
    PageDiscussionMenuItem,
    TopicCloseMenuItem,
)


def _is_discussable(page):
    return page.specific_class in discussable_page_models()


def _is_topic(page):
    return page.specific_class is TopicPage


@hooks.register("register_admin_viewset")
def register_member_viewset():
    return MemberViewSet("members")


register_snippet(RegionViewSet)


@hooks.register("register_permissions")
def register_verify_permission():
    app_label, codename = VERIFY_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_permissions")
def register_enter_permission():
    app_label, codename = ENTER_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationViewSetGroup()


page_buttons_register(PageDiscussionMenuItem, applies_to=_is_discussable)


@hooks.register("register_admin_urls")
def register_topic_close_url():
    return [path("topics/<id:page_id>/close/", topics_admin.topic_close_view, name="topic_close")]


page_buttons_register(TopicCloseMenuItem, applies_to=_is_topic)


@hooks.register("register_admin_urls")
def register_opinion_enter_url():
    return [
        path(
            "topics/<id:page_id>/opinions/enter/",
            entered_opinions.opinion_enter_view,
            name="topic_opinion_enter",
        )
    ]


page_buttons_register(OpinionEnterMenuItem, applies_to=_is_topic)


@hooks.register("register_admin_viewset")
def register_consensus_viewset():
    return ConsensusViewSet("consensus")


page_buttons_register(ConsensusReportMenuItem, applies_to=_is_topic)


@hooks.register("register_admin_viewset")
def register_opinion_enter_viewset():
    return OpinionEnterViewSet("opinion_entry")
