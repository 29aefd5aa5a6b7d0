"""The public API's lists at 10,000 articles and 100,000 opinions (issue 26): queries per page
at every depth and two sizes, time as a ratio to hello, and a full harvest with
`updated_since` that must read each object once.

`python bench/api.py [--articles 10000] [--opinions 100000] [--requests 50]` builds the site of
bench/api_site.py at a tenth of each size, then grows it to the sizes. The database is a SQLite
file in a temporary directory (bench/settings.py), or `yoriai_bench_api` on the server that a
postgres:// DATABASE_URL names (dropped and created; the URL's own database is never touched),
with VACUUM ANALYZE after each load; removed afterwards. Every request is an anonymous GET
through django.test.Client (the API's rate limit counted, its limit raised for the run).

1. Lists: /api/v1/articles/, /api/v1/opinions/ and /api/v1/opinions/?topic=<the largest
   topic>, at limit 50 and 200: the first page, the page halfway (reached by following `next`)
   and the last page. SQL queries per request at both sizes — "constant" when every depth, both
   sizes and both limits of a list cost the same — and at the full size median and p90 ms over
   `--requests` requests, as a ratio to /bench/hello/'s median measured in the same run; the
   same for one article's detail endpoint. EXPLAIN (QUERY PLAN on SQLite) of each list's main
   query, and whether it uses its index (api_page_last_published, comment_changed,
   comment_page_changed).
2. Harvest: `next` followed from `updated_since=<before everything>` at limit=200 over the
   articles and over the opinions: pages, requests, seconds, objects per second, and whether
   the ids read are exactly the public ones (duplicates, missing, hidden ones read). Then 50
   articles re-published (last_published_at bumped) and 50 opinions changed through the real
   services (25 votes, 25 edits), and a harvest from the first one's start time: exactly those
   100 must come back, once each.
3. Conditional GET: the first page again with If-None-Match: 304 or not, and its time.

Figures are printed and written to bench/output/api-<sqlite|postgresql>.json; they are figures
to read, never assertions.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "output"
PG_DATABASE = "yoriai_bench_api"
HELLO = "/bench/hello/"
SMALL_DIVISOR = 10
BEFORE_EVERYTHING = "2000-01-01T00:00:00+09:00"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--opinions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    args = parser.parse_args()
    if args.articles < 100 or args.opinions < 1000:
        parser.error("at least 100 articles and 1,000 opinions (50 of each are changed)")
    return args


def lists(site):
    return {
        "articles": "/api/v1/articles/",
        "opinions": "/api/v1/opinions/",
        "opinions?topic=": f"/api/v1/opinions/?topic={site.big_topic.pk}",
    }


def at_size(client, site, *, articles, opinions, requests):
    """This size's figures — its harvests from before everything, then each list's pages at
    every depth, timed when `requests` — and when its harvests started."""
    from django.db import connection
    from django.utils import timezone

    from bench.api_measure import LIMITS, detail_measure, harvest, harvest_compare, list_measure

    started = time.perf_counter()
    site.grow(articles=articles, opinions=opinions)
    vacuum_analyze(connection)
    built = time.perf_counter() - started
    print(f"  {articles:,} articles, {opinions:,} opinions written in {built:.1f} s", flush=True)
    figures = {"articles": articles, "opinions": opinions, "build_seconds": built}
    figures |= {"harvest": {}, "lists": {}}
    expected, hidden = site.public_ids(), site.hidden_ids()
    harvest_started = timezone.now()
    for name, url in lists(site).items():
        read = harvest(client, url, BEFORE_EVERYTHING)
        walked = read.pop("walked")
        figures["harvest"][name] = harvest_compare(read, expected[name], hidden[name])
        figures["lists"][name] = list_measure(client, walked, limits=LIMITS, requests=requests)
    figures["detail"] = detail_measure(client, site, requests=requests)
    return figures, harvest_started


def run(args, workdir, database_url):
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bench.api_measure import conditional_get, harvest_changes, plans_explain, timed
    from bench.api_report import print_report
    from bench.api_site import ApiSite
    from bench.search import _commit

    started = time.perf_counter()
    commit = _commit()  # now: the code this run imports
    django_start(workdir, database_url)
    # The API's own limit counts every request, as in production, but never refuses one here.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (10**9, 300)}
    client = Client()
    site = ApiSite()
    print(f"Queries at 1/{SMALL_DIVISOR} of the size …", flush=True)
    small, _started = at_size(
        client,
        site,
        articles=args.articles // SMALL_DIVISOR,
        opinions=args.opinions // SMALL_DIVISOR,
        requests=0,
    )
    print("The full size, timed …", flush=True)
    full, harvest_started = at_size(
        client, site, articles=args.articles, opinions=args.opinions, requests=args.requests
    )
    figures = {
        "database": database_label(connection),
        "commit": commit,
        "requests": args.requests,
        "hello": timed(client, HELLO, args.requests),
        "sizes": [small, full],
        "plans": plans_explain(client, lists(site)),
        "conditional": conditional_get(client, lists(site), requests=args.requests),
        "changes": harvest_changes(client, site, since=harvest_started),
    }
    figures["total_seconds"] = time.perf_counter() - started
    figures["cpu_seconds"] = time.process_time()
    print_report(figures)
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"api-{connection.vendor}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Figures written to {path.relative_to(REPO)}")


def vacuum_analyze(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def django_start(workdir, database_url):
    from bench.search import pg_url

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")
    if database_url:
        os.environ["BENCH_DATABASE_URL"] = pg_url(database_url, PG_DATABASE)
    import django

    django.setup()

    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)


def database_label(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} (database {PG_DATABASE})"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (temporary file, WAL)"


def main():
    args = parse_args()
    sys.path.insert(0, str(REPO))
    from bench.search import _connections_close, _exit_on_term
    from bench.survey_results import pg_maintenance

    signal.signal(signal.SIGTERM, _exit_on_term)

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        os.environ.pop("DATABASE_URL", None)  # an empty one would stop the base settings
        database_url = ""
    if database_url:
        pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        pg_maintenance(database_url, f'CREATE DATABASE "{PG_DATABASE}"')
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-api-"))
    try:
        run(args, workdir, database_url)
    finally:
        _connections_close()
        if database_url:
            pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
