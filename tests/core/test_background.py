"""Background tasks under db_worker: a failed task is retried with growing delays, then waits
for staff; a task left running by a dead worker is queued again; superusers see and retry."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from core.background import stale_tasks_requeue
from tests.factories import log_in_as

calls = []


@task()
def flaky_send(*, fail_times):
    """Fails its first `fail_times` runs, like an SMTP server that is down for a while."""
    calls.append(fail_times)
    if len(calls) <= fail_times:
        raise ConnectionRefusedError("SMTP server refused the connection")
    return "sent"


@pytest.fixture
def db_backend(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    calls.clear()


def _run_worker():
    """Run every task that is due, as `manage.py db_worker --batch` does."""
    # The worker closes connections it finds inside a transaction, as the test's is.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, verbosity=0, startup_delay=False)


def _make_due(result):
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())


def test_a_failed_task_is_queued_again_after_a_minute(db_backend):
    result = flaky_send.enqueue(fail_times=1)

    _run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.exception_class_path == "builtins.ConnectionRefusedError"
    wait = row.run_after - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(seconds=60)


def test_the_retry_succeeds_and_clears_the_error(db_backend):
    result = flaky_send.enqueue(fail_times=1)
    _run_worker()
    _make_due(result)

    _run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.exception_class_path == ""
    assert len(row.worker_ids) == 2


def test_the_delays_grow_and_after_the_last_retry_the_task_stays_failed(db_backend, settings):
    result = flaky_send.enqueue(fail_times=99)
    waits = []
    for _ in range(len(settings.TASK_RETRY_DELAYS)):
        _run_worker()
        row = DBTaskResult.objects.get(pk=result.id)
        waits.append(round((row.run_after - timezone.now()).total_seconds() / 60))
        _make_due(result)

    _run_worker()

    assert waits == [1, 5, 30, 120]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 5


def test_a_task_whose_worker_died_is_queued_again(db_backend):
    stuck = flaky_send.enqueue(fail_times=0)
    recent = flaky_send.enqueue(fail_times=0)
    long_ago = timezone.now() - timedelta(minutes=20)
    DBTaskResult.objects.filter(pk=stuck.id).update(status="RUNNING", started_at=long_ago)
    DBTaskResult.objects.filter(pk=recent.id).update(status="RUNNING", started_at=timezone.now())

    count = stale_tasks_requeue(older_than=timedelta(minutes=15))

    assert count == 1
    assert DBTaskResult.objects.get(pk=stuck.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=recent.id).status == TaskResultStatus.RUNNING


def test_a_task_whose_workers_keep_dying_is_left_failed_for_staff(db_backend, settings):
    stuck = flaky_send.enqueue(fail_times=0)
    long_ago = timezone.now() - timedelta(minutes=20)
    workers = ["w"] * (len(settings.TASK_RETRY_DELAYS) + 1)
    DBTaskResult.objects.filter(pk=stuck.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=workers
    )

    count = stale_tasks_requeue(older_than=timedelta(minutes=15))

    assert count == 0
    row = DBTaskResult.objects.get(pk=stuck.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "core.background.WorkerLost"


def test_db_worker_requeues_stale_tasks_when_it_starts_and_runs_them(db_backend):
    stuck = flaky_send.enqueue(fail_times=0)
    long_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(pk=stuck.id).update(status="RUNNING", started_at=long_ago)

    _run_worker()

    assert DBTaskResult.objects.get(pk=stuck.id).status == TaskResultStatus.SUCCESSFUL


# --- The staff screen -------------------------------------------------------------------------


@pytest.fixture
def failed(db_backend, settings):
    settings.TASK_RETRY_DELAYS = []
    result = flaky_send.enqueue(fail_times=99)
    _run_worker()
    return DBTaskResult.objects.get(pk=result.id)


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Editors", 403),
        ("Moderators", 403),
        ("Analysts", 403),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("url_name", ["list", "detail"])
def test_only_superusers_see_background_tasks(client, failed, role, status, url_name):
    log_in_as(client, role)
    args = [failed.pk] if url_name == "detail" else []

    response = client.get(reverse(f"background_tasks:{url_name}", args=args))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["anonymous", "member", "Editors", "Moderators", "Analysts"])
def test_nobody_else_can_run_a_task_again(client, failed, role):
    log_in_as(client, role)

    client.post(reverse("background_tasks:retry", args=[failed.pk]))

    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.FAILED


def test_the_list_shows_the_failed_task_in_words_and_its_error(client, failed):
    log_in_as(client, "superuser")

    text = _text(client.get(reverse("background_tasks:list")))

    assert "バックグラウンド処理" in text
    assert "失敗：1" in text
    assert "tests.core.test_background.flaky_send" in text  # no label: its path
    assert "ConnectionRefusedError" in text


def test_the_detail_shows_the_traceback_and_run_again_queues_it(client, failed):
    log_in_as(client, "superuser")
    detail = reverse("background_tasks:detail", args=[failed.pk])
    assert "SMTP server refused the connection" in _text(client.get(detail))

    response = client.post(reverse("background_tasks:retry", args=[failed.pk]), follow=True)

    assert "今すぐ再実行するよう登録しました。" in _text(response)
    row = DBTaskResult.objects.get(pk=failed.pk)
    assert row.status == TaskResultStatus.READY
    assert row.run_after <= timezone.now()


def test_a_task_that_has_not_failed_cannot_be_run_again(client, db_backend):
    result = flaky_send.enqueue(fail_times=0)
    log_in_as(client, "superuser")

    response = client.post(reverse("background_tasks:retry", args=[result.id]), follow=True)

    assert "再実行できるのは失敗した処理だけです。" in _text(response)


def test_a_known_task_is_named_in_japanese(client, db_backend):
    from community.tasks import notification_emails_send

    result = notification_emails_send.enqueue(notification_ids=[])
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED")
    log_in_as(client, "superuser")

    text = _text(client.get(reverse("background_tasks:list")))

    assert "通知メールの送信" in text
