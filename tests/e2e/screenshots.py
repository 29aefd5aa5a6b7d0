"""`make screenshots`: PNGs of the key pages, phone and desktop, into docs/screenshots/.

    .venv/bin/python tests/e2e/screenshots.py

Builds the demo site (migrate, seed_demo: the real demo content) on a throwaway SQLite database
and media directory under /tmp, serves it with runserver on a free port (the demo settings,
DEBUG on, so static and media files are served), and drives Debian's Chromium with Playwright:
anonymous pages as a reader, the comments as a signed-in member, the survey answered up to its
confirmation, the admin as the demo analyst and moderator (the demo needs no authenticator).

Deterministic names (<page>-<viewport>.png, no timestamps), fixed viewports (390 and 1280 wide),
web fonts waited for, animations off. Each PNG is reduced to 256 colours when it would exceed
MAX_BYTES, so the repository stays small.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
MAX_BYTES = 300_000
MAX_HEIGHT = 5_000  # a full-page phone picture stops here (long articles)
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
ARTICLE = "/articles/my-number-card-adoption/"
DISCUSSED = "/articles/e-application-first-step/"
TOPIC = "/topics/kakanai-madoguchi-shisho/"
SURVEY = "/surveys/online-procedures/"
SURVEY_TITLE = "行政手続きのオンライン化に関するアンケート"
SEARCH = "/search/?q=マイナンバーカード"
OUTCOME = "/outcomes/my-number-desk-outcome/"
OUTCOME_TITLE = "マイナンバーカードの出張申請窓口についてのご意見と市の考え方"
MEMBER = ("member@yoriai.example", "yoriai-member-demo")
ANALYST = ("analyst@yoriai.example", "yoriai-analyst-demo")
MODERATOR = ("moderator@yoriai.example", "yoriai-moderator-demo")
RESPONDER = ("responder@yoriai.example", "yoriai-responder-demo")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 (this Python, the project's manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


@contextmanager
def demo_site():
    """The demo site on a fresh database, served on a free port: yields its base URL."""
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-screenshots-", dir="/tmp"))
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "true",
        "STAFF_MFA_REQUIRED": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    server = None
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo", "--port", str(port), stdout=subprocess.DEVNULL)
        server = subprocess.Popen(  # noqa: S603 (this Python, the project's manage.py)
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server)
        yield base
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def wait_until_up(base, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"runserver exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5):  # noqa: S310 (our http URL)
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the demo site did not answer on {base} within {timeout} s")


def settle(page):
    """Every image loaded (lazy ones too) and the web fonts ready: the picture is complete."""
    page.evaluate(
        "() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    page.evaluate("() => document.fonts.ready")


def save(page, name, viewport, *, full_page=True, element=None):
    """docs/screenshots/<name>-<viewport>.png: the page (no taller than MAX_HEIGHT), or one
    element; then made small enough."""
    settle(page)
    path = OUT / f"{name}-{viewport}.png"
    options = {"path": path, "animations": "disabled"}
    if element is not None:
        element.screenshot(**options)
    elif full_page:
        height = min(page.evaluate("() => document.documentElement.scrollHeight"), MAX_HEIGHT)
        width = page.viewport_size["width"]
        page.screenshot(
            full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}, **options
        )
    else:
        page.screenshot(**options)
    shrink(path)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1000} KB")


def save_admin(page, name, viewport):
    """The admin scrolls its <main>, not the document: make the window as tall as <main>'s
    content (up to MAX_HEIGHT) for the picture."""
    size = page.viewport_size
    height = page.evaluate("() => document.getElementById('main').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(height, MAX_HEIGHT)})
    save(page, name, viewport, full_page=False)
    page.set_viewport_size(size)


def shrink(path):
    """Re-save optimised; to 256 colours if it is still over MAX_BYTES."""
    with Image.open(path) as image:
        image = image.convert("RGB")
    image.save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def sign_in(page, account, *, next_url):
    email, password = account
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def answer_step(page):
    """The first choice of every question on the survey's current step, text where asked."""
    page.evaluate(
        """() => {
            const form = document.querySelector("form.survey-form__form");
            const seen = new Set();
            for (const input of form.querySelectorAll("input[type=radio], input[type=checkbox]")) {
                if (!seen.has(input.name)) { seen.add(input.name); input.checked = true; }
            }
            for (const select of form.querySelectorAll("select")) select.selectedIndex = 1;
            for (const field of form.querySelectorAll("textarea, input[type=text]")) {
                if (!field.value) field.value = "夜や休日にも申請できるようにしてほしいです。";
            }
        }"""
    )


def survey_to_confirmation(page, viewport):
    """Answer step after step; the first step and the confirmation are pictured."""
    page.goto(SURVEY)
    save(page, "survey-step", viewport)
    for _step in range(10):
        if page.locator("form.survey-confirm").count():
            save(page, "survey-confirm", viewport)
            return
        answer_step(page)
        with page.expect_navigation():  # on a phone the pager hides the step's own button
            page.locator("form.survey-form__form").evaluate(
                "form => form.requestSubmit(form.querySelector('button[value=next]'))"
            )
    raise RuntimeError("the survey did not reach its confirmation in ten steps")


def public_pages(context, viewport):
    page = context.new_page()
    page.goto("/")
    save(page, "home", viewport)
    page.goto(ARTICLE)
    save(page, "article", viewport)
    page.goto(TOPIC)
    save(page, "topic", viewport)
    page.goto(SEARCH)
    save(page, "search-results", viewport)
    page.goto(OUTCOME)
    save(page, "outcome", viewport)
    survey_to_confirmation(page, viewport)


def member_pages(context, viewport):
    page = context.new_page()
    sign_in(page, MEMBER, next_url=DISCUSSED)
    save(page, "comments-thread", viewport, element=page.locator("#comments"))


def staff_page(context, account, url):
    """`url` in the admin, signed in as the demo `account` (password only in the demo)."""
    page = context.new_page()
    sign_in(page, account, next_url=url)
    page.goto(url)  # again, without the 「ログインしました」 message: the same picture every time
    return page


def analyst_pages(context, viewport):
    page = staff_page(context, ANALYST, "/admin/survey-results/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=SURVEY_TITLE).first.click()
    save_admin(page, "results-overview", viewport)


def moderator_pages(context, viewport):
    page = staff_page(context, MODERATOR, "/admin/moderation/")
    save_admin(page, "moderation-queue", viewport)


def responder_pages(context, viewport):
    page = staff_page(context, RESPONDER, "/admin/consultations/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=OUTCOME_TITLE).click()
    save_admin(page, "grouping-board", viewport)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_site() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for viewport, options in VIEWPORTS.items():
            # A context each: its own cookies, so each account is signed in on its own.
            for pages in (
                public_pages,
                member_pages,
                analyst_pages,
                moderator_pages,
                responder_pages,
            ):
                context = browser.new_context(
                    **options, locale="ja-JP", timezone_id="Asia/Tokyo", base_url=base
                )
                context.set_default_timeout(20_000)
                pages(context, viewport)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
