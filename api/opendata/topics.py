"""Open data of opinion exchanges (意見交換): for each live, public topic with a published
opinion, its opinions as CSV and JSON, the same fields as the API (api.endpoints.topics)."""

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from community.models import Comment, Stance
from community.selectors.topics import opinion_public_list, topic_public_mark

from ..endpoints.topics import OpinionOut, TopicOut, opinions_out, topic_out, topics_listed
from ..http import public_data
from ..schema import OutSchema
from .datasets import Dataset, Distribution
from .files import dataset_csv_response, dataset_json_response
from .schemas import download_schema_response

KEYWORD = "意見交換"


class TopicOpinionsOut(OutSchema):
    """The `data` of a topic's JSON file."""

    topic: TopicOut
    opinions: list[OpinionOut]


def topic_datasets(request):
    """A Dataset for each live, public topic with at least one published opinion."""
    topics = topic_public_mark(list(_topics_published()))
    return [_dataset(request, topic) for topic in topics]


def _topics_published():
    """topics_listed with a published opinion, each with `opinions_changed_at` (the last change
    of any of its opinions, those that left the file too) and `modified`, the later of that and
    the topic's own change (published, closed, its period ended: counts became public)."""
    last_change = (
        Comment.objects.filter(page_id=OuterRef("pk"), depth=1)
        .order_by()
        .values("page_id")
        .annotate(last=Max("changed_at"))
        .values("last")
    )
    return (
        topics_listed()
        .filter(opinion_count__gt=0)
        .annotate(opinions_changed_at=Subquery(last_change))
        .annotate(modified=Greatest("changed_at", "opinions_changed_at"))
    )


def _dataset(request, topic):
    def url(name, *args):
        return request.build_absolute_uri(reverse(f"opendata:{name}", args=args))

    return Dataset(
        identifier=f"topic-{topic.pk}",
        title=topic.title,
        description=topic.question,
        page_url=topic.get_full_url(request),
        issued=topic.first_published_at,
        modified=topic.modified,
        keywords=[KEYWORD],
        distributions=[
            Distribution("CSV", "text/csv", url("topic_csv", topic.pk)),
            Distribution("JSON", "application/json", url("topic_json", topic.pk)),
        ],
        schema_url=url("topic_schema"),
    )


def _topic_get(request, topic_id):
    """The topic `topic_id` and its Dataset, or Http404 when it has none."""
    (topic,) = topic_public_mark([get_object_or_404(_topics_published(), pk=topic_id)])
    return topic, _dataset(request, topic)


def _opinions(topic):
    listed = opinion_public_list().filter(page_id=topic.pk).order_by("created_at", "pk")
    return opinions_out(list(listed))


@public_data
def topic_csv(request, topic_id):
    """The topic's opinions as CSV, one row each, oldest first."""
    topic, dataset = _topic_get(request, topic_id)
    return dataset_csv_response(
        request,
        dataset,
        header=_csv_header(),
        rows=[_csv_row(opinion) for opinion in _opinions(topic)],
        filename=f"topic-{topic.pk}-opinions.csv",
    )


@public_data
def topic_json(request, topic_id):
    """The topic and its opinions as JSON (TopicOpinionsOut), oldest first."""
    topic, dataset = _topic_get(request, topic_id)
    data = TopicOpinionsOut.model_validate(
        {"topic": topic_out(request, topic), "opinions": _opinions(topic)}
    )
    return dataset_json_response(
        request,
        dataset,
        data=data.model_dump(),
        filename=f"topic-{topic.pk}-opinions.json",
    )


@public_data
def topic_schema(request):
    """The JSON Schema of a topic's JSON file, its descriptions in the reader's language."""
    return download_schema_response(TopicOpinionsOut, title="Topic opinions")


CSV_COLUMNS = [
    pgettext_lazy("open data column", "ID"),
    pgettext_lazy("open data column", "Posted at"),
    pgettext_lazy("open data column", "Stance"),
    pgettext_lazy("open data column", "Opinion"),
    pgettext_lazy("open data column", "Author"),
    pgettext_lazy("open data column", "Agree"),
    pgettext_lazy("open data column", "Disagree"),
    pgettext_lazy("open data column", "Pass"),
    pgettext_lazy("open data column", "Likes"),
]


def _csv_header():
    return [str(column) for column in CSV_COLUMNS]


def _csv_row(opinion):
    """One CSV row of an opinion as opinions_out gives it: counts empty where not shown."""
    return [
        opinion["id"],
        timezone.localtime(opinion["created_at"]),
        _stance_label(opinion["stance"]),
        opinion["body_text"],
        opinion["author_name"],
        opinion["agree_count"],
        opinion["disagree_count"],
        opinion["pass_count"],
        opinion["like_count"],
    ]


def _stance_label(stance):
    return str(Stance(stance).label) if stance else ""
