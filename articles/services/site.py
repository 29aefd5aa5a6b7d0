"""Site set-up: the home page as the default site's root, the contact form's fields and the
articles featured on the home page."""

from django.db import transaction
from wagtail.models import Page, Site

from core.pages import page_publish

from ..models import ContactFormField, HomePage, HomePageFeaturedArticle


def home_page_install(*, title, lead, site_name, hostname, port):
    """The HomePage as the default site's root, replacing Wagtail's welcome page."""
    with transaction.atomic():
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.order_by("path").first()
        if home is None:
            home = HomePage(title=title, slug="yoriai", lead=lead, live=False)
            Page.get_first_root_node().add_child(instance=home)
        if (home.title, home.lead, home.live) != (title, lead, True):
            home.title, home.draft_title, home.lead = title, title, lead
            home = page_publish(home)
        if site is None:
            site = Site(is_default_site=True)
        welcome = site.root_page if site.root_page_id else None
        site.root_page, site.site_name, site.hostname, site.port = home, site_name, hostname, port
        site.save()
        if _is_unused_welcome_page(welcome, home=home):
            welcome.delete()
    return home


def _is_unused_welcome_page(page, *, home):
    return (
        page is not None
        and page.pk != home.pk
        and type(page.specific) is Page
        and not page.get_children().exists()
    )


def contact_page_fields_set(*, page, fields):
    """Replace the contact form's fields with `fields`: dicts of label, field_type, required…"""
    wanted = [
        ContactFormField(sort_order=order, **{"required": True, "choices": "", **spec})
        for order, spec in enumerate(fields)
    ]

    def shape(field):
        return (field.label, field.clean_name, field.field_type, field.required, field.choices)

    current = [shape(field) for field in page.form_fields.order_by("sort_order")]
    if current == [shape(field) for field in wanted]:
        return page
    page = page.get_latest_revision_as_object()
    page.form_fields = wanted
    return page_publish(page)


def home_featured_set(*, home, articles):
    """Feature `articles` (in order) on the home page, publishing the change."""
    wanted = [article.pk for article in articles]
    current = list(home.featured.order_by("sort_order").values_list("article_id", flat=True))
    if current == wanted:
        return home
    home = home.get_latest_revision_as_object()
    home.featured = [
        HomePageFeaturedArticle(article=article, sort_order=order)
        for order, article in enumerate(articles)
    ]
    return page_publish(home)
