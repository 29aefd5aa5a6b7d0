from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from core.site_sections import SiteSection, site_section_register

        from . import signals, tasks  # noqa: F401

        # The header and footer: 記事 first, お問い合わせ last; the information pages
        # (プライバシーポリシー …) marked "Show in menus" in the footer, by their titles.
        site_section_register(
            SiteSection("article_index", "articles.ArticleIndexPage", _("Articles"), order=10)
        )
        site_section_register(
            SiteSection("contact", "articles.ContactPage", _("Contact"), order=90, footer=True)
        )
        site_section_register(
            SiteSection(
                "information",
                "articles.InformationPage",
                order=100,
                header=False,
                footer=True,
                menu_pages=True,
            )
        )
