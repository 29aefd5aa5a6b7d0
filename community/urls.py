"""Member pages: public profiles under /members/, a member's own pages under /accounts/."""

from django.urls import path  # noqa: F401 - routes arrive with the profile views

app_name = "community"

urlpatterns: list = []
