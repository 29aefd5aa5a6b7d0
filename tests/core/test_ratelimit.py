"""core.ratelimit: fixed windows per scope and client address, from settings.RATE_LIMITS."""

from unittest import mock

from core.ratelimit import rate_limit_wait


def test_requests_within_the_limit_pass_and_the_next_waits_out_the_window(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": (2, 600)}

    waits = [rate_limit_wait(scope="contact", ip_address="192.0.2.7") for _ in range(3)]

    assert waits[:2] == [0, 0]
    assert 1 <= waits[2] <= 600


def test_each_address_and_scope_counts_apart(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": (1, 600), "vote": (1, 600)}
    rate_limit_wait(scope="contact", ip_address="192.0.2.7")

    assert rate_limit_wait(scope="contact", ip_address="192.0.2.8") == 0
    assert rate_limit_wait(scope="vote", ip_address="192.0.2.7") == 0
    assert rate_limit_wait(scope="contact", ip_address="192.0.2.7") > 0


def test_a_limit_given_by_the_caller_wins_over_the_settings():
    assert rate_limit_wait(scope="comment", ip_address="192.0.2.9", limit=(1, 60)) == 0
    assert rate_limit_wait(scope="comment", ip_address="192.0.2.9", limit=(1, 60)) > 0


def test_the_wait_lasts_until_the_window_ends_never_less(settings):
    """A window opened at 10.9 s ends at 13.9 s: at 11.2 s the wait is 3 s (rounded up), not
    the 2 s that whole seconds gave, after which the next try was refused again."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (1, 3)}
    with mock.patch("core.ratelimit.time.time", return_value=10.9):
        assert rate_limit_wait(scope="vote", ip_address="192.0.2.10") == 0
    with mock.patch("core.ratelimit.time.time", return_value=11.2):
        assert rate_limit_wait(scope="vote", ip_address="192.0.2.10") == 3
