from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The public read API (/api/v1/) and the open-data downloads (オープンデータ): what every
    app shows to anyone, machine-readable, read through the apps' own selectors."""

    name = "api"
    verbose_name = _("Public API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.demo.extensions import demo_builder_register

        demo_builder_register("api.demo.demo_api_keys_build")
