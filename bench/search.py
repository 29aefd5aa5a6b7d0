"""Search in Japanese: how well each way of segmenting finds the query set's pages, and what our
index costs at 1,000 and at 10,000 articles.

`python bench/search.py [--articles 1000,10000] [--repeats 3]` (`make bench` runs it on SQLite;
set DATABASE_URL=postgres://… for PostgreSQL):

1. Relevance. The demo site (`seed_demo`) plus the query set's extra articles, searched with
   every query of tests/search/query_set.py by four approaches: our backend (search.backend:
   NFKC bigrams confirmed on the normalised text, through `search.selectors.site_search`);
   django-modelsearch's stock database backend (SQLite FTS5 or PostgreSQL full text, its own
   tables, the same pages indexed into them); and a SudachiPy word index in split mode C and in
   mode A (a page matches when every token of every query word is among the page's tokens; the
   page's text is the one our backend indexes). Precision and recall per query, their micro
   (over all found and expected pages) and macro (mean per query) averages, and the queries
   each approach gets wrong. A query that finds nothing where nothing is expected counts as
   precision 1 and recall 1.
2. Latency. Synthetic articles are added under the demo's article index until there are
   `--articles` of them (1,000, then 10,000): sentences of the demo articles shuffled into
   titles and four paragraphs (about as long as a demo article), with a few phrases that the
   query set asks for sprinkled rarely (e-Japan, 2001年, 人口減少, 人口の増加). The pages are
   inserted in bulk (Page.objects.bulk_create and the ArticlePage rows beside them, treebeard
   paths computed) rather than through `add_child`, which would take an hour at 10,000;
   then indexed through the real index, `add_items`, 250 at a time (what `update_index` does).
   At each size, every query of the set runs `--repeats` times after one warming run: the
   whole search page (GET /search/?q=, Django's test client: the kind counts, the first 10
   results, their snippets and tags, the page rendered), and the backend's part alone (the
   first 10 results, then the count): median and p95 in ms. The same for a plain scan, the
   baseline: `title_norm`/`body_norm` `__contains` on SearchDocument for every term, without
   the bigram prefilter. Then the 10k ÷ 1k ratio of each, the page's p95 against the scan's,
   and whether issue 20's goals are met: the page's p95 at the largest size ≤ 150 ms and
   ≤ 2 × its p95 at the smallest.
3. Index size (SQLite: dbstat, tables and their indexes; PostgreSQL: pg_total_relation_size,
   indexes and TOAST included) per indexed document, tokens per document, and indexing time
   per article (add_items, reading the pages included).

PostgreSQL gets VACUUM ANALYZE after each load, as autovacuum would do; SQLite nothing. The
database is a SQLite file in a temporary directory, or `yoriai_bench_search` on the server that
DATABASE_URL names (dropped and created; the URL's own database is never touched), removed
afterwards. Figures go to bench/output/search-<sqlite|postgresql>.json as well. Timings are
figures to read, never assertions.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "output"
PG_DATABASE = "yoriai_bench_search"
SEED = 20261130
INDEX_CHUNK = 250
INSERT_CHUNK = 500
PARAGRAPHS = 4
SENTENCES_PER_PARAGRAPH = (4, 9)
# Phrases the query set asks for, each in about one synthetic article in RARE_EVERY.
RARE_PHRASES = [
    "2001年に始まったe-Japan戦略を思い出します。",
    "人口減少が進む町では、窓口の担い手も減っています。",
    "駅の周辺では人口の増加が続いています。",
]
RARE_EVERY = 500
# Issue 20: the search page's p95 at 10,000 articles, and its growth from 1,000.
GOAL_P95_MS = 150
GOAL_P95_RATIO = 2.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles",
        default="1000,10000",
        help="synthetic article counts to measure at, increasing, comma-separated",
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each query")
    parser.add_argument(
        "--keep",
        metavar="NAME",
        help="keep the database afterwards under NAME (SQLite: a directory; PostgreSQL: a "
        "database name), and reuse it when it is there: the demo and the articles already in it "
        "are not built again (their figures of indexing time are then missing)",
    )
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.articles.split(",")]
    if args.sizes != sorted(set(args.sizes)) or args.sizes[0] <= 0:
        parser.error("--articles must be positive and increasing")
    return args


# --- Relevance ---------------------------------------------------------------------------------


def demo_build():
    """The demo site and the query set's extra articles, as tests/search/test_query_set.py."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    from articles.models import ArticleIndexPage
    from tests.search.query_set import extra_articles_build

    with translation.override("ja"):
        call_command("seed_demo", stdout=StringIO())
        extra_articles_build(parent=ArticleIndexPage.objects.get(slug="articles"))


