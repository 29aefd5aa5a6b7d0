"""Outreach's pages under the language prefix: the LINE part of the notification settings. LINE's
webhook is in config/urls.py, outside the language prefix."""

from django.urls import path

from .line import views as line

app_name = "outreach"

urlpatterns = [
    path("accounts/notifications/line/link/", line.line_link_sign_in, name="line_link_sign_in"),
    path(
        "accounts/notifications/line/code/",
        line.line_link_code_create,
        name="line_link_code_create",
    ),
    path("accounts/notifications/line/unlink/", line.line_unlink, name="line_unlink"),
]
