"""The files of a dataset: CSV (UTF-8 with BOM, formula-safe: core.spreadsheets) and JSON, each
carrying its licence and a link to its metadata record — in the JSON itself, and for both as
HTTP Link headers (rel="license", rel="describedby"), since a CSV has no place for them."""

import json

from django.http import HttpResponse

from core.downloads import attachment
from core.spreadsheets import CSV_TYPE, csv_chunks

from ..http import last_modified_set
from ..main import JapanTimeEncoder
from .datasets import open_data_licence

JSON_TYPE = "application/json; charset=utf-8"


def dataset_csv_response(dataset, *, header, rows, filename, metadata_url):
    """`rows` under `header` as a CSV download of `dataset`."""
    response = HttpResponse("".join(csv_chunks(rows, header=header)), content_type=CSV_TYPE)
    return _described(response, dataset, filename=filename, metadata_url=metadata_url)


def dataset_json_response(dataset, *, data, filename, metadata_url):
    """`data` as a JSON download of `dataset`: {"dataset", "license", "data"}."""
    document = {
        "dataset": {
            "identifier": dataset.identifier,
            "title": dataset.title,
            "description": dataset.description,
            "page": dataset.page_url,
            "issued": dataset.issued,
            "modified": dataset.modified,
            "metadata": metadata_url,
            "schema": dataset.schema_url,
        },
        "license": open_data_licence(),
        "data": data,
    }
    text = json.dumps(document, cls=JapanTimeEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(text, content_type=JSON_TYPE)
    return _described(response, dataset, filename=filename, metadata_url=metadata_url)


def _described(response, dataset, *, filename, metadata_url):
    licence = open_data_licence()
    response["Link"] = f'<{licence["url"]}>; rel="license", <{metadata_url}>; rel="describedby"'
    last_modified_set(response, dataset.modified)
    return attachment(response, filename)
