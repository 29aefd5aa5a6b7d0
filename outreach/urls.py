"""Outreach's addresses under /accounts/notifications/ (language-prefixed like the rest of the
member's pages): linking LINE, the browsers that get notifications, quiet hours. LINE's webhook
and the service worker are outside the language prefix (config.urls)."""

from django.urls import path

from .line import views as line
from .views import push

app_name = "outreach"

urlpatterns = [
    path("line/link/", line.line_link_sign_in, name="line_link_sign_in"),
    path("line/code/", line.line_link_code_create, name="line_link_code_create"),
    path("line/unlink/", line.line_unlink, name="line_unlink"),
    path("browsers/subscribe/", push.push_subscribe, name="push_subscribe"),
    path("browsers/<id:pk>/remove/", push.push_unsubscribe, name="push_unsubscribe"),
    path("quiet-hours/", push.quiet_hours_save, name="quiet_hours_save"),
]
