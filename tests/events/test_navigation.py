"""イベント in the site's header (events registers its section in events.apps)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_header_links_the_event_list_and_marks_it_on_its_pages(client, event_index, event):
    link = f'<a href="{event_index.url}"'

    home = client.get("/").content.decode()
    index = client.get(event_index.url).content.decode()
    page = client.get(event.url).content.decode()

    assert f"{link}>イベント</a>" in home
    assert f'{link} aria-current="page">イベント</a>' in index
    assert f'{link} aria-current="true">イベント</a>' in page


def test_the_header_says_events_in_english(client, event_index):
    html = client.get("/en/").content.decode()

    assert re.search(r'<li><a href="[^"]*/events/">Events</a></li>', html)
