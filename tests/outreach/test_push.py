"""The short names members know their devices by (outreach.push.device_label)."""

import pytest
from django.utils import translation

from outreach.push import device_label

AGENTS = {
    "Chrome（Android）": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Safari（iPhone）": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Edge（Windows）": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Firefox（Mac）": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) "
    "Gecko/20100101 Firefox/133.0",
    "Samsung Internet（Android）": "Mozilla/5.0 (Linux; Android 14; SM-S921B) "
    "AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 "
    "Mobile Safari/537.36",
    "Chrome（ChromeOS）": "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "ブラウザ": "curl/8.5.0",
}


@pytest.mark.parametrize(("label", "user_agent"), AGENTS.items())
def test_a_device_is_named_by_its_browser_and_system(label, user_agent):
    assert device_label(user_agent) == label


def test_without_a_user_agent_it_is_a_browser():
    assert device_label(None) == "ブラウザ"


def test_in_english_the_system_is_in_plain_brackets():
    with translation.override("en"):
        assert device_label(AGENTS["Chrome（Android）"]) == "Chrome (Android)"
