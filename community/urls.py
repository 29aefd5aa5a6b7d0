"""Member pages: public profiles under /members/, a member's own pages under /accounts/."""

from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/profile/welcome/", views.profile_welcome, name="profile_welcome"),
    path("accounts/data/", views.data_export, name="data_export"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
]
