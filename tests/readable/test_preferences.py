"""The reader's choices (readable.preferences, readable.views): furigana and やさしい日本語 kept
in cookies, set by a CSRF-checked POST that goes back to the page the reader came from."""

import pytest
from django.test import Client

from readable.preferences import (
    EASY_COOKIE,
    FURIGANA_COOKIE,
    easy_japanese_preferred,
    furigana_grade,
)

URL = "/reading/"


def test_the_page_offers_every_choice_in_japanese(client, db):
    page = client.get(URL).content.decode()

    assert "読みやすさの設定" in page
    for label in ("表示しない", "すべての漢字に付ける", "小学3年より後に習う漢字に付ける"):
        assert label in page
    assert "ふつうの日本語" in page and "やさしい日本語" in page


def test_choosing_sets_the_cookies_for_a_year_and_goes_back(client, db):
    response = client.post(URL, {"furigana": "3", "yasashii": "1", "next": "/articles/"})

    assert response.status_code == 302 and response["Location"] == "/articles/"
    assert response.cookies[FURIGANA_COOKIE].value == "3"
    assert response.cookies[EASY_COOKIE].value == "1"
    assert response.cookies[FURIGANA_COOKIE]["max-age"] == 365 * 24 * 3600
    assert response.cookies[FURIGANA_COOKIE]["samesite"] == "Lax"


def test_a_choice_left_out_stays_and_off_clears(client, db):
    client.cookies[FURIGANA_COOKIE] = "all"
    client.cookies[EASY_COOKIE] = "1"

    response = client.post(URL, {"yasashii": "0"})

    assert FURIGANA_COOKIE not in response.cookies  # untouched
    assert response.cookies[EASY_COOKIE]["max-age"] == 0  # cleared
    assert client.cookies[FURIGANA_COOKIE].value == "all"
    cleared = client.post(URL, {"furigana": ""})
    assert cleared.cookies[FURIGANA_COOKIE]["max-age"] == 0


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_going_back_stays_on_this_site(client, db, next_url):
    response = client.post(URL, {"furigana": "all", "next": next_url})

    assert response["Location"] == URL


def test_a_made_up_value_is_refused_in_japanese_and_nothing_is_set(client, db):
    response = client.post(URL, {"furigana": "9"})

    assert response.status_code == 200
    assert FURIGANA_COOKIE not in response.cookies and EASY_COOKIE not in response.cookies
    assert "正しく選択してください" in response.content.decode()


def test_the_post_needs_the_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post(URL, {"furigana": "all"})

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("cookies", "grade", "easy"),
    [
        ({}, None, False),
        ({"furigana": "all"}, 0, False),
        ({"furigana": "4", "yasashii": "1"}, 4, True),
        ({"furigana": "7", "yasashii": "yes"}, None, False),
    ],
)
def test_the_choices_as_the_pages_read_them(rf, cookies, grade, easy):
    request = rf.get("/")
    request.COOKIES.update(cookies)

    assert (furigana_grade(request), easy_japanese_preferred(request)) == (grade, easy)
