"""Cursor pagination for harvesters: every list runs in the order of its objects' last change
(then id), so `updated_since` plus following `next` reads each object once, and each page costs
the same queries however deep it is (a keyset, never an offset)."""

import base64
import binascii
import json
from datetime import UTC, datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import AwareDatetime, create_model

from .schema import OutSchema

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 200
CURSOR_REFUSED = gettext_noop("This cursor is not valid. Start again without one.")
MAX_ID = 2**63 - 1  # the largest id a database column holds
# Times a harvester may ask from (1970-01-01 or 2000-01-01 for "everything" pass in any
# offset); beyond them Python's dates overflow once moved to another offset.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


class PageQuery(Schema):
    """The query parameters every list takes."""

    updated_since: AwareDatetime | None = Field(
        None,
        ge=EARLIEST,
        le=LATEST,
        description=gettext_noop(
            "Only objects changed at or after this time (ISO 8601 with its offset, e.g. "
            "2026-12-01T00:00:00+09:00)."
        ),
    )
    cursor: str | None = Field(
        None, description=gettext_noop("The next_cursor of the previous page.")
    )
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=gettext_noop("Objects per page (1–200).")
    )


def page_schema(item_schema):
    """The response schema of a list of `item_schema`: `results`, and `next` to follow."""
    return create_model(
        f"{item_schema.__name__}Page",
        __base__=OutSchema,
        next=(
            str | None,
            Field(None, description=gettext_noop("The URL of the next page, or null.")),
        ),
        next_cursor=(
            str | None,
            Field(None, description=gettext_noop("The cursor of the next page.")),
        ),
        results=(list[item_schema], ...),
    )


def keyset_page(request, queryset, query, *, changed_field):
    """One page of `queryset` for `query` (PageQuery) ordered by `changed_field` then pk:
    {"results": objects, "next": url, "next_cursor": str}. Objects with no change time yet
    are left out (a page made live without a publish). A cursor that is not one of ours is
    refused with 400."""
    queryset = queryset.filter(**{f"{changed_field}__isnull": False})
    if query.updated_since is not None:
        queryset = queryset.filter(**{f"{changed_field}__gte": query.updated_since})
    if query.cursor:
        changed, pk = _cursor_decode(query.cursor)
        # `>=` first, then the tie-break: the database walks one index range in order (an
        # OR of the two alone made SQLite gather every later row and sort them).
        queryset = queryset.filter(
            Q(**{f"{changed_field}__gte": changed}),
            Q(**{f"{changed_field}__gt": changed}) | Q(pk__gt=pk),
        )
    objects = list(queryset.order_by(changed_field, "pk")[: query.limit + 1])
    page, more = objects[: query.limit], len(objects) > query.limit
    next_cursor = _cursor_encode(getattr(page[-1], changed_field), page[-1].pk) if more else None
    return {
        "results": page,
        "next_cursor": next_cursor,
        "next": _next_url(request, next_cursor) if next_cursor else None,
    }


def _cursor_encode(changed, pk):
    text = json.dumps([changed.isoformat(), pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _cursor_decode(cursor):
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        changed, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        changed, pk = datetime.fromisoformat(changed), int(pk)
        if changed.tzinfo is None or not EARLIEST <= changed <= LATEST or not 0 < pk <= MAX_ID:
            raise ValueError
        return changed, pk
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise HttpError(400, _(CURSOR_REFUSED)) from None


def _next_url(request, next_cursor):
    params = request.GET.copy()
    params["cursor"] = next_cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
