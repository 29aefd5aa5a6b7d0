"""Files people download: the attachment header and dated file names."""

from urllib.parse import quote

from django.utils.http import content_disposition_header

from .japan import japan_today


def attachment(response, filename):
    """`response` as a download named `filename`: Django's attachment header, with the UTF-8
    `filename*` as well for every name."""
    header = content_disposition_header(as_attachment=True, filename=filename)
    if "filename*=" not in header:
        header += f"; filename*=utf-8''{quote(filename)}"
    response["Content-Disposition"] = header
    return response


def dated_filename(*parts, extension):
    """`<part>-<part>-…-<YYYYMMDD>.<extension>`, dated in Japan time."""
    return "-".join([*map(str, parts), f"{japan_today():%Y%m%d}"]) + f".{extension}"
