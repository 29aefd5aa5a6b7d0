"""The consensus report (意見交換レポート) in the Wagtail admin, for Moderators and Analysts:
the list of topics, one topic's report with its opinion groups (views.opinion_groups) and
their publication to participants, and its exports (opinions with their votes, and the votes
themselves, as CSV and Excel).

Every view is behind `consensus_view` (or, for the list, `consensus_permission_required`): the
only access check. Figures come from the community.consensus package; this module turns them
into tables, charts and files.
"""

from functools import wraps
from itertools import chain
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.access import permission_required_or_forbidden
from core.channels import Channel
from core.charts.bars import bar_chart
from core.charts.columns import column_chart
from core.downloads import attachment, dated_filename
from core.pagination import paginate
from core.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_chunks, xlsx_file

from ..consensus.dimensions import (
    DIMENSIONS,
    STAKEHOLDER_TYPE,
    channel_filter_from,
    dimension_from,
)
from ..consensus.exports import (
    breakdown_rows,
    group_rows,
    opinion_rows,
    vote_header,
    vote_rows,
)
from ..consensus.generation import CACHE_SECONDS
from ..consensus.groups.publishing import groups_publish, groups_unpublish
from ..consensus.groups.report import groups_report, latest_run
from ..consensus.privacy import too_few_label
from ..consensus.report import consensus_report, topic_list
from ..consensus.thresholds import Thresholds
from ..models import TopicPage
from ..services.discussions import discussion_settings_for
from .opinion_groups import groups_context

CONSENSUS_PERMISSION = "community.view_consensus"
TOPICS_PER_PAGE = 50
# Each group of opinions is paged on its own (GET page_<group>): a topic of 500 opinions was
# 2.5 MB of HTML. The exports hold every opinion.
OPINIONS_PER_PAGE = 20


# Only staff holding the permission (Moderators, Analysts, superusers) get through.
consensus_permission_required = permission_required_or_forbidden(CONSENSUS_PERMISSION)


def consensus_view(view):
    """consensus_permission_required, and the view receives the TopicPage for its id."""

    @consensus_permission_required
    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        topic = get_object_or_404(TopicPage, pk=page_id)
        return view(request, topic, *args, **kwargs)

    return wrapper


@consensus_permission_required
@require_GET
def index(request):
    """Every topic with its opinions, votes and participants, newest first."""
    topics = paginate(topic_list(), request.GET.get("p"), per_page=TOPICS_PER_PAGE)
    context = {
        "page_title": _("Opinion exchange reports"),
        "topics": topics,
        "elided_page_range": topics.paginator.get_elided_page_range(topics.number),
    }
    return TemplateResponse(request, "community/admin/consensus_index.html", context)


@consensus_view
@require_GET
def report(request, topic):
    """One topic's report, broken down by GET `by`, its opinions those received through GET
    `channel` (all without it), grouped by the thresholds in the GET."""
    dimension = dimension_from(request.GET.get("by"))
    channel = channel_filter_from(request.GET.get("channel"))
    thresholds = Thresholds.from_params(request.GET)
    figures = consensus_report(
        topic=topic, dimension=dimension, thresholds=thresholds, channel=channel
    )
    participation = figures.participation
    voters_by_type = participation.voters_by[STAKEHOLDER_TYPE]
    context = {
        "page_title": _("Opinion exchange report: %(title)s") % {"title": topic.title},
        "topic": topic,
        "report": figures,
        "dimensions": list(DIMENSIONS.items()),
        "channels": Channel.choices,
        "channel": channel,
        "thresholds": thresholds.fields(),
        "query": _query(dimension, thresholds, channel),
        "categories": _category_pages(request, figures.categories),
        "cache_seconds": CACHE_SECONDS,
        "participation_tables": [
            (key, label, _side_by_side(participation.voters_by[key], participation.authors_by[key]))
            for key, label in DIMENSIONS.items()
        ],
        "voters_chart": bar_chart(
            [(label, size, _people(size)) for label, size in _bars(voters_by_type)],
            title=_("Voters by stakeholder type"),
            unit="",
            describedby="participation-stakeholder_type",
        ),
        "opinions_chart": column_chart(
            [(day.strftime("%m-%d"), n) for day, n in figures.opinions_per_day],
            title=_("Opinions per day"),
            describedby="per-day-table",
        ),
        "votes_chart": column_chart(
            [(day.strftime("%m-%d"), n) for day, n in figures.votes_per_day],
            title=_("Votes per day"),
            describedby="per-day-table",
        ),
        "per_day": _per_day_rows(figures),
        **groups_context(
            topic=topic, run=latest_run(topic=topic), viewer=request.user, minimum=figures.minimum
        ),
    }
    return TemplateResponse(request, "community/admin/consensus_report.html", context)


