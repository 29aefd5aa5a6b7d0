"""The API reference read from the OpenAPI document (api.main.api.get_openapi_schema(), already
in the active language): each endpoint with its parameters and the fields of its answer, the
nested objects of components/schemas spelt out as dotted names (`results[].tags[].name`).
Generic over the document, so every endpoint a router adds appears without code here."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from ..main import INVALID_PARAMETERS, KEY_REFUSED, NOT_FOUND, TOO_MANY, api
from ..paging import CURSOR_REFUSED

METHODS = ("get", "head", "post", "put", "patch", "delete")
SCHEMA_REF_PREFIX = "#/components/schemas/"
CODE_SPAN = re.compile(r"`([^`]+)`")
# The words for JSON types share msgids with other screens' words ("date", "number").
JSON_TYPES = {
    "string": pgettext_lazy("JSON type", "string"),
    "integer": pgettext_lazy("JSON type", "integer"),
    "number": pgettext_lazy("JSON type", "number"),
    "boolean": pgettext_lazy("JSON type", "boolean"),
    "object": pgettext_lazy("JSON type", "object"),
}
ANY_TYPE = pgettext_lazy("JSON type", "any value")
PARAMETER_PLACES = {
    "query": pgettext_lazy("API parameter", "query string"),
    "path": pgettext_lazy("API parameter", "path"),
    "header": pgettext_lazy("API parameter", "header"),
}
STRING_FORMATS = {
    "date-time": pgettext_lazy("JSON type", "date and time, ISO 8601"),
    "date": pgettext_lazy("JSON type", "date"),
    "uri": pgettext_lazy("JSON type", "URL"),
    "email": pgettext_lazy("JSON type", "e-mail address"),
}


@dataclass(frozen=True)
class ErrorExample:
    status: int
    when: str
    detail: str


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class ResponseField:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Endpoint:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    response_type: str
    fields: list[ResponseField]


@dataclass(frozen=True)
class EndpointGroup:
    name: str
    endpoints: list[Endpoint]


def api_document():
    """The OpenAPI document of /api/v1/ in the active language."""
    return api.get_openapi_schema()


def endpoint_groups(document):
    """The document's operations as EndpointGroups, one per tag (translated), in the order the
    document lists them; an operation without a tag goes under "Other"."""
    groups = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                tags = item[method].get("tags")
                name = _(tags[0]) if tags else pgettext("API endpoints", "Other")
                groups.setdefault(name, []).append(endpoint_read(document, method, path))
    return [EndpointGroup(name=name, endpoints=endpoints) for name, endpoints in groups.items()]


def endpoint_read(document, method, path):
    operation = document["paths"][path][method]
    schema = _response_schema(operation)
    return Endpoint(
        anchor=operation.get("operationId") or f"{method}-{path}",
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=code_spans(operation.get("description", "")),
        parameters=[parameter_read(document, each) for each in operation.get("parameters", [])],
        response_type=type_label(document, schema) if schema else "",
        fields=response_fields(document, schema) if schema else [],
    )


def parameter_read(document, parameter):
    schema = parameter.get("schema", {})
    return Parameter(
        name=parameter["name"],
        location=str(PARAMETER_PLACES.get(parameter.get("in"), parameter.get("in", ""))),
        type=with_detail(type_label(document, schema), _limits(schema)),
        required=bool(parameter.get("required")),
        description=code_spans(parameter.get("description") or schema.get("description", "")),
    )


def response_fields(document, schema, prefix="", seen=frozenset()):
    """A ResponseField for each property of the object `schema` answers (for a list, of its
    items), then for each property of the objects inside it, depth first."""
    schema, ref = _resolved(document, schema)
    if ref in seen:
        return []
    seen = seen | {ref} if ref else seen
    if schema.get("type") == "array":
        return response_fields(document, schema.get("items", {}), f"{prefix}[]", seen)
    fields = []
    for name, child in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        description = child.get("description") or _resolved(document, child)[0].get(
            "description", ""
        )
        fields.append(ResponseField(path, type_label(document, child), code_spans(description)))
        fields += response_fields(document, _non_null(child), path, seen)
    return fields


def code_spans(text):
    """`text` escaped, its `code` spans (Markdown, as OpenAPI descriptions use) as <code>."""
    return mark_safe(CODE_SPAN.sub(r"<code>\1</code>", escape(text)))  # noqa: S308


def type_label(document, schema):
    """The type of `schema` in words: "string (date and time, ISO 8601)", "array of object",
    "integer or null"."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        labels = [type_label(document, option) for option in options]
        return _(" or ").join(dict.fromkeys(labels))
    schema, _ref = _resolved(document, schema)
    kind = schema.get("type")
    if kind == "null":
        return "null"
    if kind == "array":
        return _("array of %(type)s") % {"type": type_label(document, schema.get("items", {}))}
    if "properties" in schema and not kind:
        kind = "object"
    label = str(JSON_TYPES.get(kind, ANY_TYPE))
    if schema.get("format") in STRING_FORMATS:
        label = with_detail(label, STRING_FORMATS[schema["format"]])
    if "enum" in schema:
        label += f": {', '.join(str(value) for value in schema['enum'])}"
    return label


