"""The site's icon in a browser: the home page asks for nothing that is missing."""

import pytest

pytestmark = pytest.mark.e2e


def test_the_home_page_loads_its_icons_and_logs_no_404(page, site, console_errors):
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))

    page.goto("/")
    page.wait_for_load_state("networkidle")
    favicon = page.request.get("/favicon.ico")  # what browsers ask for whatever the page links
    icon = page.evaluate("fetch(document.querySelector('link[rel=icon]').href).then(r => r.status)")

    assert failed == []
    assert not [error for error in console_errors if "404" in error], console_errors
    assert favicon.status == 200
    assert favicon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert icon == 200
