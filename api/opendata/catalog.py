"""The open data described in DCAT 2, as JSON-LD that a CKAN harvester (ckanext-dcat) reads:
the catalog (/opendata/catalog.jsonld) and each dataset's metadata record
(/opendata/<identifier>/metadata.jsonld). Both are built from the node functions below, so a
dataset reads the same in the catalog and in its own record.

Addresses that identify things (the catalog, each record) are the default language's, so a
harvester sees one dataset whichever language it asked in."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.models import Site

from core.japan import japan_zone

from .datasets import canonical_url, metadata_url, open_data_licence

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
CATALOG_DESCRIPTION = gettext_noop(
    "Data that is already public on this site, in machine-readable form: published survey "
    "results and the public opinions of opinion exchanges. Groups too small to show are left "
    "out, as they are on the pages."
)


def catalog_document(request, datasets):
    """The JSON-LD document of the catalog of `datasets` (api.opendata.datasets.Dataset)."""
    return {"@context": CONTEXT, **catalog_node(request, datasets)}


def dataset_document(request, dataset):
    """The JSON-LD document of one dataset's metadata record."""
    return {"@context": CONTEXT, **dataset_node(request, dataset)}


def catalog_node(request, datasets):
    node = {
        "@id": canonical_url(request, "opendata:catalog"),
        "@type": "dcat:Catalog",
        "dct:title": catalog_title(request),
        "dct:description": _(CATALOG_DESCRIPTION),
        "dct:publisher": publisher_node(request),
        "dct:license": licence_node(),
        "foaf:homepage": {"@id": canonical_url(request, "opendata:index")},
        "dcat:dataset": [dataset_node(request, dataset) for dataset in datasets],
    }
    if datasets:
        node["dct:modified"] = date_time_literal(max(dataset.modified for dataset in datasets))
    return node


def dataset_node(request, dataset):
    return {
        "@id": metadata_url(request, dataset.identifier),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.identifier,
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dcat:keyword": list(dataset.keywords),
        "dct:issued": date_time_literal(dataset.issued),
        "dct:modified": date_time_literal(dataset.modified),
        "dcat:landingPage": {"@id": dataset.page_url},
        "dct:publisher": publisher_node(request),
        "dcat:contactPoint": contact_node(request),
        "dct:license": licence_node(),
        "dcat:distribution": [
            distribution_node(dataset, distribution) for distribution in dataset.distributions
        ],
    }


def distribution_node(dataset, distribution):
    """A blank node: a distribution is known by its dataset, its download URL is its file's."""
    node = {
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} ({distribution.format})",
        "dcat:accessURL": {"@id": distribution.url},
        "dcat:downloadURL": {"@id": distribution.url},
        "dct:format": distribution.format,
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + bare_media_type(distribution)},
        "dct:license": licence_node(),
    }
    if dataset.schema_url:
        node["dct:conformsTo"] = {"@id": dataset.schema_url}
    return node


def publisher_node(request):
    return {
        "@type": "foaf:Organization",
        "foaf:name": publisher_name(request),
        "foaf:homepage": {"@id": request.build_absolute_uri("/")},
    }


def contact_node(request):
    return {
        "@type": "vcard:Organization",
        "vcard:fn": publisher_name(request),
        "vcard:hasURL": {"@id": request.build_absolute_uri("/")},
    }


def licence_node():
    licence = open_data_licence()
    return {"@id": licence["url"], "@type": "dct:LicenseDocument", "dct:title": licence["name"]}


def date_time_literal(moment):
    return {"@value": japan_iso(moment), "@type": "xsd:dateTime"}


def japan_iso(moment):
    """`moment` as ISO 8601 in Japan time, to the second (2026-12-07T22:00:00+09:00)."""
    return timezone.localtime(moment, japan_zone()).isoformat(timespec="seconds")


def bare_media_type(distribution):
    """The media type without its parameters: text/csv for text/csv; charset=utf-8."""
    return distribution.media_type.split(";")[0].strip()


def site_name(request):
    """The Wagtail site's name (settings.WAGTAIL_SITE_NAME when it has none)."""
    site = Site.find_for_request(request)
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


def publisher_name(request):
    """Who publishes the data: settings.OPEN_DATA_PUBLISHER, else the site's name."""
    return settings.OPEN_DATA_PUBLISHER or site_name(request)


def catalog_title(request):
    return _("%(site)s open data") % {"site": site_name(request)}
