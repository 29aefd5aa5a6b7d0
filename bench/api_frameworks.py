"""A public read-only JSON API for articles (issue 26): django-ninja, Django REST framework
and Wagtail's API v2 measured on the same page of results, next to a plain Django view.

`python bench/api_frameworks.py [--articles 2000] [--requests 200]` migrates a throwaway SQLite
file (bench/settings.py) and builds HomePage → ArticleIndexPage → `--articles` ArticlePages
inserted in bulk by bench/search.py's ArticleWriter (titles and four paragraphs of the demo
articles' sentences; not indexed), each with one or two of 20 authors and up to three of 30
tags. Two of the newest are drafts and two need a login, so "published and public" filters
something; no two share a publication time, so every framework orders them alike.

The endpoint — 50 published, public articles, newest first (last_published_at, pk), each with
id, title, URL path, lead, first and last publication times, tag and author names — is written
four ways in bench/api_urls.py, this run's ROOT_URLCONF (nothing in the apps changes): plain
Django (a JsonResponse, the floor), django-ninja (a Schema), DRF (a ListAPIView and a
ModelSerializer), all three on one queryset with tags and authors prefetched and a keyset
cursor (`?before=<last_published_at>&before_id=<pk>`); and Wagtail's API v2 (PagesAPIViewSet,
`?type=articles.ArticlePage&fields=…&order=-last_published_at&limit=50`, `offset` for later
pages), out of the box but for the fields it may show (`api_fields`) and WAGTAILAPI_LIMIT_MAX,
raised from 20 to 50.

For the first page and a page halfway down: median and p90 ms over `--requests` signed-out
requests (django.test.Client), the ratio to /bench/hello/'s median in the same run, SQL queries
per request, response bytes, and whether all carry the same 50 ids in the same order. Then the
OpenAPI document each can generate, and the median time to generate it. Figures are printed,
never asserted.
"""

import argparse
import datetime
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 20261207
AUTHORS, TAGS = 20, 30
HELLO = "/bench/hello/"
PLAIN, NINJA, DRF, WAGTAIL = "plain Django", "django-ninja", "DRF", "Wagtail API v2"
WAGTAIL_FIELDS = "lead,last_published_at,tags,authors"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    return parser.parse_args()


def django_start(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()

    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)


# --- The site ----------------------------------------------------------------------------------


def site_build(count):
    """HomePage → ArticleIndexPage → `count` articles with authors and tags, as described."""
    from taggit.models import Tag

    from articles.models import ArticlePage
    from bench.search import ArticleWriter
    from tests.factories import ArticleIndexPageFactory, AuthorFactory, HomePageFactory

    ArticleIndexPageFactory(parent=HomePageFactory())
    rng = random.Random(SEED)
    ArticleWriter(rng).grow(count, index=False)
    times_separate()
    authors = [AuthorFactory().pk for _ in range(AUTHORS)]
    tags = [Tag.objects.create(name=f"地域DX{n}", slug=f"dx-{n}").pk for n in range(TAGS)]
    links_insert(rng, list(ArticlePage.objects.values_list("pk", flat=True)), authors, tags)
    hidden_mark()


def times_separate():
    """Articles written in the same minute move apart by their pk in microseconds, so that an
    ordering by last_published_at alone (Wagtail's) has no ties."""
    from articles.models import ArticlePage

    articles = list(ArticlePage.objects.only("last_published_at"))
    for article in articles:
        article.last_published_at += datetime.timedelta(microseconds=article.pk)
    ArticlePage.objects.bulk_update(articles, ["last_published_at"], batch_size=500)


def links_insert(rng, pks, authors, tags):
    """1–2 of `authors` and 0–3 of `tags` (ids) on each article of `pks`, in bulk."""
    from articles.models import ArticlePageAuthor, ArticlePageTag

    ArticlePageAuthor.objects.bulk_create(
        (
            ArticlePageAuthor(page_id=pk, author_id=author, sort_order=n)
            for pk in pks
            for n, author in enumerate(rng.sample(authors, rng.randint(1, 2)))
        ),
        batch_size=500,
    )
    ArticlePageTag.objects.bulk_create(
        (
            ArticlePageTag(content_object_id=pk, tag_id=tag)
            for pk in pks
            for tag in rng.sample(tags, rng.randint(0, 3))
        ),
        batch_size=500,
    )


def hidden_mark():
    """Two of the newest articles become drafts and two need a login."""
    from wagtail.models import PageViewRestriction

    from articles.models import ArticlePage

    newest = list(ArticlePage.objects.order_by("-last_published_at")[:40:10])
    ArticlePage.objects.filter(pk__in=[page.pk for page in newest[:2]]).update(live=False)
    for page in newest[2:]:
        PageViewRestriction.objects.create(page=page, restriction_type="login")


# --- Measuring ---------------------------------------------------------------------------------


def page_urls(offset):
    """{framework: URL} for the page that starts `offset` articles down the list."""
    from urllib.parse import urlencode

    from bench.api_urls import PAGE_SIZE

    wagtail = {"type": "articles.ArticlePage", "fields": WAGTAIL_FIELDS}
    wagtail |= {"order": "-last_published_at", "limit": PAGE_SIZE}
    cursor = {}
    if offset:
        wagtail["offset"] = offset
        last = articles_page_at(offset - 1)
        cursor = {"before": last.last_published_at.isoformat(), "before_id": last.pk}
    query = f"?{urlencode(cursor)}" if cursor else ""
    return {
        PLAIN: f"/api/plain/articles/{query}",
        NINJA: f"/api/ninja/articles/{query}",
        DRF: f"/api/drf/articles/{query}",
        WAGTAIL: f"/api/v2/pages/?{urlencode(wagtail)}",
    }


