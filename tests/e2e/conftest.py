"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live_server.

- Without /usr/bin/chromium every test here is skipped with a reason `-rs` prints.
- One browser per xdist worker (session scope); a fresh context (cookies, viewport) per test.
- Playwright's sync API keeps an asyncio loop running in the test thread. Django then (1) refuses
  ORM calls as async-unsafe, hence DJANGO_ALLOW_ASYNC_UNSAFE, and (2) hands out *new* database
  connection objects (asgiref keys them by context once a loop runs); the `browser` fixture
  points Django back at the connections the test database was set up on.
- live_server needs transactional_db, whose flush after each test also removes what Wagtail's
  data migrations created (root page, default site, locale, root collection).
  `django_db_serialized_rollback` reloads that before each test here, and
  `pytest_runtest_teardown` (tests/conftest.py) reloads it after the last one, for the tests
  xdist runs next.
- The `page` fixture closes its browser and waits for the live server's last requests before
  that flush: a request still writing during it can make the flush fail (SQLite: "database
  table is locked") and leave the test's pages to the next test.
- Files under /media/ are answered from MEDIA_ROOT by Playwright itself: with DEBUG off Django
  does not serve them, and in production the web server or object storage does.
"""

import mimetypes
import os
import threading
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SKIP_REASON = (
    "Chromium not installed at /usr/bin/chromium — browser tests skipped "
    "(install Debian's chromium package)"
)
HERE = Path(__file__).parent
SCREENSHOTS = HERE / "screenshots"

VIEWPORTS = {
    "phone": {  # the common phone of 2026 (390 by 844 CSS pixels), as make screenshots uses
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Nothing here is async: the loop only carries Playwright's messages.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    outside = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, connection in outside.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _serve_media(route, request):
    from django.conf import settings

    relative = request.url.split("/media/", 1)[1].split("?", 1)[0]
    media_root = Path(settings.MEDIA_ROOT).resolve()
    file = (media_root / relative).resolve()
    if media_root not in file.parents or not file.is_file():
        route.fulfill(status=404, body="not found")
        return
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=file.read_bytes(), content_type=content_type)


@pytest.fixture
def console_errors():
    """Messages the pages wrote to the console as errors, and uncaught exceptions."""
    return []


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


def browser_page(browser, base_url, viewport, console_errors):
    """A page in a browser context of its own (its own cookies): Japanese, Tokyo time, the
    viewport's size, media files served, console errors appended to `console_errors`. The
    caller closes `page.context`."""
    context = browser.new_context(
        **VIEWPORTS[viewport], locale="ja-JP", timezone_id="Asia/Tokyo", base_url=base_url
    )
    context.set_default_timeout(10_000)
    context.route("**/media/**", _serve_media)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            console_errors.append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    return page


def live_server_requests_wait(timeout=10):
    """Wait until the live server has answered every request it took (each runs in a thread
    of its own) and the browser has closed their connections; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while any("process_request_thread" in thread.name for thread in threading.enumerate()):
        if time.monotonic() > deadline:
            pytest.fail(f"the live server still answers requests {timeout} s after the test")
        time.sleep(0.02)


@pytest.fixture
def page(
    browser, live_server, transactional_db, django_db_serialized_rollback, viewport, console_errors
):
    """A page of its own for the test, closed and its last requests answered before the
    database is flushed (see this module's docstring)."""
    page = browser_page(browser, live_server.url, viewport, console_errors)
    yield page
    page.context.close()
    live_server_requests_wait()


@pytest.fixture
def screenshot(page, viewport):
    """`screenshot("article")` saves the page as tests/e2e/screenshots/<viewport>-article.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name):
        page.screenshot(path=SCREENSHOTS / f"{viewport}-{name}.png", full_page=True)

    return take


TABLE = {
    "data": [
        ["手続き", "オンライン化率", "備考"],
        ["住民票の写しの請求", "62%", "コンビニ交付を含む(マイナンバーカードが必要です)"],
        ["児童手当の認定請求", "48%", "マイナポータルの「ぴったりサービス」から申請できます"],
    ],
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "",
}


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback):
    """A home page, the article index and two articles sharing the Japanese tag 行政DX.

    The first article has a header image, a body image, a quote and a table.
    """
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        AuthorFactory,
        HomePageFactory,
        ImageFactory,
    )

    home = HomePageFactory(lead="地域のみなさんと行政をつなぐ寄り合いの場です。")
    index = ArticleIndexPageFactory(parent=home)
    author = AuthorFactory(name="佐藤 花子")
    photo = ImageFactory(title="窓口の様子", description="申請書の記入台が並ぶ窓口")
    article = ArticlePageFactory(
        parent=index,
        title="最初の一歩は電子申請",
        slug="first-step",
        header_image=ImageFactory(description="町役場の総合窓口で申請書を書く住民"),
        header_image_caption="町役場の総合窓口",
        body=[
            {"type": "heading", "value": {"text": "窓口で何が起きているのか", "level": "h2"}},
            {"type": "paragraph", "value": "<p>行政DXの第一歩は電子申請です。</p>"},
            {
                "type": "quote",
                "value": {"text": "住民の時間を取り戻す仕組みです。", "attribution": "市民課"},
            },
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": photo.pk,
                        "decorative": False,
                        "alt_text": photo.description,
                    },
                    "caption": "申請書の記入台(筆者撮影)",
                    "credit": "",
                },
            },
            {"type": "table", "value": {"table": TABLE, "caption": "手続きのオンライン化率"}},
        ],
        authors=[author],
        tags=["行政DX", "電子申請"],
    )
    other = ArticlePageFactory(
        parent=index, title="マイナンバーカードはなぜ広がらないのか", tags=["行政DX"]
    )
    return SimpleNamespace(
        home=home, index=index, article=article, other=other, photo=photo, tag="行政DX"
    )


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__axe__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_MISSING = (
    f"axe-core is not installed ({AXE} is missing): run `make test`, which runs "
    "`npm ci` for the version package.json pins"
)


def _serve_axe(route, request):
    route.fulfill(status=200, body=AXE.read_bytes(), content_type="text/javascript")


@pytest.fixture
def axe(page):
    """`axe()`: the WCAG 2.2 A/AA violations axe-core finds on the current page (axe_scan)."""
    axe_ready(page)
    return partial(axe_scan, page)


def axe_ready(page):
    """Let `page` load axe-core from our own origin (axe_scan).

    The site's policy allows only same-origin scripts (script-src 'self'), so an inline
    injection would be blocked. Rather than switch the policy off (bypass_csp would also let
    in styles the policy blocks, and scan a page no visitor sees), Playwright answers a
    same-origin URL with the npm copy of axe-core and the page loads it as its own script.
    """
    if not AXE.is_file():
        pytest.fail(AXE_MISSING)
    page.context.route(f"**{AXE_URL}", _serve_axe)


def axe_scan(page, include=None):
    """The WCAG 2.2 A/AA violations axe-core finds on the page `page` shows (made ready with
    axe_ready), as axe reports them: dicts with id, impact, help, helpUrl and nodes (each with
    a target). `include`: a CSS selector, to scan only what it matches (our own parts of a
    Wagtail screen)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(url=AXE_URL)
    return page.evaluate(
        """async ([tags, include]) => {
            const context = include ? {include: [[include]]} : document;
            const results = await axe.run(context, {runOnly: {type: "tag", values: tags}});
            return results.violations;
        }""",
        [AXE_TAGS, include],
    )


def serious_violations(violations):
    """The serious and critical ones, one readable line per failing element."""
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        f"{', '.join(map(str, node['target']))}: {node['html'][:200]}"
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
        for node in violation["nodes"]
    ]


@pytest.fixture
def signed_in(page, live_server):
    """`signed_in(user)`: the browser holds `user`'s session, as if they had signed in (for
    tests about other pages; the sign-in journey has its own tests)."""
    return partial(session_give, page, live_server.url)


def session_give(page, base_url, user):
    """Give `page`'s browser context `user`'s session (see the `signed_in` fixture)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )
