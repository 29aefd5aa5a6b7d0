"""What an open-data dataset is here: one survey's published results or one topic's public
opinions, offered as files (distributions) under a licence, and described as DCAT describes a
dataset (api.opendata.catalog). Each domain's module (api.opendata.surveys, .topics) lists its
datasets as `Dataset`s; the catalog, the 「オープンデータ」 page and every file read them."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class Distribution:
    """One file of a dataset: `format` "CSV" or "JSON", its absolute download URL."""

    format: str
    media_type: str
    url: str


@dataclass(frozen=True)
class Dataset:
    """`identifier` is stable and unique on this site ("survey-12", "topic-34"); `page_url`
    the public page the data comes from; `schema_url` documents the files' columns/fields."""

    identifier: str
    title: str
    description: str
    page_url: str
    issued: datetime
    modified: datetime
    keywords: list[str] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    schema_url: str = ""


def open_data_licence():
    """{"name", "url"} of the licence every dataset is published under
    (settings.OPEN_DATA_LICENCE; CC BY 4.0 unless configured)."""
    return dict(settings.OPEN_DATA_LICENCE)


def metadata_url(request, identifier):
    """The absolute address of dataset `identifier`'s metadata record (the files' Link
    rel="describedby" and the identity of the dataset in the catalog)."""
    return canonical_url(request, "opendata:metadata", identifier)


def canonical_url(request, name, *args):
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name, args=args))
