"""The staff roles created by community/migrations/0002_staff_groups.py (docs/roles.md).

Scheduling and submitting for review through the admin are in tests/articles/test_admin.py.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page

from articles.models import ArticlePage
from tests.factories import StaffUserFactory, UserFactory


def test_the_three_staff_groups_exist_after_migrating(db):
    names = set(Group.objects.values_list("name", flat=True))

    assert {"Editors", "Moderators", "Analysts"} <= names


def test_editors_can_add_edit_publish_and_lock_articles(editor, article_index, article):
    index_rights = article_index.permissions_for_user(editor)
    article_rights = article.permissions_for_user(editor)

    assert index_rights.can_add_subpage()
    assert ArticlePage in article_index.specific.creatable_subpage_models()
    assert article_rights.can_edit()
    assert article_rights.can_publish()
    assert article_rights.can_unpublish()
    assert article_rights.can_lock()


def test_editors_manage_authors_and_series(editor):
    for model in ("author", "series"):
        for action in ("add", "change", "delete"):
            assert editor.has_perm(f"articles.{action}_{model}"), f"{action}_{model}"


def test_an_editor_opens_the_author_snippets_in_the_admin(client, editor):
    client.force_login(editor)

    response = client.get(reverse("wagtailsnippets_articles_author:add"))

    assert response.status_code == 200


@pytest.mark.parametrize("group", ["Moderators", "Analysts"])
def test_moderators_and_analysts_reach_the_admin_but_cannot_change_pages(client, article, group):
    user = StaffUserFactory(groups=[group])
    rights = article.permissions_for_user(user)
    client.force_login(user)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert not rights.can_edit()
    assert not rights.can_publish()
    assert not article.get_parent().permissions_for_user(user).can_add_subpage()
    assert not user.has_perm("articles.change_author")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert edit.status_code in (302, 403)
    assert edit.status_code == 403 or edit["Location"] == reverse("wagtailadmin_home")


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_admin(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "next=/admin/" in response["Location"]


def test_a_plain_member_is_sent_away_from_the_admin(client, db):
    client.force_login(UserFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_default_workflow_is_approved_by_editors(db):
    workflow = Page.get_first_root_node().get_workflow()

    task = workflow.tasks.get().specific
    assert (workflow.name, task.name) == ("記事の承認", "編集者の承認")
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]


def test_editors_and_no_one_else_approve_a_submitted_article(editor, article):
    author = StaffUserFactory(groups=["Editors"])
    article.save_revision(user=author)
    workflow_state = article.get_workflow().start(article, author)
    task = workflow_state.current_task_state.task.specific
    moderator = StaffUserFactory(groups=["Moderators"])

    editor_actions = [action for action, *_ in task.get_actions(article, editor)]
    moderator_actions = [action for action, *_ in task.get_actions(article, moderator)]

    assert "approve" in editor_actions
    assert moderator_actions == []
