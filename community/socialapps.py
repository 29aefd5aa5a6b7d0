"""The admin screen where a superuser keeps the LINE and Google login credentials.

allauth's own screen for social applications lives in Django's admin, which this site does
not run; this is the same model as a Wagtail viewset under *Settings*. Only superusers see it:
no staff group has the `socialaccount` permissions. Credentials can also come from the
environment instead (docs/social-login.md).
"""

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers import registry
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

PROVIDERS = ("line", "google")


class SocialAppViewSet(ModelViewSet):
    model = SocialApp
    icon = "key"
    add_to_settings_menu = True
    menu_label = _("Social login")
    form_fields = ["provider", "name", "client_id", "secret"]
    list_display = ["name", "provider"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "provider":
            choices = [(id, name) for id, name in registry.as_choices() if id in PROVIDERS]
            return forms.ChoiceField(label=db_field.verbose_name, choices=choices)
        return super().formfield_for_dbfield(db_field, **kwargs)


@hooks.register("register_admin_viewset")
def register_social_app_viewset():
    return SocialAppViewSet("social_apps")
