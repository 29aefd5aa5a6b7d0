"""What the anonymous page cache (core.page_cache) saves on the article page.

The article of bench/content.py (40 body blocks, images, authors, series, related articles)
with 50 comments, read by an anonymous reader through Django's test Client in this process
(no server, no network; the full middleware stack), in a throwaway SQLite site:

1. *uncached* — PAGE_CACHE_SECONDS = 0: every request renders the page;
2. *cached* — PAGE_CACHE_SECONDS = 300 and one request beforehand: every request is a hit,
   answered in Page.serve;
3. *cached, middleware* — the site's own MIDDLEWARE, with core.page_cache
   .PageCacheMiddleware last: hits answered before URL routing (2. takes it out);
4. *signed-in member* — never cached, for comparison.

For each: requests per second over `--seconds`, median and p95 milliseconds, and SQL queries
per request (counted by a database execute wrapper). A hit is left with Wagtail's routing to
the page (site, root, each page on the path, specific): the cache sits in Page.serve, after
the routing.
The cache is local memory here; Redis adds a network round trip or two per request.

Run alone with `.venv/bin/python bench/page_cache.py [--seconds 5]`.
"""

import argparse
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

COMMENTS = {"top_level": 20, "replies": 30}


def site_build():
    """The article with its comments; returns (article, a member who may read it)."""
    from bench.comments_page import _comments_add, _people
    from bench.content import article_build

    article = article_build()
    people = _people()
    _comments_add(page=article, shape=COMMENTS, people=people, rng=random.Random(20261130))
    return article, people["viewer"]


def measure(client, url, *, seconds, expect_state):
    """Requests per second, median and p95 ms, and queries per request of GET `url`."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        # Not CaptureQueriesContext: the request may close and reopen the connection
        # (CONN_MAX_AGE health checks), which empties the log it reads.
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    state = response.get("X-Page-Cache")
    assert state == expect_state, f"expected X-Page-Cache {expect_state}, got {state}"
    timings, started = [], time.perf_counter()
    while time.perf_counter() - started < seconds:
        begun = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - begun)
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "rps": len(timings) / elapsed,
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[math.ceil(len(timings) * 0.95) - 1] * 1000,
        "queries": len(queries),
    }


def run(seconds):
    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client, override_settings

    article, member = site_build()
    url = article.url
    Client().get(url)  # renditions made once, ever: not part of any figure
    results = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        results["uncached"] = measure(Client(), url, seconds=seconds, expect_state="bypass")
    fast_path = "core.page_cache.PageCacheMiddleware"  # in the site's MIDDLEWARE
    with override_settings(PAGE_CACHE_SECONDS=300):
        caches["pages"].clear()
        Client().get(url)
        without_fast_path = [name for name in settings.MIDDLEWARE if name != fast_path]
        with override_settings(MIDDLEWARE=without_fast_path):
            results["cached"] = measure(Client(), url, seconds=seconds, expect_state="hit")
        results["cached, middleware"] = measure(Client(), url, seconds=seconds, expect_state="hit")
        signed_in = Client()
        signed_in.force_login(member)
        results["signed-in member"] = measure(
            signed_in, url, seconds=seconds, expect_state="bypass"
        )
    return results


def print_report(results):
    print("Anonymous article page (bench/content.py's article, 50 comments), test Client:")
    print(f"  {'':<20} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, figures in results.items():
        print(
            f"  {label:<20} {figures['rps']:>8.1f} {figures['median_ms']:>10.2f}"
            f" {figures['p95_ms']:>8.2f} {figures['queries']:>8}"
        )
    for label in ("cached", "cached, middleware"):
        ratio = results[label]["rps"] / results["uncached"]["rps"]
        print(f"  {label} ÷ uncached req/s: {ratio:.1f}×")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="bench.settings", help="Django settings module")
    parser.add_argument("--seconds", type=float, default=5, help="seconds of requests per case")
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from bench.run import django_start

    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-page-cache-"))
    try:
        print(f"Building a throwaway site in {workdir} …", flush=True)
        django_start(args.settings, workdir)
        print_report(run(args.seconds))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
