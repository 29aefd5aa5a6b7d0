"""The API's keys and rate limits (api.main), end to end through the test client: a key issued on
the admin screen is served on its own, higher limit and shows as used on the list; once revoked
it is refused with 401 and a Japanese message; anonymous callers over their limit get 429 with
a Japanese message and Retry-After while a key's caller is still served."""

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from api.keys import api_key_issue
from api.models import ApiKey
from core.japan import japan_zone
from tests.api.test_admin_views import issue
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
REFUSED = {"detail": "このAPIキーは正しくないか、取り消されています。"}


@pytest.fixture
def limits(settings):
    """Two requests per address without a key, five per key, in a five-minute window."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (2, 300), "api_key": (5, 300)}


@pytest.fixture
def analyst(client):
    analyst = StaffUserFactory(groups=["Analysts"])
    client.force_login(analyst)
    return analyst


def _get(client, key=None):
    headers = {"X-API-Key": key} if key else {}
    return client.get(ARTICLES, headers=headers)


def test_an_issued_key_is_served_on_its_higher_limit_shows_as_used_then_is_refused(
    client, analyst, article, limits
):
    raw_key = issue(client, "研究室").context["raw_key"]
    api_key_list = reverse("api_keys:index")
    assert "未使用" in client.get(api_key_list).content.decode()

    served = [_get(client, raw_key).status_code for _request in range(6)]

    assert served == [200] * 5 + [429]  # past anonymous callers' 2, up to the key's 5
    assert _get(client, raw_key).json()["detail"].startswith("リクエストが多すぎます。")
    api_key = ApiKey.objects.get()
    listed = client.get(api_key_list).content.decode()
    assert "未使用" not in listed
    assert localtime(api_key.last_used_at, japan_zone()).strftime("%Y/%m/%d %H:%M") in listed

    client.post(reverse("api_keys:revoke", args=[ApiKey.objects.get().pk]))
    refused = _get(client, raw_key)

    assert refused.status_code == 401
    assert refused.json() == REFUSED


def test_anonymous_callers_over_their_limit_wait_while_a_key_is_still_served(
    client, article, limits
):
    raw_key = api_key_issue(name="研究室")[1]

    statuses = [_get(client).status_code for _request in range(3)]
    throttled = _get(client)

    assert statuses == [200, 200, 429]
    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith("リクエストが多すぎます。")
    assert "秒後にもう一度お試しください。" in throttled.json()["detail"]
    assert 0 < int(throttled["Retry-After"]) <= 300
    assert _get(client, raw_key).status_code == 200


@pytest.mark.parametrize("key", ["yor_not-a-key", "someone-else's-token", "yor_" + "x" * 200])
def test_an_unknown_key_is_refused_not_served_anonymously(client, article, key):
    response = _get(client, key)

    assert response.status_code == 401
    assert response.json() == REFUSED


def test_the_openapi_document_counts_against_the_anonymous_limit(client, limits):
    answers = [client.get("/api/v1/openapi.json").status_code for _request in range(3)]

    assert answers == [200, 200, 429]
