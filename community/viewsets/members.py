"""The staff screens 会員 (members' verified badges) and 地域 (the region list).

Who may use them is decided in one place each: `MemberPermissionPolicy` for 会員 (the
`community.verify_member` permission), Django model permissions on Region for 地域. Moderators
hold both (community/migrations/0005); superusers have every permission.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from core.admin import StaffSnippetViewSet

from ..models import Region, User
from ..services.members import VERIFY_PERMISSION, member_verify

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
    pk_path_converter = "id"  # core.converters: an id too large is a 404
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


class RegionViewSet(StaffSnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "prefecture", "sort_order"]
    list_filter = ["prefecture"]
    search_fields = ["name"]
    ordering = ["prefecture", "sort_order", "name", "pk"]
