"""Member pages: public profiles under /members/, a member's own pages under /accounts/;
the forms of discussions under /comments/."""

from django.urls import path

from .views import comments, members, notifications, topics

app_name = "community"

urlpatterns = [
    path("members/<id:pk>/", members.member_detail, name="member_detail"),
    path("accounts/profile/", members.profile_edit, name="profile_edit"),
    path("accounts/profile/welcome/", members.profile_welcome, name="profile_welcome"),
    path("accounts/data/", members.data_export, name="data_export"),
    path("accounts/delete/", members.account_delete, name="account_delete"),
    path("accounts/notifications/", notifications.notification_list, name="notification_list"),
    path(
        "accounts/notifications/read/",
        notifications.notifications_mark_all_read,
        name="notifications_mark_all_read",
    ),
    path(
        "accounts/notifications/<id:pk>/open/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "accounts/notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path(
        "accounts/notifications/unsubscribe/<str:token>/",
        notifications.unsubscribe,
        name="unsubscribe",
    ),
    path(
        "accounts/notifications/announcements/unsubscribe/<str:token>/",
        notifications.announcements_unsubscribe,
        name="announcements_unsubscribe",
    ),
    path("comments/pages/<id:page_id>/post/", comments.comment_post, name="comment_post"),
    path("comments/pages/<id:page_id>/like/", comments.page_like, name="page_like"),
    path("comments/pages/<id:page_id>/follow/", notifications.follow_toggle, name="follow_toggle"),
    path("comments/<id:pk>/", comments.comment_permalink, name="comment_permalink"),
    path("comments/<id:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<id:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<id:pk>/like/", comments.comment_like, name="comment_like"),
    path("comments/<id:pk>/report/", comments.comment_report, name="comment_report"),
    path("comments/<id:pk>/vote/", topics.opinion_vote, name="opinion_vote"),
]