def articles_page_at(position):
    from articles.models import ArticlePage

    return ArticlePage.objects.live().public().order_by("-last_published_at", "-pk")[position]


def response_ids(name, response):
    items = response.json()
    return [item["id"] for item in (items["items"] if name == WAGTAIL else items)]


def timed(client, url, count):
    for _ in range(5):
        client.get(url)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    samples.sort()
    return {"median": statistics.median(samples), "p90": samples[int(0.9 * (count - 1))]}


def endpoint_measure(client, name, url, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = timed(client, url, count)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]}")
    return {
        **figures,
        "queries": len(captured),  # now: the next request clears the log (reset_queries)
        "bytes": len(response.content),
        "ids": response_ids(name, response),
        "json": json_form(response.content),
    }


def json_form(content):
    """How the JSON is written, which the byte counts depend on."""
    return ", ".join(
        [
            "non-ASCII as \\uXXXX" if b"\\u" in content else "UTF-8",
            "indented" if b"\n " in content else "compact",
        ]
    )


def openapi_measure():
    """{framework: (what it generates, median ms to generate it, or None)}."""
    from rest_framework.schemas.openapi import SchemaGenerator

    from bench.api_urls import drf_urlpatterns
    from bench.api_urls import ninja_api as api

    ninja_ms = median_ms(api.get_openapi_schema)
    paths = len(api.get_openapi_schema()["paths"])
    figures = {PLAIN: ("none (written by hand)", None)}
    figures[NINJA] = (f"OpenAPI 3.1, {paths} path, built in", ninja_ms)
    generator = SchemaGenerator(title="Yoriai articles", patterns=drf_urlpatterns)
    try:
        drf_ms = median_ms(lambda: generator.get_schema(request=None, public=True))
        figures[DRF] = ("OpenAPI 3.0 (built-in generator, deprecated upstream)", drf_ms)
    except AssertionError as error:  # rest_framework.compat found no uritemplate or inflection
        figures[DRF] = (f"none here: {error}", None)
    figures[WAGTAIL] = ("none (Wagtail API v2 has no schema)", None)
    return figures


def median_ms(action, count=20):
    action()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


# --- Run ---------------------------------------------------------------------------------------


def run(args, workdir):
    from django.conf import settings
    from django.test import Client

    started = time.perf_counter()
    django_start(workdir)
    print(f"Writing {args.articles:,} articles …", flush=True)
    site_build(args.articles)
    settings.ROOT_URLCONF = "bench.api_urls"
    client = Client()
    print(f"Timing {args.requests} requests per endpoint …", flush=True)
    hello = timed(client, HELLO, args.requests)
    pages = {}
    for offset in (0, args.articles // 2):
        urls = page_urls(offset)
        pages[offset] = {
            name: endpoint_measure(client, name, url, args.requests) for name, url in urls.items()
        }
    openapi = openapi_measure()
    report(args, hello, pages, openapi, time.perf_counter() - started)


def report(args, hello, pages, openapi, seconds):
    import django
    import ninja
    import rest_framework
    import wagtail

    from bench.api_urls import PAGE_SIZE

    print()
    print(
        f"Public articles API, {args.articles:,} articles, {args.requests} requests each "
        f"(Django {django.get_version()}, Wagtail {wagtail.__version__}, django-ninja "
        f"{ninja.__version__}, DRF {rest_framework.__version__}, SQLite)"
    )
    print(f"  hello: median {hello['median']:.2f} ms, p90 {hello['p90']:.2f} ms")
    for offset, figures in pages.items():
        print(f"  page of {PAGE_SIZE} starting at article {offset:,}:")
        print(
            f"    {'':<16}{'median ms':>10}{'p90 ms':>9}{'÷ hello':>9}{'queries':>9}"
            f"{'bytes':>9}  JSON"
        )
        for name, row in figures.items():
            print(
                f"    {name:<16}{row['median']:>10.2f}{row['p90']:>9.2f}"
                f"{row['median'] / hello['median']:>9.1f}{row['queries']:>9}"
                f"{row['bytes']:>9,}  {row['json']}"
            )
        ids = [row["ids"] for row in figures.values()]
        same = all(found == ids[0] for found in ids) and len(ids[0]) == PAGE_SIZE
        print(f"    the same {PAGE_SIZE} ids in the same order: {'yes' if same else 'NO'}")
    print("  OpenAPI document:")
    for name, (what, ms) in openapi.items():
        timing = f", {ms:.2f} ms to generate" if ms is not None else ""
        print(f"    {name:<16}{what}{timing}")
    print(f"  total {seconds:.0f} s")


def _exit_on_term(signum, frame):
    raise SystemExit(128 + signum)


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, _exit_on_term)
    sys.path.insert(0, str(REPO))
    os.environ.pop("DATABASE_URL", None)  # SQLite (bench/settings.py) whatever the shell says
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-api-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
