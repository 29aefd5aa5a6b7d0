"""What every public-data answer carries: CORS for reading only (any site's script may GET the
API and the open-data files, never write), an ETag so a harvester's conditional GET gets 304,
and a short shared cache lifetime. The API gets it from PublicDataMiddleware, the open-data
downloads from @public_data."""

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _

from .main import NOT_FOUND

API_PATH_PREFIX = "/api/"
READ_METHODS = {"GET", "HEAD"}
JSON = "application/json"
ALLOWED_HEADERS = "X-API-Key, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"
MAX_AGE_SECONDS = 60


class PublicDataMiddleware:
    """For /api/: answers CORS preflights, speaks the caller's language (the language cookie,
    else Accept-Language: the API's addresses carry no language prefix, so LocaleMiddleware
    would always choose Japanese), answers HEAD as GET, unknown addresses with JSON, and adds
    public_data_headers to its reads. Placed after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PATH_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return preflight_response()
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        if request.method == "HEAD":
            request.method = "GET"  # the same answer; the server sends its headers only
        response = self.get_response(request)
        if response.status_code == 404 and not response["Content-Type"].startswith(JSON):
            # An address the API does not have: JSON like every other answer of the API.
            response = JsonResponse({"detail": _(NOT_FOUND)}, status=404)
        return public_data_headers(request, response)


def public_data(view):
    """For a view serving an open-data file: CORS, ETag and conditional GET as the API."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return public_data_headers(request, view(request, *args, **kwargs))

    return wrapped


def preflight_response():
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def public_data_headers(request, response):
    """`response` with CORS for reads; a successful read also gets an ETag of its content and
    becomes 304 Not Modified when the caller's If-None-Match or If-Modified-Since says it has it."""
    if request.method not in READ_METHODS:
        return response
    if response.status_code == 200 and not response.streaming:
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = response.get("Last-Modified")
        response = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
    # On the 304 too: Django's Not Modified copies only the caching headers.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def last_modified_set(response, moment):
    """Set Last-Modified on `response` from a datetime (or leave it off for None)."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
