"""What the browser tests share: Japanese texts to look for, the phone check, counting page
loads, a member signing in, and a member of staff signing in with a password and an
authenticator code.

The journeys of issue 10, each on a phone and a desktop (the `viewport` fixture):

| journey (issue 10)                               | test file (test)                         |
|--------------------------------------------------|------------------------------------------|
| 1 sign up, verify the e-mail, profile, comment   | test_signup.py                           |
| 2 reply, like, follow, notification, unsubscribe | test_journey_notifications.py            |
| 3 survey in an article: fix, back, send once     | test_survey.py (a double-click)          |
| 4 editor writes, submits; another publishes      | test_journey_publishing.py               |
| 5 analyst with MFA: filter, breakdown, CSV, XLSX | test_results.py                          |
| 6 moderator hides a reported comment, suspends   | test_journey_moderation.py               |
| 7 opinion, votes, staff close with a conclusion  | test_topics.py (…_closes_the_topic)      |
| 8 search in Japanese from the header             | test_journey_search.py                   |
| issue 21: group, answer, approve, member's row  | test_journey_consultation.py             |
| issue 24: やさしい日本語 read, answered; editor | test_journey_easy_japanese.py            |

Replying, liking and reporting are also driven in test_comments.py.

`make screenshots` (tests/e2e/screenshots.py) pictures the demo's key pages in docs/screenshots/.
"""

import time
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.translation import gettext, pgettext

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # staff's authenticator app in these tests


def ja(message, *, context=None):
    """`message` (in `context`, for msgids marked with one) as the Japanese pages show it; an
    English msgid without a translation fails."""
    with translation.override("ja"):
        text = pgettext(context, message) if context else gettext(message)
    assert text != message, f"no Japanese translation for {message!r} in locale/ja"
    return text


def assert_fits(page, viewport, console_errors, step):
    """No sideways scrolling on the phone, and nothing in the console, at this step."""
    if viewport == "phone":
        width, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= inner, f"{step}: page scrolls sideways, {width}px in {inner}px"
    assert console_errors == [], f"{step}: {console_errors}"


def assert_apart(page, selector, step):
    """No two of the visible elements `selector` matches overlap (a field run into its button)."""
    boxes = [element.bounding_box() for element in page.locator(selector).all()]
    boxes = [box for box in boxes if box]
    for index, one in enumerate(boxes):
        for other in boxes[index + 1 :]:
            apart = (
                one["x"] + one["width"] <= other["x"]
                or other["x"] + other["width"] <= one["x"]
                or one["y"] + one["height"] <= other["y"]
                or other["y"] + other["height"] <= one["y"]
            )
            assert apart, f"{step}: {one} overlaps {other}"


def staff_user_with_authenticator(*, groups):
    """A member of staff in `groups` whose authenticator app holds TOTP_SECRET."""
    from tests.factories import StaffUserFactory, TOTPAuthenticatorFactory

    user = StaffUserFactory(groups=groups, mfa=False, email_verified=True)
    TOTPAuthenticatorFactory(user=user, secret=TOTP_SECRET)
    return user


def staff_signs_in(page, user):
    """On the sign-in page: the password, then a code from the authenticator app."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters

    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    code = page.locator("input[name=code]")
    code.wait_for()
    # A code is good for its 30-second window only: never type one about to expire.
    if (left := 30 - time.time() % 30) < 5:
        time.sleep(left + 0.5)
    code.fill(format_hotp_value(hotp_value(TOTP_SECRET, next(counters()))))
    with page.expect_navigation():
        code.press("Enter")


def sign_in(page, member, *, next_url):
    """A member signs in with e-mail and password and lands on `next_url`."""
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert urlsplit(page.url).path == next_url


def count_page_loads(page):
    """A list that grows by one at every page load of the main frame (swaps do not load)."""
    loads = []
    page.on("load", lambda _page: loads.append(page.url))
    return loads
