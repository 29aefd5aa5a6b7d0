"""The files of a dataset: CSV (UTF-8 with BOM, formula-safe: core.spreadsheets) and JSON, each
carrying its licence and a link to its metadata record — in the JSON itself, and for both as
HTTP Link headers (rel="license", rel="describedby"), since a CSV has no place for them."""

import json

from django.http import HttpResponse

from core.downloads import attachment
from core.spreadsheets import CSV_TYPE, csv_chunks

from ..http import last_modified_set
from ..main import JapanTimeEncoder
from .datasets import metadata_url, open_data_licence

JSON_TYPE = "application/json; charset=utf-8"


def dataset_csv_response(request, dataset, *, header, rows, filename):
    """`rows` under `header` as a CSV download of `dataset`."""
    response = HttpResponse("".join(csv_chunks(rows, header=header)), content_type=CSV_TYPE)
    return _described(request, response, dataset, filename=filename)


def dataset_json_response(request, dataset, *, data, filename):
    """`data` as a JSON download of `dataset`: {"dataset", "license", "data"}."""
    document = {
        "dataset": {
            "identifier": dataset.identifier,
            "title": dataset.title,
            "description": dataset.description,
            "page": dataset.page_url,
            "issued": dataset.issued,
            "modified": dataset.modified,
            "metadata": metadata_url(request, dataset.identifier),
            "schema": dataset.schema_url,
        },
        "license": open_data_licence(),
        "data": data,
    }
    text = json.dumps(document, cls=JapanTimeEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(text, content_type=JSON_TYPE)
    return _described(request, response, dataset, filename=filename)


def _described(request, response, dataset, *, filename):
    described_by = metadata_url(request, dataset.identifier)
    licence = open_data_licence()
    response["Link"] = f'<{licence["url"]}>; rel="license", <{described_by}>; rel="describedby"'
    last_modified_set(response, dataset.modified)
    return attachment(response, filename)
