from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from articles.feeds import ArticleAtomFeed, ArticleFeed
from config.health import healthz
from config.views import favicon
from outreach.announcements.views import announcement_link
from outreach.line.views import line_webhook
from outreach.views.push import push_service_worker

handler500 = "config.views.server_error"

urlpatterns = [
    # Staff sign in through allauth like everyone else: its rate limits and MFA apply.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login",
    ),
    path("healthz/", healthz, name="healthz"),
    # The public read API: the same in every language (its texts follow Accept-Language).
    path("", include("api.urls")),
    # LINE calls one address whatever the language (verified by its signature, not a CSRF token).
    path("line/webhook/", line_webhook, name="line_webhook"),
    # Announcements' links: short, the same in every language (outreach.announcements.opens).
    path("a/<str:token>/", announcement_link, name="announcement_open"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    # Browsers ask for /favicon.ico whatever the page links; the file lives with the icons.
    path("favicon.ico", favicon, name="favicon"),
    path(
        "manifest.webmanifest",
        TemplateView.as_view(
            template_name="manifest.webmanifest", content_type="application/manifest+json"
        ),
        name="web_manifest",
    ),
    # The browser notifications' service worker: from the root, its scope is the whole site.
    path("push-sw.js", push_service_worker, name="push_service_worker"),
    path("feeds/", ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", ArticleAtomFeed(), name="feed_atom"),
    re_path(r"^feeds/tags/(?P<tag>[^/]+)/$", ArticleFeed(), name="feed_tag_rss"),
    re_path(r"^feeds/tags/(?P<tag>[^/]+)/atom/$", ArticleAtomFeed(), name="feed_tag_atom"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Japanese lives at the plain URLs (/articles/…); English under /en/ (/en/articles/…).
urlpatterns += i18n_patterns(
    path("", include("community.urls")),
    path("", include("readable.urls")),
    path("accounts/notifications/", include("outreach.urls")),
    path("accounts/", include("allauth.urls")),
    path("survey-tests/", include("surveys.urls")),
    path("", include("search.urls")),
    path("opendata/", include("api.opendata.urls")),
    # Files a page offers under its own address (a consultation outcome's outcome.csv): Wagtail's
    # pattern takes no dot, so they reach its serve view here and the page's routes answer.
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:csv|xlsx))$", wagtail_views.serve, name="page_file"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
