"""The home page's sections from the apps above articles (core.home_sections)."""

import pytest

from core import home_sections as registry
from core.home_sections import HomeSection, home_sections, home_sections_register


@pytest.fixture
def providers(monkeypatch):
    monkeypatch.setattr(registry, "_providers", [])


def test_sections_come_in_the_order_registered_and_those_with_nothing_are_left_out(providers):
    home_sections_register(lambda request, *, home: HomeSection("a.html", {"home": home}))
    home_sections_register(lambda request, *, home: None)
    home_sections_register(lambda request, *, home: HomeSection("b.html"))

    sections = home_sections(None, home="ホーム")

    assert sections == [HomeSection("a.html", {"home": "ホーム"}), HomeSection("b.html")]


def test_a_provider_registered_twice_is_asked_once(providers):
    def provider(request, *, home):
        return HomeSection("a.html")

    home_sections_register(provider)
    home_sections_register(provider)

    assert len(home_sections(None, home=None)) == 1
