"""/api/v1/consultations/: consultation outcomes (意見の概要と市の考え方) as their public pages
show them (consultations.selectors.outcome_list): the table of the PUBLISHED revision
(`ConsultationPage.table` of the live page, never staff's working groups or a draft), its rows
as the page and its outcome.csv read them (consultations.rows.outcome_rows). No row says who
wrote an opinion; quotes are the texts staff ticked, as they masked them."""

from datetime import date, datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router
from wagtail.rich_text import expand_db_html

from consultations.rows import outcome_channels, outcome_rows
from consultations.selectors import outcome_list
from core.plain_text import plain_text_from_html

from ..http import last_modified_set
from ..paging import PageQuery, keyset_page, page_schema
from ..schema import OutSchema

router = Router(tags=[gettext_noop("Consultation outcomes")])

# The source's content type → what it is called here (and its list in this API).
SOURCE_TYPES = {"topicpage": "topic", "surveypage": "survey"}


class OutcomeSourceOut(OutSchema):
    id: int
    type: str = Field(description=gettext_noop('"topic" (opinion exchange) or "survey".'))
    title: str
    url: str


class OutcomeChannelOut(OutSchema):
    label: str = Field(description=gettext_noop("How the opinions reached us."))
    opinions: int
    people: int


class OutcomeNoteOut(OutSchema):
    on: date
    progress: str
    progress_label: str
    note: str


class OutcomeRowOut(OutSchema):
    number: int
    url: str = Field(description=gettext_noop("The row on the outcome page."))
    summary: str = Field(description=gettext_noop("Summary of the opinions."))
    count: int = Field(description=gettext_noop("Opinions in this group."))
    view_html: str = Field(description=gettext_noop("The answer, in HTML."))
    view_text: str = Field(description=gettext_noop("The answer as plain text."))
    disposition: str = Field(description=gettext_noop("What was done about the opinions."))
    progress: str = Field(
        description=gettext_noop(
            'Follow-up: "considering", "underway", "done", "dropped" or empty.'
        )
    )
    progress_label: str
    notes: list[OutcomeNoteOut] = Field(description=gettext_noop("Dated steps of the follow-up."))
    quotes: list[str] = Field(
        description=gettext_noop("Opinions quoted as received, personal details masked.")
    )


class ConsultationOut(OutSchema):
    id: int
    title: str
    url: str = Field(description=gettext_noop("The outcome's page on this site."))
    source: OutcomeSourceOut | None = Field(
        description=gettext_noop("Where the opinions were given, while that page is published.")
    )
    opened_on: date | None
    closed_on: date | None
    opinions: int = Field(description=gettext_noop("Opinions received."))
    people: int = Field(description=gettext_noop("People who gave them."))
    channels: list[OutcomeChannelOut] = Field(
        description=gettext_noop(
            "The opinions by how they reached us; empty when all came through this site."
        )
    )
    first_published_at: datetime
    last_published_at: datetime = Field(
        description=gettext_noop("When it was last published: the order of the list.")
    )


class ConsultationDetailOut(ConsultationOut):
    lead_html: str = Field(description=gettext_noop("The introduction, in HTML."))
    view_heading: str = Field(
        description=gettext_noop("The name of the answers' column, such as 市の考え方.")
    )
    rows: list[OutcomeRowOut] = Field(
        description=gettext_noop("The published table, in its order.")
    )


def consultation_out(request, outcome):
    """The API's fields of `outcome` (a ConsultationPage from outcome_list)."""
    table = outcome.table
    return {
        "id": outcome.pk,
        "title": outcome.title,
        "url": outcome.get_full_url(request),
        "source": _source_out(request, outcome.source_shown()),
        "opened_on": outcome.opened_on,
        "closed_on": outcome.closed_on,
        "opinions": table.get("opinions", 0),
        "people": table.get("people", 0),
        "channels": [
            {"label": label, "opinions": opinions, "people": people}
            for label, opinions, people in outcome_channels(table)
        ],
        "first_published_at": outcome.first_published_at,
        "last_published_at": outcome.last_published_at,
    }


def _source_out(request, source):
    if source is None:
        return None
    return {
        "id": source.pk,
        "type": SOURCE_TYPES.get(source.content_type.model, ""),
        "title": source.title,
        "url": source.get_full_url(request),
    }


def row_out(page_url, row):
    """One row of outcome_rows() as the API gives it."""
    return {
        "number": row["number"],
        "url": f"{page_url}#{row['anchor']}",
        "summary": row["summary"],
        "count": row["count"],
        "view_html": expand_db_html(row["view"]),
        "view_text": plain_text_from_html(row["view"]),
        "disposition": row["disposition"],
        "progress": row["progress"],
        "progress_label": row["progress_label"],
        "notes": row["notes"],
        "quotes": row["quotes"],
    }


@router.get(
    "/consultations/",
    response=page_schema(ConsultationOut),
    summary=gettext_noop("Published consultation outcomes"),
    description=gettext_noop(
        "In the order they were last published, oldest first; follow `next` to read them all. "
        "Each outcome's table is in its detail."
    ),
)
def consultations(request, query: Query[PageQuery]):
    page = keyset_page(request, outcome_list(), query, changed_field="last_published_at")
    page["results"] = [consultation_out(request, outcome) for outcome in page["results"]]
    return page


@router.get(
    "/consultations/{int:consultation_id}/",
    response=ConsultationDetailOut,
    summary=gettext_noop("One published consultation outcome, with its table"),
)
def consultation(request, response: HttpResponse, consultation_id: int):
    outcome = get_object_or_404(outcome_list(), pk=consultation_id)
    last_modified_set(response, outcome.last_published_at)
    item = consultation_out(request, outcome)
    return {
        **item,
        "lead_html": expand_db_html(outcome.lead),
        "view_heading": outcome.view_heading(request),
        "rows": [row_out(item["url"], row) for row in outcome_rows(outcome.table)],
    }