def ours_search(queries):
    from search.selectors import site_search

    return {query.text: [page.slug for page in site_search(query.text)] for query in queries}


def stock_search(queries):
    """django-modelsearch's own database backend (FTS5 on SQLite, full text on PostgreSQL)
    over the same pages, indexed into its tables."""
    from modelsearch.backends.database import SearchBackend

    from search.selectors import KINDS, searchable_pages

    backend = SearchBackend({})
    for kind in KINDS:
        index = backend.get_index_for_model(kind.model)
        index.add_items(kind.model, list(kind.model.get_indexed_objects().live()))
    pages = searchable_pages().specific()
    found = {
        query.text: [page.slug for page in backend.search(query.text, pages)] for query in queries
    }
    return found, type(backend).__name__


class SudachiIndex:
    """Pages as sets of SudachiPy tokens (surface forms of the normalised text, symbols and
    spaces left out); a query matches a page holding every token of every query word."""

    SKIPPED_POS = {"補助記号", "空白"}

    def __init__(self, mode):
        from sudachipy import Dictionary, SplitMode

        self.tokenizer = Dictionary(dict="core").tokenizer(mode=getattr(SplitMode, mode))

    def tokens(self, normalised_text):
        return {
            morpheme.surface()
            for line in normalised_text.splitlines()
            for morpheme in self.tokenizer.tokenize(line)
            if morpheme.part_of_speech()[0] not in self.SKIPPED_POS
        }

    def search(self, queries):
        from search.indexing import document_text
        from search.selectors import searchable_pages
        from search.text import normalise, query_terms

        pages = {
            page.slug: self.tokens(normalise("\n".join(document_text(page))))
            for page in searchable_pages().specific()
        }
        found = {}
        for query in queries:
            needed = set().union(*(self.tokens(term) for term in query_terms(query.text)))
            found[query.text] = [
                slug for slug, tokens in pages.items() if needed and needed <= tokens
            ]
        return found


def relevance(queries):
    """{approach: scores} for the query set."""
    from search.selectors import searchable_pages

    print("Relevance of each approach on the query set …", flush=True)
    present = {page.slug for page in searchable_pages()}
    queries = [query.on_site(present) for query in queries]
    ours = ours_search(queries)
    stock, stock_name = stock_search(queries)
    return {
        "ours (NFKC bigrams + confirm)": scores(queries, ours, ranked=True),
        f"modelsearch stock ({stock_name})": scores(queries, stock),
        "SudachiPy mode C words": scores(queries, SudachiIndex("C").search(queries)),
        "SudachiPy mode A words": scores(queries, SudachiIndex("A").search(queries)),
    }


def scores(queries, found, *, ranked=False):
    true_positive = found_total = expected_total = 0
    precisions, recalls, wrong, misordered = [], [], [], []
    for query in queries:
        got = set(found[query.text])
        hits = len(got & query.expected)
        true_positive += hits
        found_total += len(got)
        expected_total += len(query.expected)
        precisions.append(hits / len(got) if got else 1.0)
        recalls.append(hits / len(query.expected) if query.expected else 1.0)
        if got != query.expected:
            wrong.append(
                {
                    "query": query.text,
                    "missing": sorted(query.expected - got),
                    "extra": sorted(got - query.expected),
                }
            )
        elif ranked and query.order and tuple(found[query.text]) != query.order:
            misordered.append({"query": query.text, "got": found[query.text]})
    return {
        "queries": len(queries),
        "exact": len(queries) - len(wrong),
        "micro_precision": true_positive / found_total if found_total else 1.0,
        "micro_recall": true_positive / expected_total if expected_total else 1.0,
        "macro_precision": statistics.mean(precisions),
        "macro_recall": statistics.mean(recalls),
        "wrong": wrong,
        "misordered": misordered if ranked else None,
    }


# --- Synthetic articles ------------------------------------------------------------------------


def demo_sentences():
    """The sentences of the demo articles' prose (no front matter, tables, quotes' credits)."""
    from articles.demo.articles import demo_article_paths

    sentences = []
    for path in demo_article_paths():
        text = path.read_text(encoding="utf-8").split("---", 2)[2]
        for line in text.splitlines():
            line = re.sub(r"^(#+|>\s*(\[![a-z]+\])?|-|\d+\.)\s*", "", line.strip())
            if not line or line.startswith(("|", "!", "表:", "—")):
                continue
            line = line.replace("**", "")
            sentences += [s + "。" for s in line.split("。") if len(s) >= 8]
    return sentences


