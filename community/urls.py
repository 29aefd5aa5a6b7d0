"""Member pages: public profiles under /members/, a member's own pages under /accounts/;
the forms of discussions under /comments/."""

from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/profile/welcome/", views.profile_welcome, name="profile_welcome"),
    path("accounts/data/", views.data_export, name="data_export"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
    path("comments/pages/<int:page_id>/post/", views.comment_post, name="comment_post"),
    path("comments/pages/<int:page_id>/like/", views.page_like, name="page_like"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/like/", views.comment_like, name="comment_like"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
]
