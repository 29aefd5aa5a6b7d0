"""The search page on a kept bench database, timed with one checkout's code: for A/B comparisons.

`bench/search.py --keep NAME` builds a database once (1,000 or 10,000 articles); this times the
search page (GET /search/?q=, Django's test client, as `bench/search.py` does) for every query of
the query set on it, with the code of the checkout `--code` names (default: this one), so that
two checkouts can be compared alternately on the same database in the same minutes:

    python bench/search_ab.py --keep /path/to/sqlite-dir [--code ../other-checkout]
    DATABASE_URL=postgres://…/postgres python bench/search_ab.py --keep DATABASE_NAME

Each query runs once to warm, then `--repeats` times: wall time and this process's CPU time
(all of SQLite's, none of PostgreSQL's server), median and p95, the load average before and
after, and the slowest queries. Nothing is written to the database (migrations aside: the
checkout's own are applied, as `bench/search.py --keep` does). Figures to read, not assertions.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", required=True, help="the kept database (as bench/search.py)")
    parser.add_argument("--code", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--label", default="")
    parser.add_argument("--query", action="append", help="only these queries (repeatable)")
    parser.add_argument("--per-query", action="store_true", help="each query's slowest run too")
    return parser.parse_args()


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    args = parse_args()
    code = Path(args.code).resolve()
    sys.path.insert(0, str(code))
    os.chdir(code)
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        os.environ["BENCH_SEARCH_KEEP"] = args.keep
        workdir = Path("/nonexistent")
    else:
        os.environ.pop("DATABASE_URL", None)
        database_url = ""
        workdir = Path(args.keep).resolve()
    from bench import search as bench_search

    bench_search.django_start(workdir, database_url, reused=True)
    from articles.models import ArticlePage
    from tests.search.query_set import QUERIES

    texts = [query.text for query in QUERIES]
    if args.query:
        texts = [text for text in texts if text in args.query]
    articles = ArticlePage.objects.filter(slug__startswith="bench-").count()
    load_before = os.getloadavg()
    wall, cpu, per_query = [], [], {}
    for text in texts:
        bench_search.page_time(text)  # warming
        for _ in range(args.repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            bench_search.page_time(text)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            per_query[text] = max(per_query.get(text, 0), wall[-1])
    load_after = os.getloadavg()
    slowest = sorted(per_query.items(), key=lambda item: -item[1])[:4]
    from django.db import connection

    print(
        f"{args.label or code.name:<12} {connection.vendor:<10} {articles:>6} articles  "
        f"page median {statistics.median(wall):6.1f} p95 {percentile(wall, 0.95):6.1f} "
        f"max {max(wall):6.0f}  cpu median {statistics.median(cpu):6.1f} "
        f"p95 {percentile(cpu, 0.95):6.1f}  load {load_before[0]:.2f} → {load_after[0]:.2f}  "
        f"slowest " + ", ".join(f"{text} {ms:.0f}" for text, ms in slowest),
        flush=True,
    )
    if args.per_query:
        for text, ms in sorted(per_query.items(), key=lambda item: -item[1]):
            print(f"    {ms:7.1f}  {text}")


if __name__ == "__main__":
    main()
