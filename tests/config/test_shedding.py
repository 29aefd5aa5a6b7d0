"""Load shedding (config/shedding.py): a request that waited longer than REQUEST_QUEUE_TIMEOUT
in front of the app gets 503 at once, in Japanese, and nothing it asked for is done; a database
that does not answer gives 503 too (config/views.py)."""

import logging
import time
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from articles.models import HomePage
from community.models import Comment
from config.shedding import queued_seconds
from tests.factories import ArticlePageFactory, established_member

BUSY = "ただいま混み合っています"


@pytest.mark.parametrize(
    "header",
    ["t=1732950000.5", "1732950000.5", "t=1732950000500", "t=1732950000500000"],
    ids=["s", "bare", "ms", "µs"],
)
def test_the_proxy_stamp_is_read_in_seconds_milliseconds_or_microseconds(header):
    assert queued_seconds(header, now=1_732_950_003.0) == pytest.approx(2.5)


@pytest.mark.parametrize("header", ["t=yesterday", "t=inf", "t=-inf", "t=nan", "t=1e308", "t=-5"])
def test_a_malformed_or_incredible_stamp_is_ignored(header):
    assert queued_seconds(header, now=1_732_950_000.0) is None


def test_a_stamp_in_the_future_or_days_old_is_ignored():
    now = 1_732_950_000.0
    assert queued_seconds(f"t={now + 60}", now=now) is None
    assert queued_seconds(f"t={now - 3 * 86400}", now=now) is None


def test_the_health_check_is_never_shed(client, db, settings):
    stamp = f"t={time.time() - settings.REQUEST_QUEUE_TIMEOUT - 1:.3f}"

    assert client.get("/healthz/", HTTP_X_REQUEST_START=stamp).status_code == 200


def test_a_request_that_waited_too_long_gets_the_busy_page(client, home_page, settings):
    stamp = f"t={time.time() - settings.REQUEST_QUEUE_TIMEOUT - 1:.3f}"

    response = client.get("/", HTTP_X_REQUEST_START=stamp)

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f"<title>{BUSY} | 寄り合い Yoriai</title>" in html
    assert "10秒ほど待ってから、もう一度お試しください。" in html


def test_shed_requests_make_one_warning_per_interval_not_an_error_each(
    client, home_page, settings, caplog
):
    stamp = f"t={time.time() - settings.REQUEST_QUEUE_TIMEOUT - 1:.3f}"

    with caplog.at_level(logging.INFO):
        statuses = [client.get("/", HTTP_X_REQUEST_START=stamp).status_code for _ in range(3)]

    assert statuses == [503, 503, 503]
    assert [(r.name, r.levelname) for r in caplog.records] == [("config.shedding", "WARNING")]
    assert caplog.records[0].getMessage().startswith("Shed 1 request(s) that waited longer than")


def test_a_request_that_did_not_wait_long_is_served(client, home_page):
    response = client.get("/", HTTP_X_REQUEST_START=f"t={time.time() - 0.2:.3f}")

    assert response.status_code == 200


def test_without_a_proxy_stamp_nothing_is_shed(client, home_page):
    assert client.get("/").status_code == 200


def test_a_shed_comment_is_not_saved(client, article_index, settings):
    article = ArticlePageFactory(parent=article_index)
    client.force_login(established_member())
    stamp = f"t={time.time() - settings.REQUEST_QUEUE_TIMEOUT - 1:.3f}"

    response = client.post(
        reverse("community:comment_post", args=[article.pk]),
        {"body": "混んでいる時のコメント"},
        HTTP_X_REQUEST_START=stamp,
    )

    assert response.status_code == 503
    assert "送信した内容は保存されていません。" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_that_does_not_answer_gives_503_not_500(home_page, error):
    client = Client(raise_request_exception=False)

    failing = mock.patch.object(
        HomePage, "serve", side_effect=error("server closed the connection")
    )
    with failing, mock.patch("config.views._database_usable", return_value=False):
        response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert "<title>一時的にご利用いただけません | 寄り合い Yoriai</title>" in html
    assert "送信した内容が保存されたかどうかは、ページを開き直して確かめてください。" in html
    assert "server closed the connection" not in html


def test_a_database_error_on_a_working_connection_is_a_bug_and_the_500_page(home_page):
    client = Client(raise_request_exception=False)

    failing = mock.patch.object(HomePage, "serve", side_effect=OperationalError("no such column"))
    with failing:
        response = client.get("/")

    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()


def test_any_other_error_is_the_500_page(home_page):
    client = Client(raise_request_exception=False)

    with mock.patch.object(HomePage, "serve", side_effect=ValueError("a bug")):
        response = client.get("/")

    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()