class ArticleWriter:
    """Synthetic articles under the demo's article index, inserted in bulk, then indexed."""

    def __init__(self, rng):
        from django.contrib.contenttypes.models import ContentType

        from articles.models import ArticleIndexPage, ArticlePage

        self.rng = rng
        self.sentences = demo_sentences()
        self.parent = ArticleIndexPage.objects.get(slug="articles")
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.written = 0
        self.index_seconds = 0.0
        self.insert_seconds = 0.0

    def skip_existing(self):
        """A kept database: the synthetic articles already in it count as written. Sizes it
        already exceeds are then measured at its own size."""
        from articles.models import ArticlePage

        self.written = ArticlePage.objects.filter(slug__startswith="bench-").count()
        # The articles added next must not repeat the translation keys of those already there.
        self.rng.seed(SEED + self.written)

    def grow(self, total, *, index=True):
        """Add articles until there are `total` synthetic ones; insert them, and index them
        unless `index` is false (bench/api_frameworks.py lists them, never searches)."""
        from articles.models import ArticlePage

        while self.written < total:
            count = min(INSERT_CHUNK, total - self.written)
            started = time.perf_counter()
            pks = self._insert(count)
            self.insert_seconds += time.perf_counter() - started
            if index:
                started = time.perf_counter()
                index_add(ArticlePage, pks)
                self.index_seconds += time.perf_counter() - started
            self.written += count

    def _insert(self, count):
        from django.db import transaction
        from django.db.models import F
        from wagtail.models import Page

        from articles.models import ArticlePage

        self.parent.refresh_from_db()
        pages = [self._article(self.parent.numchild + 1 + i) for i in range(count)]
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            for page in pages:
                page.page_ptr_id = page.id
            ArticlePage._base_manager._insert(pages, fields=ArticlePage._meta.local_concrete_fields)
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + count)
        return [page.pk for page in pages]

    def _article(self, number):
        from wagtail.rich_text import RichText

        from articles.models import ArticlePage

        rng, parent = self.rng, self.parent
        title = rng.choice(self.sentences).rstrip("。")[:60]
        paragraphs = []
        for _ in range(PARAGRAPHS):
            chosen = rng.sample(self.sentences, rng.randint(*SENTENCES_PER_PARAGRAPH))
            if rng.randrange(RARE_EVERY) == 0:
                chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(RARE_PHRASES))
            paragraphs.append(("paragraph", RichText("<p>" + "".join(chosen) + "</p>")))
        published = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            minutes=rng.randrange(60 * 24 * 365 * 6)
        )
        slug = f"bench-{number}"
        return ArticlePage(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=self.content_type,
            path=ArticlePage._get_path(parent.path, parent.depth + 1, number),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
            translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            live=True,
            first_published_at=published,
            last_published_at=published,
            lead=rng.choice(self.sentences),
            body=paragraphs,
        )


def index_add(model, pks):
    """Index these objects through the site's backend, INDEX_CHUNK at a time."""
    from wagtail.search.backends import get_search_backend

    index = get_search_backend().get_index_for_model(model)
    for start in range(0, len(pks), INDEX_CHUNK):
        chunk = pks[start : start + INDEX_CHUNK]
        index.add_items(model, list(model.get_indexed_objects().filter(pk__in=chunk)))


# --- Latency and size --------------------------------------------------------------------------


def ours_time(text):
    from search.selectors import site_search

    list(site_search(text)[:10])
    site_search(text).count()


def page_time(text):
    """The search page as a reader gets it."""
    from django.test import Client

    response = Client().get("/search/", {"q": text})
    assert response.status_code == 200, response.status_code


def scan_time(text):
    """The reference: every term looked for in every document's text, no token prefilter."""
    from django.db.models import Q

    from search.models import SearchDocument
    from search.text import query_terms

    documents = SearchDocument.objects.all()
    for term in query_terms(text):
        documents = documents.filter(Q(title_norm__contains=term) | Q(body_norm__contains=term))
    list(documents.order_by("-date", "-pk")[:10])
    documents.count()


LATENCIES = ("page", "ours", "scan")


def latency(queries, run, repeats):
    samples = []
    for query in queries:
        run(query.text)  # warming
        for _ in range(repeats):
            started = time.perf_counter()
            run(query.text)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        "max_ms": samples[-1],
        "samples": len(samples),
    }