@require_POST
@consensus_view
def groups_publish_view(request, topic):
    """「参加者に公開する」 (POST `action` publish: the latest run, once the topic is closed) or
    「公開をやめる」 (unpublish), then back to the report's groups."""
    try:
        if request.POST.get("action") == "unpublish":
            groups_unpublish(topic=topic)
            messages.success(request, _("The opinion groups are no longer on the topic page."))
        else:
            groups_publish(topic=topic)
            messages.success(request, _("The opinion groups are now on the topic page."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("consensus:report", args=[topic.pk]) + "#opinion-groups")


def _category_pages(request, categories):
    """[(key, label, the page of its opinions GET page_<key> asks for, that parameter)]."""
    return [
        (
            key,
            label,
            paginate(opinions, request.GET.get(f"page_{key}"), per_page=OPINIONS_PER_PAGE),
            f"page_{key}",
        )
        for key, label, opinions in categories
    ]


def _people(count):
    """「12人」 at a bar; None (a withheld group) prints 「—」."""
    if count is None:
        return None
    return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}


def _bars(rows):
    """[(label, size)] of a chart, groups withheld unnamed as one bar."""
    return list(dict.fromkeys((row.label, row.size) for row in rows))


def _side_by_side(voters, authors):
    """[(label, voters GroupRow or None, authors GroupRow or None)], voters' groups first;
    groups withheld unnamed on both sides are one last row 「—（少数のため非表示）」."""
    by_key = {row.key: row for row in authors}
    pairs = [(row, by_key.pop(row.key, None)) for row in voters]
    pairs += [(None, row) for row in by_key.values()]
    rows, unnamed = [], [None, None]
    for pair in pairs:
        named = [row for row in pair if row is not None and row.named]
        if named:
            rows.append((named[0].label, *pair))
            continue
        unnamed = [old or new for old, new in zip(unnamed, pair, strict=True)]
    if unnamed != [None, None]:
        rows.append((too_few_label(), *unnamed))
    return rows


def _query(dimension, thresholds, channel):
    pairs = [("by", dimension)] if dimension != STAKEHOLDER_TYPE else []
    pairs += [("channel", channel)] if channel else []
    return urlencode(pairs + thresholds.params())


def _per_day_rows(figures):
    """[(day, opinions, votes)] over the days either has."""
    opinions, votes = dict(figures.opinions_per_day), dict(figures.votes_per_day)
    return [(day, opinions.get(day, 0), votes.get(day, 0)) for day in sorted(opinions | votes)]


# --- Exports ------------------------------------------------------------------------------------


def _report_for_export(request, topic):
    return consensus_report(
        topic=topic,
        dimension=dimension_from(request.GET.get("by")),
        thresholds=Thresholds.from_params(request.GET),
        channel=channel_filter_from(request.GET.get("channel")),
    )


@never_cache
@require_GET
@consensus_view
def opinions_csv(request, topic):
    """The opinions with their vote counts and group, as CSV (UTF-8 with BOM)."""
    header, rows = opinion_rows(_report_for_export(request, topic))
    response = HttpResponse("".join(csv_chunks(rows, header=header)), content_type=CSV_TYPE)
    return attachment(response, dated_filename("topic", topic.pk, "opinions", extension="csv"))


@never_cache
@require_GET
@consensus_view
def opinions_xlsx(request, topic):
    """The opinions (sheet 意見), their votes by the chosen dimension (sheet 内訳) and, once
    computed, the opinion groups' summary (sheet 投票から見えるグループ)."""
    figures = _report_for_export(request, topic)
    header, rows = opinion_rows(figures)
    by_header, by_rows = breakdown_rows(figures)
    sheets = [(_("Opinions"), [header, *rows]), (_("Breakdown"), [by_header, *by_rows])]
    groups = groups_report(topic=topic, run=latest_run(topic=topic), minimum=figures.minimum)
    if groups is not None:
        groups_header, groups_rows = group_rows(groups)
        sheets.append((_("Opinion groups"), [groups_header, *groups_rows]))
    file = xlsx_file(sheets)
    response = FileResponse(file, content_type=XLSX_TYPE)
    return attachment(response, dated_filename("topic", topic.pk, "opinions", extension="xlsx"))


@never_cache
@require_GET
@consensus_view
def votes_csv(request, topic):
    """Every vote on the topic's opinions, without who cast it, streamed as CSV."""
    rows = vote_rows(topic=topic, minimum=discussion_settings_for(topic).min_group_size)
    response = StreamingHttpResponse(csv_chunks(rows, header=vote_header()), CSV_TYPE)
    return attachment(response, dated_filename("topic", topic.pk, "votes", extension="csv"))


@never_cache
@require_GET
@consensus_view
def votes_xlsx(request, topic):
    """The same votes as one sheet (投票一覧) of a workbook."""
    rows = vote_rows(topic=topic, minimum=discussion_settings_for(topic).min_group_size)
    file = xlsx_file([(_("All votes"), chain([vote_header()], rows))])
    response = FileResponse(file, content_type=XLSX_TYPE)
    return attachment(response, dated_filename("topic", topic.pk, "votes", extension="xlsx"))