def with_detail(label, detail):
    """ "integer (default 50)": `label` with `detail` in brackets, when there is one."""
    return _("%(label)s (%(detail)s)") % {"label": label, "detail": detail} if detail else label


def _limits(schema):
    words = []
    if "default" in schema and schema["default"] is not None:
        words.append(_("default %(value)s") % {"value": schema["default"]})
    if "minimum" in schema and "maximum" in schema:
        words.append(f"{schema['minimum']}–{schema['maximum']}")
    return ", ".join(words)


def _response_schema(operation):
    responses = operation.get("responses", {})
    for status in (200, 201):
        # Integers in the document ninja builds, strings once it has been through JSON.
        response = responses.get(status) or responses.get(str(status)) or {}
        content = response.get("content", {})
        if "application/json" in content:
            return content["application/json"].get("schema")
    return None


def _resolved(document, schema):
    """(the schema `schema` refers to or is, the reference or "")."""
    ref = schema.get("$ref", "")
    if ref.startswith(SCHEMA_REF_PREFIX):
        name = ref.removeprefix(SCHEMA_REF_PREFIX)
        return document.get("components", {}).get("schemas", {}).get(name, {}), ref
    return schema, ""


def _non_null(schema):
    """The one option of an "X or null" schema that is not null (`schema` itself otherwise)."""
    options = [
        option
        for option in schema.get("anyOf") or schema.get("oneOf") or []
        if option.get("type") != "null"
    ]
    return options[0] if len(options) == 1 else schema


def rate_limit_words(limit):
    """A (requests, seconds) rate limit of settings.RATE_LIMITS in words: "300 requests every
    5 minutes"."""
    requests, seconds = limit
    return _("%(requests)s requests every %(period)s") % {
        "requests": requests,
        "period": _period_words(seconds),
    }


def _period_words(seconds):
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def error_examples():
    """The answers other than 200 and 304 a caller can get, with the `detail` each carries
    (the messages of api.main and api.paging, in the active language)."""
    examples = [
        (
            400,
            _("The cursor is not one this API gave."),
            _(CURSOR_REFUSED),
        ),
        (
            401,
            _("The X-API-Key header holds an unknown or revoked key."),
            _(KEY_REFUSED),
        ),
        (404, _("Nothing public has this address."), _(NOT_FOUND)),
        (
            422,
            _("A parameter has a value of the wrong kind; `errors` says which."),
            _(INVALID_PARAMETERS),
        ),
        (
            429,
            _("Over the rate limit; Retry-After gives the seconds to wait."),
            _(TOO_MANY) % {"seconds": 30},
        ),
    ]
    return [ErrorExample(status, code_spans(when), detail) for status, when, detail in examples]
