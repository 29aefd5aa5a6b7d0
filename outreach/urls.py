"""Outreach's addresses under /accounts/notifications/ (language-prefixed like the rest of the
member's pages). The service worker is at the site's root instead (config.urls)."""

from django.urls import path

from .views import push

app_name = "outreach"

urlpatterns = [
    path("browsers/subscribe/", push.push_subscribe, name="push_subscribe"),
    path("browsers/<id:pk>/remove/", push.push_unsubscribe, name="push_unsubscribe"),
    path("quiet-hours/", push.quiet_hours_save, name="quiet_hours_save"),
]
