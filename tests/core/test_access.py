"""core.access: staff screens answer 403 in the site's words, never a redirect."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from core.access import permission_required_or_forbidden
from tests.factories import StaffUserFactory


@permission_required_or_forbidden("surveys.view_results")
def _results(request):
    return HttpResponse("results")


def test_a_user_with_the_permission_gets_through(db):
    request = RequestFactory().get("/")
    request.user = StaffUserFactory(groups=["Analysts"])

    assert _results(request).content == b"results"


def test_others_get_the_403_page(db):
    for user in (AnonymousUser(), StaffUserFactory(groups=["Moderators"])):
        request = RequestFactory().get("/")
        request.user = user

        response = _results(request)

        assert response.status_code == 403