def slowest(queries, repeats=1):
    from search.selectors import site_search

    times = []
    for query in queries:
        started = time.perf_counter()
        for _ in range(repeats):
            list(site_search(query.text)[:10])
            site_search(query.text).count()
        times.append(((time.perf_counter() - started) * 1000 / repeats, query.text))
    return sorted(times, reverse=True)[:3]


def index_size(connection):
    """Bytes of the search tables with their indexes."""
    tables = ("search_searchdocument", "search_searchtoken")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s) + pg_total_relation_size(%s)", tables)
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name IN (%s, %s) "
                "OR name LIKE 'search_fts%%')",
                tables,
            )
        return cursor.fetchone()[0]


def vacuum_analyze(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def at_size(queries, writer, size, args):
    from django.db import connection

    from search.models import SearchDocument, SearchToken

    print(f"Adding synthetic articles up to {size:,} …", flush=True)
    writer.grow(size)
    vacuum_analyze(connection)
    documents = SearchDocument.objects.count()
    size_bytes = index_size(connection)
    print(f"Timing the queries at {size:,} …", flush=True)
    return {
        "articles": size,
        "documents": documents,
        "tokens": SearchToken.objects.count(),
        "index_bytes": size_bytes,
        "page": latency(queries, page_time, args.repeats),
        "ours": latency(queries, ours_time, args.repeats),
        "scan": latency(queries, scan_time, args.repeats),
        "slowest": slowest(queries),
        "insert_ms_per_article": writer.insert_seconds * 1000 / max(1, writer.written),
        "index_ms_per_article": writer.index_seconds * 1000 / max(1, writer.written),
    }


# --- Run ---------------------------------------------------------------------------------------


def run(args, workdir, database_url, *, reused=False):
    started = time.perf_counter()
    django_start(workdir, database_url, reused=reused)
    from django.db import connection

    from tests.search.query_set import QUERIES

    if not reused:
        demo_build()
    figures = {
        "database": _database_label(connection),
        "commit": _commit(),
        # A kept database holds the synthetic articles, which the query set does not expect.
        "relevance": {} if reused else relevance(QUERIES),
        "sizes": [],
    }
    writer = ArticleWriter(random.Random(SEED))
    if reused:
        writer.skip_existing()
    for size in args.sizes:
        figures["sizes"].append(at_size(QUERIES, writer, size, args))
    figures["total_seconds"] = time.perf_counter() - started
    print_report(figures, args)
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"search-{connection.vendor}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Figures written to {path.relative_to(REPO)}")


def print_report(figures, args):
    print()
    print(f"Search, {figures['database']}, commit {figures['commit']}")
    print()
    if not figures["relevance"]:
        print("1. Relevance: not measured (a kept database, synthetic articles in it)")
    else:
        print_relevance(figures)
    print_latency(figures, args)


def print_relevance(figures):
    print(f"1. Relevance on the query set ({_first(figures['relevance'])['queries']} queries)")
    print(f"   {'approach':<44}{'exact':>7}{'µP':>7}{'µR':>7}{'mP':>7}{'mR':>7}")
    for name, score in figures["relevance"].items():
        print(
            f"   {name:<44}{score['exact']:>7}{score['micro_precision']:>7.3f}"
            f"{score['micro_recall']:>7.3f}{score['macro_precision']:>7.3f}"
            f"{score['macro_recall']:>7.3f}"
        )
    print("   µ: micro average (over all pages found and expected); m: macro (mean per query)")
    for name, score in figures["relevance"].items():
        print(f"   {name}: wrong on {len(score['wrong'])}")
        for wrong in score["wrong"]:
            print(
                f"     {wrong['query']:<16} missing {_slugs(wrong['missing'])}; "
                f"extra {_slugs(wrong['extra'])}"
            )
        for misordered in score["misordered"] or []:
            print(f"     {misordered['query']:<16} right pages, wrong order: {misordered['got']}")


