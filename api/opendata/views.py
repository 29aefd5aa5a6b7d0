"""/opendata/: the 「オープンデータ」 page, the DCAT catalog and metadata records (JSON-LD), the
data.json catalog, and the API reference page. Each reads the one dataset list
(api.opendata.registry)."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..http import public_data
from ..main import api
from ..paging import MAX_LIMIT
from . import reference
from .catalog import (
    CATALOG_DESCRIPTION,
    catalog_document,
    dataset_document,
    site_name,
)
from .datajson import data_json_document
from .datasets import metadata_url, open_data_licence
from .files import JSON_TYPE
from .registry import all_datasets, dataset_get

JSON_LD_TYPE = "application/ld+json"


def opendata_index(request):
    """The 「オープンデータ」 page: the licence, then each dataset with its files and records."""
    listing = [
        {"dataset": dataset, "metadata_url": metadata_url(request, dataset.identifier)}
        for dataset in all_datasets(request)
    ]
    context = {
        "listing": listing,
        "intro": _(CATALOG_DESCRIPTION),
        "licence": open_data_licence(),
        "site_name": site_name(request),
    }
    return render(request, "api/opendata.html", context)


@public_data
def catalog(request):
    return _json(catalog_document(request, all_datasets(request)), JSON_LD_TYPE)


@public_data
def dataset_metadata(request, identifier):
    dataset = dataset_get(request, identifier)
    if dataset is None:
        raise Http404
    return _json(dataset_document(request, dataset), JSON_LD_TYPE)


@public_data
def data_json(request):
    return _json(data_json_document(request, all_datasets(request)), JSON_TYPE)


def api_reference(request):
    """The API reference in the active language, read from the OpenAPI document."""
    document = reference.api_document()
    context = {
        "document": document,
        "groups": reference.endpoint_groups(document),
        "base_url": request.build_absolute_uri(reverse(f"{api.urls_namespace}:api-root")),
        "openapi_url": reverse(f"{api.urls_namespace}:openapi-json"),
        "anonymous_limit": reference.rate_limit_words(settings.RATE_LIMITS["api"]),
        "key_limit": reference.rate_limit_words(settings.RATE_LIMITS["api_key"]),
        "max_limit": MAX_LIMIT,
        "errors": reference.error_examples(),
    }
    return render(request, "api/reference.html", context)


def _json(document, content_type):
    text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return HttpResponse(text, content_type=content_type)
