"""`make bench`: how much the article page costs, in SQL queries, render time and throughput.

Builds a throwaway SQLite site in a temporary directory (see bench/content.py), then prints
and writes to bench/output/latest.json:

1. SQL queries for one article page request: with an empty cache and with a warm one;
2. render time through Django's test Client, next to a bare "hello" view, and the ratio;
3. requests per second from a real gunicorn for both, and the ratio;
4. the sanitiser's time on the worst comment texts (bench/sanitising.py);
5. the article page with 10 and with 1,000 comments: queries (they must be equal, else the
   run fails with exit status 1) and render times (bench/comments_page.py).

See bench/README.md for what each figure means. Everything temporary (database, media,
server) is removed on the way out, also on errors and Ctrl-C.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "output" / "latest.json"
HELLO_PATH = "/bench/hello/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="bench.settings", help="Django settings module")
    parser.add_argument("--renders", type=int, default=150, help="article renders to time")
    parser.add_argument("--seconds", type=float, default=10, help="load per target, seconds")
    parser.add_argument("--warmup", type=float, default=2, help="load warm-up, seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument(
        "--comment-renders", type=int, default=40, help="renders per page with comments"
    )
    return parser.parse_args()


def django_start(settings_module, workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["BENCH_DATABASE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")

    import django

    django.setup()

    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)


# --- 1. SQL queries --------------------------------------------------------------------------

TABLE_RE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def query_kind(sql):
    """'SELECT wagtailimages_rendition' and the like: the verb and the first table named."""
    verb = sql.split(None, 1)[0].upper()
    match = TABLE_RE.search(sql)
    return f"{verb} {match.group(1) if match else '?'}"


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    kinds = Counter(query_kind(q["sql"]) for q in captured.captured_queries)
    return {"count": len(captured), "by_kind": dict(kinds.most_common())}


def measure_queries(url):
    """First request ever (renditions generated), then empty cache, then warm cache."""
    from django.core.cache import caches
    from django.test import Client

    client = Client()
    first = queries_for(client, url)
    for cache in caches.all():
        cache.clear()
    cold = queries_for(client, url)
    warm = queries_for(client, url)
    return {"first_request": first, "cold_cache": cold, "warm_cache": warm}


# --- 2. Render time --------------------------------------------------------------------------


def time_requests(client, url, n):
    durations = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        durations.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    durations.sort()
    from bench.load import percentile

    return {
        "requests": n,
        "median_ms": round(statistics.median(durations) * 1000, 3),
        "p95_ms": round(percentile(durations, 95) * 1000, 3),
    }


def measure_render(url, n):
    from django.test import Client

    client = Client()
    for _ in range(5):
        client.get(url)
        client.get(HELLO_PATH)
    article = time_requests(client, url, n)
    hello = time_requests(client, HELLO_PATH, n * 4)
    ratio = article["median_ms"] / hello["median_ms"]
    return {"article": article, "hello": hello, "median_ratio": round(ratio, 1)}


# --- 3. Throughput ---------------------------------------------------------------------------


def measure_throughput(url, args):
    from bench.load import drive, gunicorn_server

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    figures = {"workers": args.workers}
    with gunicorn_server(env=env, cwd=REPO, workers=args.workers, ready_path=HELLO_PATH) as port:
        for name, path in (("article", url), ("hello", HELLO_PATH)):
            drive(port=port, path=path, concurrency=args.concurrency, seconds=args.warmup)
            figures[name] = drive(
                port=port, path=path, concurrency=args.concurrency, seconds=args.seconds
            )
    article, hello = (
        figures["article"]["requests_per_second"],
        figures["hello"]["requests_per_second"],
    )
    figures["ratio_article_to_hello"] = round(article / hello, 3) if hello else None
    return figures


# --- Report ----------------------------------------------------------------------------------


def environment():
    import django
    import wagtail

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "cpus": os.cpu_count(),
        "database": "sqlite (temporary file)",
    }


def print_report(results):
    q, r, t = results["queries"], results["render"], results["throughput"]
    article = results["article"]
    print()
    print(
        f"Article page {article['url']}  ({article['blocks']} body blocks, "
        f"{article['images']} images, {article['bytes']} bytes of HTML)"
    )
    print()
    print("1. SQL queries per request")
    for label, key in (
        ("first request ever (renditions generated)", "first_request"),
        ("empty cache (renditions exist)", "cold_cache"),
        ("warm cache", "warm_cache"),
    ):
        print(f"   {label:<44} {q[key]['count']:>5}")
    print("   by kind (empty cache / warm cache):")
    kinds = list(dict.fromkeys([*q["cold_cache"]["by_kind"], *q["warm_cache"]["by_kind"]]))
    for kind in kinds:
        cold = q["cold_cache"]["by_kind"].get(kind, 0)
        warm = q["warm_cache"]["by_kind"].get(kind, 0)
        print(f"     {kind:<50} {cold:>4} {warm:>4}")
    print()
    print("2. Render time through the test Client (warm cache)")
    print(f"   {'':<14}{'requests':>10}{'median ms':>12}{'p95 ms':>10}")
    for name in ("article", "hello"):
        row = r[name]
        print(f"   {name:<14}{row['requests']:>10}{row['median_ms']:>12.2f}{row['p95_ms']:>10.2f}")
    print(f"   article / hello (median): {r['median_ratio']} times")
    print()
    print(
        f"3. Throughput: gunicorn, {t['workers']} sync workers, "
        f"{t['article']['concurrency']} client threads, {t['article']['seconds']} s each"
    )
    print(f"   {'':<14}{'req/s':>10}{'requests':>10}{'errors':>8}{'median ms':>12}{'p95 ms':>10}")
    for name in ("article", "hello"):
        row = t[name]
        print(
            f"   {name:<14}{row['requests_per_second']:>10.1f}{row['requests']:>10}"
            f"{row['errors']:>8}{row['latency_median_ms']:>12.2f}{row['latency_p95_ms']:>10.2f}"
        )
    print(f"   article / hello (req/s): {t['ratio_article_to_hello']}")
    print()
    from bench import sanitising

    sanitising.print_report(results["sanitising"])
    print()
    from bench import comments_page

    comments_page.print_report(results["comments_page"])
    print()
    print(f"Written to {OUTPUT.relative_to(REPO)}")


def run(args, workdir):
    started = time.perf_counter()
    print(f"Building a throwaway site in {workdir} …", flush=True)
    django_start(args.settings, workdir)
    from bench.content import BODY_PATTERN, article_build

    article = article_build()
    url = article.url
    print("Counting queries and timing renders …", flush=True)
    queries = measure_queries(url)
    html = _fetch(url)
    render = measure_render(url, args.renders)
    from django.db import connections

    connections.close_all()
    print("Driving gunicorn …", flush=True)
    throughput = measure_throughput(url, args)
    print("Timing the sanitiser …", flush=True)
    from bench import sanitising

    sanitising_results = sanitising.measure()
    print("Building pages with 10 and 1,000 comments and timing them …", flush=True)
    from bench import comments_page

    comments_results = comments_page.run(renders=args.comment_renders)
    results = {
        "environment": environment(),
        "article": {
            "url": url,
            "blocks": len(BODY_PATTERN),
            "images": BODY_PATTERN.count("image"),
            "bytes": len(html),
        },
        "queries": queries,
        "render": render,
        "throughput": throughput,
        "sanitising": sanitising_results,
        "comments_page": comments_results,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_report(results)
    comments_page.queries_check(comments_results)


def _fetch(url):
    """The article's HTML, with a clear error if the page cannot be rendered at all."""
    from django.test import Client

    response = Client(raise_request_exception=True).get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response.content


def _exit_on_term(signum, frame):
    # Turn `kill` into SystemExit so the finally clauses stop the server and delete files.
    raise SystemExit(128 + signum)


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, _exit_on_term)
    sys.path.insert(0, str(REPO))
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
