"""When Redis cannot be reached: pages render, sessions and login work, login limits still
count (in the database), member limits fail open (config/cache.py, docs/deploy.md)."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError

from config import cache as failover
from core.ratelimit import rate_limit_wait
from tests.factories import ArticlePageFactory, UserFactory

PASSWORD = "kumamoto-no-sora-2026"
TOO_MANY_FAILURES = "ログイン失敗が連続しています。時間が経ってからやり直してください。"

# Port 1 on loopback: nothing listens, so every connection is refused at once.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "config.cache.FailoverCache",
        "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "database", "RETRY_AFTER": 60},
    },
    "redis": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    },
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"},
    "pages": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    },
}


@pytest.fixture
def redis_down(settings, db):
    settings.CACHES = UNREACHABLE_REDIS
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    failover._primary_down_until.clear()
    yield
    failover._primary_down_until.clear()


def test_the_cache_answers_from_the_database_and_says_it_is_degraded(redis_down):
    assert not cache.degraded

    cache.set("greeting", "こんにちは")

    assert cache.degraded
    assert cache.get("greeting") == "こんにちは"
    assert caches["database"].get("greeting") == "こんにちは"


def test_pages_render(client, redis_down, home_page):
    article = ArticlePageFactory(parent=home_page, title="マイナンバーカードの普及")

    response = client.get(article.url)

    assert response.status_code == 200
    assert "マイナンバーカードの普及" in response.content.decode()


def test_a_member_logs_in_and_stays_signed_in(client, redis_down, home_page):
    member = UserFactory(email="hanako@example.jp", password=PASSWORD)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)

    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == member


def test_login_limits_still_count_failures(client, redis_down):
    member = UserFactory(email="hanako@example.jp")
    wrong = {"login": member.email, "password": "wrong-password"}
    for _ in range(5):
        response = client.post(reverse("account_login"), wrong)
        assert TOO_MANY_FAILURES not in response.content.decode()

    response = client.post(reverse("account_login"), wrong)

    assert TOO_MANY_FAILURES in response.content.decode()


def test_member_limits_fail_open_and_the_contact_form_limit_stays_closed(redis_down):
    cache.get("wake-up")  # finds Redis down
    for _ in range(5):
        assert rate_limit_wait(scope="comment", ip_address="192.0.2.1", limit=(1, 60)) == 0

    waits = [rate_limit_wait(scope="contact", ip_address="192.0.2.1") for _ in range(6)]

    assert waits[:5] == [0] * 5
    assert waits[5] > 0


def test_the_health_check_says_the_cache_is_degraded_but_the_server_serves(client, redis_down):
    cache.get("wake-up")

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "degraded"}
    assert "no-store" in response["Cache-Control"]


# --- Redis answering again --------------------------------------------------------------------


class FlakyRedis(LocMemCache):
    """A cache in memory that refuses every call, as Redis does, while `down` is set."""

    down = False
    error = RedisConnectionError("Connection refused")

    def _check(self):
        if FlakyRedis.down:
            raise FlakyRedis.error


def _refused_while_down(method):
    def guarded(self, *args, **kwargs):
        self._check()
        return method(self, *args, **kwargs)

    return guarded


for _name in ("add", "get", "set", "touch", "delete", "get_many", "delete_many", "incr", "has_key"):
    setattr(FlakyRedis, _name, _refused_while_down(getattr(LocMemCache, _name)))


@pytest.fixture
def flaky_redis(settings, db):
    settings.CACHES = {
        **UNREACHABLE_REDIS,
        "redis": {"BACKEND": "tests.config.test_cache_failover.FlakyRedis", "LOCATION": "flaky"},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    failover._primary_down_until.clear()
    failover._written_while_down.clear()
    FlakyRedis.down = False
    yield
    FlakyRedis.down = False
    FlakyRedis.error = RedisConnectionError("Connection refused")
    failover._primary_down_until.clear()
    failover._written_while_down.clear()
    caches["redis"].clear()


def _redis_answers_again():
    FlakyRedis.down = False
    failover._primary_down_until.clear()  # as when RETRY_AFTER has passed


@pytest.mark.parametrize(
    "error",
    [
        ReadOnlyError("You can't write against a read only replica."),
        OutOfMemoryError("command not allowed when used memory > 'maxmemory'."),
    ],
    ids=["read-only replica", "out of memory"],
)
def test_a_redis_that_refuses_writes_is_left_alone_like_one_that_is_down(flaky_redis, error):
    FlakyRedis.down, FlakyRedis.error = True, error

    cache.set("session", "kept")

    assert cache.degraded
    assert cache.get("session") == "kept"
    assert caches["database"].get("session") == "kept"


def test_what_was_written_meanwhile_is_forgotten_when_redis_answers_again(flaky_redis):
    cache.set("counter", "before the outage")
    FlakyRedis.down = True
    cache.set("counter", "during the outage")

    _redis_answers_again()

    assert cache.get("counter") is None  # never the value from before the outage
    assert not cache.degraded


def test_a_member_who_logged_out_during_the_outage_stays_logged_out(client, flaky_redis):
    member = UserFactory(email="hanako@example.jp", password=PASSWORD)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    old_cookie = client.cookies["sessionid"].value
    FlakyRedis.down = True
    client.post(reverse("account_logout"))

    _redis_answers_again()
    client.cookies["sessionid"] = old_cookie
    response = client.get(reverse("account_email"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
