"""The articles endpoint of issue 26 written four ways, in front of bench/urls.py's patterns:
/api/plain/articles/, /api/ninja/articles/, /api/drf/articles/ and Wagtail's /api/v2/pages/.

Used only by bench/api_frameworks.py, which makes it ROOT_URLCONF after Django starts. Importing
it declares ArticlePage's `api_fields` for Wagtail's API and raises WAGTAILAPI_LIMIT_MAX to a
page of 50 for that run; nothing in the apps changes.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from ninja import NinjaAPI, Schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from articles.models import ArticlePage
from bench.urls import urlpatterns as bench_urlpatterns

PAGE_SIZE = 50


def articles_page(*, before=None, before_id=None):
    """The next PAGE_SIZE published, public articles, newest first, after the cursor if any."""
    articles = ArticlePage.objects.live().public()
    if before is not None:
        articles = articles.filter(
            Q(last_published_at__lt=before) | Q(last_published_at=before, pk__lt=before_id)
        )
    return articles.order_by("-last_published_at", "-pk").prefetch_related(
        "tags", "article_authors__author"
    )[:PAGE_SIZE]


def cursor_from(params):
    """articles_page's cursor from ?before=<ISO time>&before_id=<pk>, when both are given."""
    if not (params.get("before") and params.get("before_id")):
        return {}
    before = datetime.datetime.fromisoformat(params["before"])
    return {"before": before, "before_id": int(params["before_id"])}


# --- Plain Django: the floor -------------------------------------------------------------------


def plain_view(request):
    """The same queryset and items, built by hand into a JsonResponse."""
    items = [
        {
            "id": page.pk,
            "title": page.title,
            "url": page.get_url(request=request),
            "lead": page.lead,
            "first_published_at": page.first_published_at,
            "last_published_at": page.last_published_at,
            "tags": [tag.name for tag in page.tags.all()],
            "authors": [author.name for author in page.authors],
        }
        for page in articles_page(**cursor_from(request.GET))
    ]
    return JsonResponse(items, safe=False, json_dumps_params={"ensure_ascii": False})


# --- django-ninja ------------------------------------------------------------------------------


class ArticleOut(Schema):
    id: int
    title: str
    url: str
    lead: str
    first_published_at: datetime.datetime
    last_published_at: datetime.datetime
    tags: list[str]
    authors: list[str]

    @staticmethod
    def resolve_url(obj, context):
        return obj.get_url(request=context["request"])

    @staticmethod
    def resolve_tags(obj):
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_authors(obj):
        return [author.name for author in obj.authors]


ninja_api = NinjaAPI(title="Yoriai articles", urls_namespace="bench_api_ninja")


@ninja_api.get("/articles/", response=list[ArticleOut])
def ninja_articles(request, before: datetime.datetime | None = None, before_id: int | None = None):
    cursor = {"before": before, "before_id": before_id} if before and before_id else {}
    return list(articles_page(**cursor))


# --- Django REST framework ---------------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    authors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = ArticlePage
        fields = ["id", "title", "url", "lead", "first_published_at", "last_published_at"]
        fields += ["tags", "authors"]

    def get_url(self, obj) -> str:
        return obj.get_url(request=self.context["request"])


class ArticleListView(generics.ListAPIView):
    serializer_class = ArticleSerializer
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def get_queryset(self):
        return articles_page(**cursor_from(self.request.query_params))


drf_urlpatterns = [path("api/drf/articles/", ArticleListView.as_view(), name="bench_api_drf")]


# --- Wagtail API v2 ----------------------------------------------------------------------------

ArticlePage.api_fields = [
    APIField("lead"),
    APIField("last_published_at"),
    APIField("tags"),
    APIField("authors", serializer=serializers.ListField(child=serializers.CharField())),
]
settings.WAGTAILAPI_LIMIT_MAX = PAGE_SIZE  # read on every request; 20 out of the box
wagtail_router = WagtailAPIRouter("bench_api_wagtail")
wagtail_router.register_endpoint("pages", PagesAPIViewSet)


urlpatterns = [
    path("api/plain/articles/", plain_view),
    path("api/ninja/", ninja_api.urls),
    *drf_urlpatterns,
    path("api/v2/", wagtail_router.urls),
    *bench_urlpatterns,
]
