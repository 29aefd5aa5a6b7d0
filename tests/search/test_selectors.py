import pytest

from search.selectors import kind_get, site_search
from tests.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


def test_events_are_found_inside_japanese_text_and_narrow_by_their_kind(home_page):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page),
        title="出張申請窓口のお知らせ",
        lead="マイナンバーカードの申請を公民館で受け付けます。",
    )

    assert [page.pk for page in site_search("マイナンバーカード")] == [event.pk]
    assert [page.pk for page in site_search("公民館", kind=kind_get("event"))] == [event.pk]
