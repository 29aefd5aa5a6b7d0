"""Production settings on real responses: secure cookies, HSTS, Referrer-Policy, COOP and the
Content-Security-Policy; `check --deploy`, cached templates, database connections and JSON logs
in a subprocess with the production settings module; and error pages (400, 403, CSRF, 404,
500) that say what happened in Japanese (English under /en/) and leak nothing.
"""

import importlib
import json
import secrets
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client, override_settings

from articles.models import HomePage
from tests.config.test_settings import run_with_production_settings
from tests.factories import MemberFactory

# WhiteNoise (production's middleware) warns that collectstatic has not run: tests never run it.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

PRODUCTION_ENV = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "yoriai.example"}
# What production.py decides about responses, applied to the test settings below.
RESPONSE_SETTINGS = [
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "CONTENT_SECURITY_POLICY",
]
LEAKS = ["Traceback", "SECRET_KEY", "/work/", "site-packages", "SELECT ", "DisallowedHost"]


@pytest.fixture
def production(monkeypatch):
    """The test settings with production.py's response settings and middleware."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delitem(sys.modules, "config.settings.production", raising=False)
    module = importlib.import_module("config.settings.production")
    values = {name: getattr(module, name) for name in RESPONSE_SETTINGS}
    with override_settings(**values, MIDDLEWARE=module.MIDDLEWARE):
        yield module


def https(client, method, url, **kwargs):
    """`url` over HTTPS behind the proxy, as production sees it."""
    return getattr(client, method)(url, secure=True, HTTP_X_FORWARDED_PROTO="https", **kwargs)


@pytest.mark.django_db
def test_production_responses_carry_the_security_headers(production, home_page):
    response = https(Client(), "get", "/")

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";"
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_production_sends_plain_http_to_https(production, home_page):
    response = Client().get("/articles/?page=2")

    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/articles/?page=2"


@pytest.mark.django_db
def test_production_cookies_are_secure_and_the_session_cookie_is_http_only(production, home_page):
    client = Client()
    member = MemberFactory(email_verified=True)

    login_page = https(client, "get", "/accounts/login/")
    signed_in = https(
        client,
        "post",
        "/accounts/login/",
        data={"login": member.email, "password": "correct horse battery staple"},
    )

    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_production_passes_the_deployment_checklist():
    result = run_with_production_settings(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


SHOW_SETTINGS = """
import json
import django
from django.conf import settings
from django.template import engines

django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "loaders": [type(loader).__module__ for loader in engines["django"].engine.template_loaders],
    "debug": settings.DEBUG,
    "conn_max_age": database.get("CONN_MAX_AGE"),
    "conn_health_checks": database.get("CONN_HEALTH_CHECKS"),
}))
"""


def test_production_caches_templates_and_keeps_checked_database_connections():
    result = run_with_production_settings(
        "-c",
        SHOW_SETTINGS,
        DATABASE_URL="postgres://yoriai:password@db.internal:5432/yoriai",
        **PRODUCTION_ENV,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "loaders": ["django.template.loaders.cached"],
        "debug": False,
        "conn_max_age": 60,
        "conn_health_checks": True,
    }


LOG_AN_ERROR = """
import logging
import django
django.setup()

class Request:
    path = "/articles/e-application/"
    method = "POST"

try:
    raise ValueError("壊れた入力")
except ValueError:
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", Request.path, exc_info=True,
        extra={"status_code": 500, "request": Request()},
    )
logging.getLogger("community").info("コメントを投稿しました")
"""


def test_production_logs_one_json_object_per_line_on_stdout():
    result = run_with_production_settings("-c", LOG_AN_ERROR, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    error, info = (json.loads(line) for line in result.stdout.splitlines())
    assert error["level"] == "ERROR"
    assert error["logger"] == "django.request"
    assert error["message"] == "Internal Server Error: /articles/e-application/"
    assert (error["path"], error["method"], error["status"]) == (
        "/articles/e-application/",
        "POST",
        500,
    )
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert error["exception"].endswith("ValueError: 壊れた入力")
    assert error["time"].endswith("+00:00") and "T" in error["time"]
    assert info["message"] == "コメントを投稿しました"
    assert set(info) == {"time", "level", "logger", "message"}


# --- Error pages (the test settings run with DEBUG off, as production does) -----------------


def _no_leaks(html):
    return [leak for leak in LEAKS if leak in html]


@pytest.fixture
def failing_home(home_page, monkeypatch):
    """The home page raises `error` when served."""

    def fail_with(error):
        def serve(self, request, *args, **kwargs):
            raise error

        monkeypatch.setattr(HomePage, "serve", serve)

    return fail_with


@pytest.mark.django_db
def test_a_missing_page_says_so_in_japanese_and_in_english_under_en(client, home_page):
    japanese = client.get("/no-such-page/")
    english = client.get("/en/no-such-page/")

    assert japanese.status_code == english.status_code == 404
    assert '<h1 class="page-title">ページが見つかりません</h1>' in japanese.content.decode()
    assert '<h1 class="page-title">Page not found</h1>' in english.content.decode()
    assert _no_leaks(japanese.content.decode()) == []


@pytest.mark.django_db
def test_a_server_error_page_names_nothing_about_the_error(client, failing_home):
    failing_home(RuntimeError("SELECT password FROM community_user /work/main SECRET_KEY"))
    client.raise_request_exception = False

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="page-title">エラーが発生しました</h1>' in html
    assert "しばらく時間をおいてから、もう一度お試しください。" in html
    assert _no_leaks(html) == []
    assert "password" not in html and "RuntimeError" not in html


def test_the_server_error_page_renders_with_no_context_and_no_database():
    """No django_db mark: a query would fail this test."""
    html = render_to_string("500.html")

    assert '<html lang="ja">' in html
    assert "エラーが発生しました" in html


@pytest.mark.django_db
def test_a_refused_page_says_so_without_the_reason(client, failing_home):
    failing_home(PermissionDenied("only for group Analysts, survey 42"))

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="page-title">このページは表示できません</h1>' in html
    assert "申し訳ありません。このページを表示する権限がありません。" in html
    assert "Analysts" not in html and _no_leaks(html) == []


@pytest.mark.django_db
def test_an_expired_form_asks_to_try_again_in_japanese(home_page):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.jp", "password": "x"})

    html = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="page-title">ページの有効期限が切れました</h1>' in html
    assert (
        "ページを開いてから時間がたったか、別のタブでログインまたはログアウトしたため、"
        "送信したフォームの有効期限が切れました。前のページに戻って再読み込みし、"
        "もう一度お試しください。"
    ) in html
    assert "CSRF" not in html and _no_leaks(html) == []


@pytest.mark.django_db
def test_an_expired_form_under_en_says_so_in_english(home_page):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/en/accounts/login/", {"login": "a@example.jp", "password": "x"})

    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="en">' in html
    assert '<h1 class="page-title">This page has expired</h1>' in html


@pytest.mark.django_db
def test_a_request_for_another_host_gets_a_bad_request_page_that_names_nothing(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    html = response.content.decode()
    assert response.status_code == 400
    assert '<h1 class="page-title">リクエストを処理できませんでした</h1>' in html
    assert "attacker.example" not in html and _no_leaks(html) == []
