"""What bench/api.py measures through the test client: pages of the lists at every depth,
EXPLAIN of their main query, conditional GETs and the harvests. Django must be set up."""

import math
import random
import statistics
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

LIMITS = (50, 200)
WALK_LIMIT = 200
WARMING = 2
CHANGED = 50  # articles re-published, and opinions changed (half voted on, half edited)
INDEXES = {
    "articles": "api_page_last_published",
    "opinions": "comment_changed",
    "opinions?topic=": "comment_page_changed",
}


def with_params(url, **params):
    """`url` (a path or an absolute URL) as a path with these query parameters set."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | {key: str(value) for key, value in params.items()}
    return f"{parts.path}?{urlencode(query)}"


def get_json(client, url, **headers):
    response = client.get(url, headers=headers)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]}")
    return response.json()


def walk(client, url):
    """Every page's URL from `url`, following `next`, and the items read: ([urls], [items])."""
    urls, items = [url], []
    while True:
        page = get_json(client, urls[-1])
        items += page["results"]
        if not page["next"]:
            return urls, items
        urls.append(with_params(page["next"]))


def depth_urls(client, walked, limit):
    """({"first", "middle", "last": URL}, pages) of a list at `limit`, from `walked` (the URLs
    and items of a walk at WALK_LIMIT): the middle page starts where the walk's middle page
    does; the last one is found by following `next` at `limit` from the walk's last page."""
    urls, items = walked
    tail, _items = walk(client, with_params(urls[-1], limit=limit))
    depths = {
        "first": with_params(urls[0], limit=limit),
        "middle": with_params(urls[len(urls) // 2], limit=limit),
        "last": tail[-1],
    }
    return depths, max(1, math.ceil(len(items) / limit))


def timed(client, url, count, *, status=200, headers=None):
    """Median and p90 ms of `count` GETs of `url` after WARMING untimed ones."""
    headers = headers or {}
    for _ in range(WARMING):
        client.get(url, headers=headers)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != status:
            raise RuntimeError(f"GET {url} answered {response.status_code}, not {status}")
    samples.sort()
    return {"median": statistics.median(samples), "p90": samples[math.ceil(0.9 * count) - 1]}


def page_measure(client, url, requests):
    """Queries of one GET of `url` (after a warming one), its items and bytes; timed when
    `requests`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]}")
    body = response.json()
    figures = {"url": url, "queries": len(captured), "bytes": len(response.content)}
    figures["items"] = len(body["results"]) if "results" in body else 1
    if requests:
        figures |= timed(client, url, requests)
    return figures


def list_measure(client, walked, *, limits, requests):
    """{limit: {"pages": n, "first"/"middle"/"last": page_measure}} of the list `walked`."""
    figures = {}
    for limit in limits:
        urls, pages = depth_urls(client, walked, limit)
        figures[limit] = {"pages": pages}
        figures[limit] |= {depth: page_measure(client, u, requests) for depth, u in urls.items()}
    return figures


def detail_measure(client, site, *, requests):
    """The detail endpoint of the article in the middle of the public ones."""
    ids = sorted(site.public_ids()["articles"])
    return page_measure(client, f"/api/v1/articles/{ids[len(ids) // 2]}/", requests)


# --- Plans -------------------------------------------------------------------------------------


def plans_explain(client, lists):
    """{list: {"sql", "plan", "index", "uses_index"}}: the plan of the main query (the first
    with a LIMIT) of each list's second page, the one a cursor narrows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plans = {}
    for name, url in lists.items():
        first = with_params(url, limit=LIMITS[0])
        second = get_json(client, first)["next"] or first  # the first when it is the only one
        with CaptureQueriesContext(connection) as captured:
            get_json(client, with_params(second))
        sql = next(query["sql"] for query in captured if " LIMIT " in query["sql"])
        index = INDEXES[name]
        plan = explain(connection, sql)
        plans[name] = {"sql": sql, "plan": plan, "index": index, "uses_index": index in plan}
    return plans


def explain(connection, sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


# --- Conditional GET ---------------------------------------------------------------------------


def conditional_get(client, lists, *, requests):
    """{list: figures}: its first page at LIMITS[0] with and without If-None-Match."""
    figures = {}
    for name in ("articles", "opinions"):
        url = with_params(lists[name], limit=LIMITS[0])
        etag = client.get(url)["ETag"]
        status = client.get(url, headers={"If-None-Match": etag}).status_code
        figures[name] = {
            "etag": etag,
            "status": status,
            "full": timed(client, url, requests),
            "not_modified": timed(
                client, url, requests, status=status, headers={"If-None-Match": etag}
            ),
        }
    return figures


# --- Harvests ----------------------------------------------------------------------------------


def harvest(client, url, since):
    """Every item of the list at `url` changed at or after `since`, following `next` at
    WALK_LIMIT: its figures, the ids read and the walk (its URLs without `updated_since`)."""
    started = time.perf_counter()
    urls, items = walk(client, with_params(url, updated_since=since, limit=WALK_LIMIT))
    seconds = time.perf_counter() - started
    figures = {"pages": len(urls), "requests": len(urls), "seconds": seconds}
    figures["objects_per_second"] = len(items) / seconds
    figures["ids"] = [item["id"] for item in items]
    figures["walked"] = ([_without_since(u) for u in urls], items)
    return figures


def _without_since(url):
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "updated_since"]
    return f"{parts.path}?{urlencode(query)}"


def harvest_compare(read, expected, hidden):
    ids = read.pop("ids")
    got = set(ids)
    read |= {
        "read": len(ids),
        "expected": len(expected),
        "duplicates": len(ids) - len(got),
        "missing": len(expected - got),
        "unexpected": len(got - expected),
        "hidden_read": len(got & hidden),
    }
    read["exact"] = got == expected and read["duplicates"] == 0
    return read


def harvest_changes(client, site, *, since):
    """CHANGED articles and opinions changed (changes_make), then harvested from `since`, the
    start of the first harvest: {list: figures}."""
    changed = changes_make(site, random.Random(len(site.members)))
    hidden = site.hidden_ids()
    urls = {"articles": "/api/v1/articles/", "opinions": "/api/v1/opinions/"}
    figures = {}
    for name, url in urls.items():
        read = harvest(client, url, since.isoformat())
        read.pop("walked")
        figures[name] = harvest_compare(read, changed[name], hidden[name])
    return figures


def changes_make(site, rng):
    """CHANGED articles re-published (last_published_at bumped) and CHANGED opinions changed
    through the services: half voted on, half edited by their authors. {list: ids}."""
    from django.utils import timezone

    from articles.models import ArticlePage
    from community.models import Comment
    from community.services.comments import comment_edit
    from community.services.topics import opinion_vote

    articles = rng.sample(sorted(site.public_ids()["articles"]), CHANGED)
    ArticlePage.objects.filter(pk__in=articles).update(last_published_at=timezone.now())
    open_opinions = Comment.objects.filter(
        status="published", depth=1, page_id__in=[topic.pk for topic in site.topics[:4]]
    ).select_related("author", "page")
    voted = rng.sample(list(open_opinions.filter(agree_count__gt=0)), CHANGED // 2)
    for opinion in voted:
        voter = next(member for member in site.members if member.pk != opinion.author_id)
        opinion_vote(member=voter, opinion=opinion, choice="agree")
    unvoted = open_opinions.filter(agree_count=0, disagree_count=0, pass_count=0)
    edited = rng.sample(list(unvoted), CHANGED - len(voted))
    for opinion in edited:
        comment_edit(comment=opinion, editor=opinion.author, body=f"{opinion.body_source}（追記）")
    return {"articles": set(articles), "opinions": {o.pk for o in voted + edited}}