def print_latency(figures, args):
    print()
    print(
        f"2. Latency: each query {args.repeats} times (ms). page: the search page (GET); "
        "ours: first 10 results + count; scan: the baseline"
    )
    print(f"   {'articles':>9}{'docs':>8}" + "".join(f"{name:>20}" for name in LATENCIES))
    print(f"   {'':>17}" + f"{'med':>8}{'p95':>6}{'max':>6}" * len(LATENCIES))
    for size in figures["sizes"]:
        print(
            f"   {size['articles']:>9,}{size['documents']:>8,}"
            + "".join(
                f"{size[name]['median_ms']:>8.1f}{size[name]['p95_ms']:>6.0f}"
                f"{size[name]['max_ms']:>6.0f}"
                for name in LATENCIES
            )
        )
    first, last = figures["sizes"][0], figures["sizes"][-1]
    for small, large in zip(figures["sizes"], figures["sizes"][1:], strict=False):
        ratio = large["articles"] / small["articles"]
        print(
            f"   ×{ratio:g} articles: "
            + "; ".join(
                f"{name} median ×{_ratio(large, small, name, 'median_ms')}, "
                f"p95 ×{_ratio(large, small, name, 'p95_ms')}"
                for name in LATENCIES
            )
        )
    for size in figures["sizes"]:
        print(
            f"   at {size['articles']:,}: page p95 ÷ scan p95 "
            f"{size['page']['p95_ms'] / size['scan']['p95_ms']:.2f}"
        )
    print_goals(first, last)
    print(
        "   slowest queries at the largest size (ms): "
        + ", ".join(f"{text} {ms:.0f}" for ms, text in last["slowest"])
    )
    print()
    print("3. Index")
    for size in figures["sizes"]:
        print(
            f"   {size['articles']:>7,} articles: {size['index_bytes'] / 2**20:,.1f} MB, "
            f"{size['index_bytes'] / size['documents'] / 1024:,.1f} KB and "
            f"{size['tokens'] / size['documents']:,.0f} tokens per document"
        )
    print(
        f"   indexing {last['index_ms_per_article']:.1f} ms per article (add_items, reading the "
        f"pages included); bulk insert of the pages {last['insert_ms_per_article']:.1f} ms"
    )
    print()
    print(f"Total {figures['total_seconds']:.0f} s")


def print_goals(first, last):
    """Issue 20's goals for the search page, met or not, at the sizes measured."""
    p95 = last["page"]["p95_ms"]
    growth = p95 / first["page"]["p95_ms"]
    print(
        f"   goal: page p95 at {last['articles']:,} ≤ {GOAL_P95_MS} ms: {p95:.1f} ms, "
        f"{_met(p95 <= GOAL_P95_MS)}"
    )
    print(
        f"   goal: page p95 at {last['articles']:,} ≤ {GOAL_P95_RATIO:g} × at "
        f"{first['articles']:,}: ×{growth:.2f}, {_met(growth <= GOAL_P95_RATIO)}"
    )


def _met(met):
    return "MET" if met else "NOT MET"


def _first(mapping):
    return next(iter(mapping.values()))


def _slugs(slugs):
    return ", ".join(slugs) if slugs else "—"


def _ratio(large, small, key, figure):
    return f"{large[key][figure] / small[key][figure]:.2f}"


def pg_url(database_url, name=PG_DATABASE):
    """DATABASE_URL with its database replaced by the bench's own."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def django_start(workdir, database_url, *, reused=False):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")
    if database_url:
        os.environ["BENCH_DATABASE_URL"] = pg_url(database_url, _pg_name())
    import django

    django.setup()

    if reused:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        return

    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)


def _database_label(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} (database {_pg_name()})"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (temporary file, WAL)"


def _commit():
    import subprocess

    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def _connections_close():
    if "django" in sys.modules:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()


def _pg_name():
    return os.environ.get("BENCH_SEARCH_KEEP") or PG_DATABASE


def _exit_on_term(signum, frame):
    raise SystemExit(128 + signum)


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, _exit_on_term)
    sys.path.insert(0, str(REPO))
    from bench.survey_results import pg_maintenance

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        # SQLite (bench/settings.py); an empty DATABASE_URL would stop the base settings.
        os.environ.pop("DATABASE_URL", None)
        database_url = ""
    keep = args.keep
    if keep and database_url:
        os.environ["BENCH_SEARCH_KEEP"] = keep
    name = _pg_name()
    reused = False
    if database_url:
        if keep:
            reused = pg_database_exists(database_url, name)
        if not reused:
            pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            pg_maintenance(database_url, f'CREATE DATABASE "{name}"')
        workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-search-"))
    elif keep:
        workdir = Path(keep).resolve()
        reused = (workdir / "bench.sqlite3").exists()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-search-"))
    if reused:
        print(f"Reusing the kept database {name if database_url else workdir}", flush=True)
    try:
        run(args, workdir, database_url, reused=reused)
    finally:
        _connections_close()
        if database_url and not keep:
            pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if database_url or not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def pg_database_exists(database_url, name):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


if __name__ == "__main__":
    main()
