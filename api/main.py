"""The API object: /api/v1/, its key authentication, rate limits, Japanese errors and the
OpenAPI document translated into the reader's language.

Descriptions in schemas are English source text marked with gettext_noop; the OpenAPI document
is translated when served (`YoriaiAPI.get_openapi_schema`), so one document serves each
language and the reference page reads the same words."""

import datetime
from functools import wraps

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import APIKeyHeader
from ninja.throttling import BaseThrottle

from core.ratelimit import client_ip, rate_limit_wait

from .keys import api_key_find, api_key_used

# The messages of the API's errors (the reference page quotes them: api.opendata.reference).
NOT_FOUND = gettext_noop("Not found.")
KEY_REFUSED = gettext_noop("This API key is not valid or has been revoked.")
TOO_MANY = gettext_noop("Too many requests. Please try again in %(seconds)s seconds.")
INVALID_PARAMETERS = gettext_noop("Some parameters are not valid.")
# Titles are generated from field names (identifiers, left as they are); descriptions,
# summaries and the operations' tag names are ours, in English source text.
TRANSLATED_KEYS = {"description", "summary"}


class ApiKeyAuth(APIKeyHeader):
    """X-API-Key: a key staff issued (api.keys); the request then carries it as request.auth."""

    param_name = "X-API-Key"

    def authenticate(self, request, key):
        api_key = api_key_find(key)
        if api_key is not None:
            api_key_used(api_key)
        return api_key


def anonymous(request):
    """Anyone may read without a key; a request that sends one must send a valid one."""
    return "HTTP_X_API_KEY" not in request.META


class ApiRateThrottle(BaseThrottle):
    """settings.RATE_LIMITS["api"] per address without a key, ["api_key"] per key with one."""

    def allow_request(self, request):
        api_key = request.auth if request.auth is not True else None
        if api_key is None:
            self.seconds = rate_limit_wait(scope="api", ip_address=client_ip(request))
        else:
            self.seconds = rate_limit_wait(scope="api_key", ip_address=f"key-{api_key.pk}")
        return self.seconds == 0

    def wait(self):
        return self.seconds


class JapanTimeEncoder(NinjaJSONEncoder):
    """Times as the site shows them, in Japan time with their offset (+09:00)."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat()
        return super().default(o)


class Utf8JSONRenderer(JSONRenderer):
    """Japanese as UTF-8 rather than \\uXXXX escapes: a third smaller (bench/README.md)."""

    encoder_class = JapanTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


class YoriaiAPI(NinjaAPI):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.schemas = {}

    def get_openapi_schema(self, *args, **kwargs):
        """The document in the active language, built once per language and process (the
        endpoints do not change while it runs). Callers must not modify it."""
        key = (translation.get_language(), repr(args), repr(sorted(kwargs.items())))
        if key not in self.schemas:
            self.schemas[key] = translated(super().get_openapi_schema(*args, **kwargs))
        return self.schemas[key]


def translated(value):
    """`value` (the OpenAPI document, or a part of it) with its descriptions, summaries and
    operation tags in the active language."""
    if isinstance(value, dict):
        return {key: _translated_item(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [translated(item) for item in value]
    return value


def _translated_item(key, item):
    if key in TRANSLATED_KEYS and isinstance(item, str):
        return _(item)
    if key == "tags" and isinstance(item, list) and all(isinstance(tag, str) for tag in item):
        return [_(tag) for tag in item]
    return translated(item)


def rate_limited(view):
    """`view` (the OpenAPI document's) counted against the address's anonymous limit, as the
    endpoints are by ApiRateThrottle."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        seconds = rate_limit_wait(scope="api", ip_address=client_ip(request))
        if seconds:
            return too_many_requests(request, seconds)
        return view(request, *args, **kwargs)

    return limited


api = YoriaiAPI(
    title="Yoriai API",
    version="1",
    description=gettext_noop(
        "Read-only public data of this site: published articles, opinion exchange topics, "
        "published survey results, consultation outcomes, events and tags. Nothing that is not "
        "already public on the site appears here."
    ),
    urls_namespace="api_v1",
    docs_url=None,
    docs_decorator=rate_limited,
    renderer=Utf8JSONRenderer(),
    auth=[ApiKeyAuth(), anonymous],
    throttle=ApiRateThrottle(),
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _(NOT_FOUND)}, status=404)


@api.exception_handler(AuthenticationError)
def key_refused(request, exc):
    message = _(KEY_REFUSED)
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(Throttled)
def throttled(request, exc):
    return too_many_requests(request, exc.wait)


def too_many_requests(request, seconds):
    message = _(TOO_MANY) % {"seconds": seconds}
    response = api.create_response(request, {"detail": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    """422 naming each parameter refused and why, as pydantic's error types (less_than_equal,
    timezone_aware…): its messages are in English only."""
    errors = [{"loc": error["loc"], "type": error["type"]} for error in exc.errors]
    detail = {"detail": _(INVALID_PARAMETERS), "errors": errors}
    return api.create_response(request, detail, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
