"""/opendata/data.json: the catalog in the Project Open Data (DCAT-US 1.1) JSON shape, which
ckanext-dcat's `dcat_json_harvester` reads. The same datasets as the DCAT catalog
(api.opendata.catalog), with the same publisher and licence."""

from .catalog import bare_media_type, japan_iso, publisher_name
from .datasets import open_data_licence

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"


def data_json_document(request, datasets):
    """The data.json document of `datasets` (api.opendata.datasets.Dataset)."""
    return {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "dataset": [data_json_dataset(request, dataset) for dataset in datasets],
    }


def data_json_dataset(request, dataset):
    return {
        "@type": "dcat:Dataset",
        "identifier": dataset.identifier,
        "title": dataset.title,
        "description": dataset.description,
        "keyword": list(dataset.keywords),
        "issued": japan_iso(dataset.issued),
        "modified": japan_iso(dataset.modified),
        "landingPage": dataset.page_url,
        "license": open_data_licence()["url"],
        "accessLevel": "public",
        "publisher": {"@type": "org:Organization", "name": publisher_name(request)},
        "distribution": [
            data_json_distribution(dataset, distribution) for distribution in dataset.distributions
        ],
    }


def data_json_distribution(dataset, distribution):
    node = {
        "@type": "dcat:Distribution",
        "title": f"{dataset.title} ({distribution.format})",
        "downloadURL": distribution.url,
        "mediaType": bare_media_type(distribution),
        "format": distribution.format,
    }
    if dataset.schema_url:
        node["describedBy"] = dataset.schema_url
    return node
