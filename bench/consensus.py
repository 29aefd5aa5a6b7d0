"""What the consensus report of a topic with 500 opinions and 50,000 votes costs, next to the
SQL it needs.

`python bench/consensus.py [--opinions 500] [--votes 50000] [--small 5000] [--renders 5]`
builds one published topic (Home → 意見交換 → the topic) with `--opinions` opinions by a few
hundred members and `--votes` votes on them by 2,000 members, written with bulk_create: each
member has a stakeholder type (residents most, then businesses, municipal staff, NPOs,
students, a few 「その他」 and a few who gave none), a prefecture (Tokyo, Osaka, Hokkaido and
Fukuoka most, a long tail of others, a few none) and often a region under it, kept on each vote
as the voter's profile at voting time. Each opinion has its own leaning, moved by stakeholder
type, so that the report has opinions in every group; votes arrive over 30 days.

The database is the one DATABASE_URL names: unset or sqlite → a SQLite file in a temporary
directory (bench/settings.py), deleted afterwards; postgres://… → a database of its own on that
server, `yoriai_bench_consensus` (dropped and created; the URL's own database is never
touched), dropped afterwards, with VACUUM ANALYZE after the load.

It measures, signed in as an Analyst (with an authenticator, as staff must have):

1. Queries of the report (`consensus:report`, through the test Client) by stakeholder type, by
   prefecture and by region, and of the topic list, at `--small` votes and again at `--votes`,
   each computed afresh (the topic's generation token replaced first, as a vote does). They
   must be equal: otherwise the run says which kinds differ and exits with status 1.
2. At `--votes`, the goal of issue 20 (a report ≤ 0.3 s): median and p95 of `--renders` GETs
   of each page as staff read it (its figures cached since the last change, each group's first
   page of opinions), next to the baseline "figures read": consensus_report() answering from
   its cache (the tokens, the cached figures, the groups by the thresholds), the ratio of the
   two; then the same GET right after a change (the tokens replaced before each: the figures
   computed again), next to its SQL: the SELECT statements that GET ran (captured, then run
   again with a raw cursor, every row fetched), the ratio page ÷ SQL and the slowest
   statements.
3. The votes CSV (streamed, consumed and thrown away): time and rows/s.

Figures are printed and written to bench/output/consensus-<sqlite|postgresql>.json. Timings
are figures to read, never assertions.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "output"
PG_DATABASE = "yoriai_bench_consensus"
SEED = 20261130
JST = ZoneInfo("Asia/Tokyo")
FIRST_DAY = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=JST)
DAYS = 30
VOTERS = 2000
AUTHORS = 300
BATCH = 5000
GOAL_MS = 300  # issue 20: the report by type, prefecture and region

TYPES = [  # (stakeholder type, weight, how much more or less it agrees than most)
    ("resident", 55, 0.0),
    ("business", 15, -0.15),
    ("municipal", 10, 0.2),
    ("organisation", 8, 0.05),
    ("student", 7, -0.05),
    ("other", 3, 0.0),
    ("", 2, 0.0),
]
PREFECTURES = [("13", 30), ("27", 15), ("01", 10), ("40", 8), ("14", 6), ("23", 6)]
PREFECTURES += [
    (f"{code:02d}", 1) for code in range(2, 47) if f"{code:02d}" not in "13 27 40 14 23"
]
PREFECTURES += [("", 2)]
REGIONS_PER_PREFECTURE = 6
SENTENCES = [
    "書かない窓口を全ての支所に広げるべきだと思います。",
    "高齢の方のために紙の申請書は残してほしいです。",
    "土日にも開いている窓口を増やしてほしいです。",
    "電子申請の案内をもっと分かりやすくしてほしいです。",
    "デジタル支援員を公民館に置くのが良いと思います。",
    "まず職員の業務の見直しから始めるべきです。",
    "マイナンバーカードがなくても使える方法を残すべきです。",
    "商店街の事業者向けの手続きも対象にしてほしいです。",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=500)
    parser.add_argument("--votes", type=int, default=50_000, help="votes in the end")
    parser.add_argument("--small", type=int, default=5000, help="votes at the first count")
    parser.add_argument("--renders", type=int, default=5, help="timed GETs of each page")
    args = parser.parse_args()
    if not 0 < args.small < args.votes:
        parser.error("--small must be positive and below --votes")
    if args.votes > args.opinions * VOTERS:
        parser.error(f"at most {VOTERS} votes per opinion")
    return args


# --- The topic ----------------------------------------------------------------------------------


def topic_build():
    """Home → 意見交換 → the topic, published; an Analyst with an authenticator app."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Site

    from articles.models import HomePage
    from community.models import TopicIndexPage, TopicPage, User

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="寄り合い", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    index = home.add_child(instance=TopicIndexPage(title="意見交換", slug="topics"))
    topic = index.add_child(
        instance=TopicPage(
            title="窓口のデジタル化をどう進めるか",
            slug="bench-consensus",
            question="書かない窓口を全ての支所に広げるべきでしょうか。",
        )
    )
    topic.save_revision().publish()
    analyst = User.objects.create_user(username="analyst", email="analyst@example.jp")
    analyst.groups.add(Group.objects.get(name="Analysts"))
    Authenticator.objects.create(
        user=analyst,
        type=Authenticator.Type.TOTP,
        data={"secret": encrypt("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")},
    )
    return TopicPage.objects.get(pk=topic.pk), analyst


def regions_build():
    """{prefecture: [Region]}: six regions under each prefecture."""
    from community.models import Region

    regions = [
        Region(prefecture=code, name=f"第{n + 1}地区", sort_order=n)
        for code, _weight in PREFECTURES
        if code
        for n in range(REGIONS_PER_PREFECTURE)
    ]
    Region.objects.bulk_create(regions)
    by_prefecture = {}
    for region in Region.objects.all():
        by_prefecture.setdefault(region.prefecture, []).append(region)
    return by_prefecture


def members_build(rng, count, regions, prefix):
    """`count` members with profiles drawn from the weights above (bulk_create)."""
    from community.models import User

    types = rng.choices([t for t, _w, _s in TYPES], [w for _t, w, _s in TYPES], k=count)
    codes = rng.choices([c for c, _w in PREFECTURES], [w for _c, w in PREFECTURES], k=count)
    members = []
    for n, (kind, code) in enumerate(zip(types, codes, strict=True)):
        region = rng.choice(regions[code]) if code and rng.random() < 0.8 else None
        members.append(
            User(
                username=f"{prefix}{n}",
                email=f"{prefix}{n}@example.jp",
                password="!",  # noqa: S106 (unusable, as set_unusable_password writes)
                display_name=f"{prefix}{n}",
                stakeholder_type=kind,
                prefecture=code,
                region=region,
            )
        )
    User.objects.bulk_create(members, batch_size=BATCH)
    return list(User.objects.filter(username__startswith=prefix).order_by("pk"))


def opinions_build(rng, topic, authors, count):
    from community.models import Comment, Stance
    from core.sanitising import plain_text_to_html

    opinions = []
    for n in range(count):
        text = f"{rng.choice(SENTENCES)}（{n + 1}）"
        opinions.append(
            Comment(
                page_id=topic.pk,
                author=rng.choice(authors),
                body_source=text,
                body_html=plain_text_to_html(text),
                stance=rng.choice(list(Stance.values)),
                created_at=FIRST_DAY + datetime.timedelta(minutes=rng.randrange(DAYS * 24 * 60)),
            )
        )
    Comment.objects.bulk_create(opinions, batch_size=BATCH)
    return list(Comment.objects.filter(page_id=topic.pk).order_by("pk"))


def votes_plan(rng, opinions, voters, total):
    """`total` OpinionVotes (unsaved), shuffled: a different number per opinion, each voter
    at most once per opinion, choices by the opinion's leaning and the voter's type."""
    from community.models import OpinionVote

    shift = {kind: s for kind, _w, s in TYPES}
    weights = [rng.uniform(0.2, 1.8) for _ in opinions]
    scale = total / sum(weights)
    counts = [min(len(voters), round(w * scale)) for w in weights]
    counts[-1] += total - sum(counts)
    votes = []
    for opinion, count in zip(opinions, counts, strict=True):
        agree, passing = rng.uniform(0.15, 0.85), rng.uniform(0.05, 0.5)
        for voter in rng.sample(voters, count):
            leaning = agree + shift[voter.stakeholder_type] * rng.choice((1, -1, 1))
            draw = rng.random()
            choice = "pass" if draw < passing else "agree" if rng.random() < leaning else "disagree"
            at = FIRST_DAY + datetime.timedelta(minutes=rng.randrange(DAYS * 24 * 60))
            votes.append(
                OpinionVote(
                    opinion_id=opinion.pk,
                    member_id=voter.pk,
                    choice=choice,
                    stakeholder_type=voter.stakeholder_type,
                    prefecture=voter.prefecture,
                    region_id=voter.region_id,
                    created_at=at,
                    updated_at=at,
                )
            )
    rng.shuffle(votes)
    return votes


def votes_write(topic, votes):
    from django.db import transaction

    from community.models import OpinionVote

    started = time.perf_counter()
    with transaction.atomic():
        OpinionVote.objects.bulk_create(votes, batch_size=BATCH)
        report_changed(topic)  # bulk writes send no signal
    return time.perf_counter() - started


def report_changed(topic):
    """What every vote does to the cached report: replace the topic's generation token."""
    from community.consensus.generation import consensus_changed

    consensus_changed(topic_ids=[topic.pk])


# --- Measuring ----------------------------------------------------------------------------------


def django_start(workdir, database_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")
    if database_url:
        parts = urlsplit(database_url)
        os.environ["BENCH_DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{PG_DATABASE}"))
    import django

    django.setup()

    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)


def analyse():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def kinds_differ(small, large):
    """{kind of statement: (count at small, count at large)} where they differ."""
    from bench.run import query_kind

    before = Counter(query_kind(sql) for sql in small)
    after = Counter(query_kind(sql) for sql in large)
    return {k: (before[k], after[k]) for k in before | after if before[k] != after[k]}


REPORTS = {  # page name: the report's dimension
    "report by stakeholder type": "stakeholder_type",
    "report by prefecture": "prefecture",
    "report by region": "region",
}


def pages_of(topic):
    from django.urls import reverse

    report = reverse("consensus:report", args=[topic.pk])
    return {
        "report by stakeholder type": report,
        "report by prefecture": f"{report}?by=prefecture",
        "report by region": f"{report}?by=region",
        "topic list": reverse("consensus:index"),
    }


def fresh_queries(client, topic, url):
    """The statements of a GET of `url` right after a change (the report computed again)."""
    from bench.survey_results import page_queries

    report_changed(topic)
    return page_queries(client, url)


def fresh_times(client, topic, url, renders):
    """GETs of `url`, each right after a change (the change itself not timed)."""
    from bench.survey_results import _summary, page_get

    durations = []
    for _ in range(renders):
        report_changed(topic)
        start = time.perf_counter()
        page_get(client, url)
        durations.append(time.perf_counter() - start)
    return _summary(durations)


def figures_times(topic, dimension, renders):
    """The baseline of a cached page: consensus_report() answering from its cache."""
    from bench.survey_results import _summary
    from community.consensus.report import consensus_report

    consensus_report(topic=topic, dimension=dimension)
    durations = []
    for _ in range(max(renders, 10)):
        start = time.perf_counter()
        consensus_report(topic=topic, dimension=dimension)
        durations.append(time.perf_counter() - start)
    return _summary(durations)


def page_measure(client, topic, name, url, small, renders):
    """Queries, bytes and times of one page at full size (see the module's docstring)."""
    from bench.survey_results import page_get, page_queries, page_times, sql_times

    statements, size = fresh_queries(client, topic, url)
    page_get(client, url)  # the figures cached
    figures = {
        "queries_small": len(small),
        "queries": len(statements),
        "queries_cached": len(page_queries(client, url)[0]),
        "kinds_differ": kinds_differ(small, statements),
        "bytes": size,
        "page": page_times(client, url, renders),
    }
    if name in REPORTS:
        figures["figures_read"] = figures_times(topic, REPORTS[name], renders)
        figures["fresh"] = fresh_times(client, topic, url, renders)
    figures["sql"] = sql_times(statements, renders)
    return figures


def votes_csv(client, topic):
    from django.urls import reverse

    started = time.perf_counter()
    response = client.get(reverse("consensus:votes_csv", args=[topic.pk]))
    size = sum(len(chunk) for chunk in response.streaming_content)
    return {"seconds": time.perf_counter() - started, "bytes": size}


def run(args, workdir, database_url):
    from bench.survey_results import page_get

    started = time.perf_counter()
    django_start(workdir, database_url)
    from django.db import connection
    from django.test import Client

    rng = random.Random(SEED)
    topic, analyst = topic_build()
    regions = regions_build()
    print(f"Writing {VOTERS:,} members and {args.opinions:,} opinions …", flush=True)
    authors = members_build(rng, AUTHORS, regions, "author")
    voters = members_build(rng, VOTERS, regions, "voter")
    opinions = opinions_build(rng, topic, authors, args.opinions)
    plan = votes_plan(rng, opinions, voters, args.votes)
    client = Client()
    client.force_login(analyst)
    pages = pages_of(topic)
    figures = {"database": database_label(connection), "load": [os.getloadavg()[0]]}

    print(f"Writing {args.small:,} votes …", flush=True)
    build = votes_write(topic, plan[: args.small])
    analyse()
    for url in pages.values():
        page_get(client, url)  # what the first request of a process caches is not counted
    small = {name: fresh_queries(client, topic, url)[0] for name, url in pages.items()}

    print(f"Writing {args.votes - args.small:,} more …", flush=True)
    build += votes_write(topic, plan[args.small :])
    analyse()
    figures["build_seconds"] = build
    figures["pages"] = {}
    for name, url in pages.items():
        print(f"Timing {name} …", flush=True)
        figures["pages"][name] = page_measure(client, topic, name, url, small[name], args.renders)
    figures["votes_csv"] = votes_csv(client, topic)
    figures["total_seconds"] = time.perf_counter() - started
    figures["load"].append(os.getloadavg()[0])
    print_report(figures, args)
    write_json(figures, args, connection)
    return not any(
        page["queries_small"] != page["queries"] or page["kinds_differ"]
        for page in figures["pages"].values()
    )


def database_label(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} (database {PG_DATABASE})"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (temporary file, WAL)"


# --- Report -------------------------------------------------------------------------------------


def print_report(figures, args):
    print()
    print(f"Consensus report, {figures['database']}")
    print(
        f"  {args.opinions:,} opinions, {args.votes:,} votes by {VOTERS:,} members; "
        f"votes written in {figures['build_seconds']:.1f} s"
    )
    print()
    print(f"1. Queries at {args.small:,} and at {args.votes:,} votes (computed afresh; cached)")
    for name, page in figures["pages"].items():
        same = "same" if page["queries_small"] == page["queries"] else "DIFFERENT"
        if page["kinds_differ"]:
            same += f" {page['kinds_differ']}"
        print(
            f"   {name:<28}{page['queries_small']:>6}{page['queries']:>6}  {same}; "
            f"cached {page['queries_cached']}"
        )
    print()
    print(f"2. At {args.votes:,} votes, {args.renders} GETs each (ms)")
    print(f"   {'cached figures':<28}{'median':>9}{'p95':>9}{'read':>9}{'ratio':>7}{'KB':>7}  goal")
    for name, page in figures["pages"].items():
        if "figures_read" not in page:
            continue
        timing, read = page["page"], page["figures_read"]
        ratio = timing["median_ms"] / read["median_ms"]
        met = "met" if timing["median_ms"] <= GOAL_MS else "NOT MET"
        print(
            f"   {name:<28}{timing['median_ms']:>9.0f}{timing['p95_ms']:>9.0f}"
            f"{read['median_ms']:>9.1f}{ratio:>7.2f}{page['bytes'] / 1024:>7.0f}"
            f"  ≤ {GOAL_MS} ms {met}"
        )
    print("   read: consensus_report() from its cache (tokens, figures, groups by the thresholds).")
    header = f"{'median':>9}{'p95':>9}{'SQL med':>9}{'ratio':>7}{'SELECTs':>9}"
    print(f"   {'after a change':<28}{header}")
    for name, page in figures["pages"].items():
        timing, sql = page.get("fresh", page["page"]), page["sql"]
        ratio = timing["median_ms"] / sql["median_ms"]
        print(
            f"   {name:<28}{timing['median_ms']:>9.0f}{timing['p95_ms']:>9.0f}"
            f"{sql['median_ms']:>9.0f}{ratio:>7.2f}{sql['statements']:>9}"
        )
    print("   SQL med: the page's SELECT statements run again with a raw cursor (same run).")
    print("   Slowest statements (median ms):")
    for name, page in figures["pages"].items():
        print(f"   {name}:")
        for seconds, sql in page["sql"]["slowest"][:3]:
            print(f"     {seconds * 1000:>8.1f}  {shorten(sql)}")
    print()
    csv = figures["votes_csv"]
    print(
        f"3. Votes CSV: {args.votes:,} rows, {csv['bytes'] / 2**20:.1f} MB in "
        f"{csv['seconds']:.2f} s = {args.votes / csv['seconds']:,.0f} rows/s"
    )
    print()
    start, end = figures["load"]
    print(f"Total {figures['total_seconds']:.0f} s; load average {start:.1f} → {end:.1f}")


def write_json(figures, args, connection):
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"consensus-{connection.vendor}.json"
    data = {"arguments": vars(args), **figures}
    for page in data["pages"].values():
        page["sql"]["slowest"] = [[s * 1000, shorten(sql)] for s, sql in page["sql"]["slowest"]]
        page["kinds_differ"] = {k: list(v) for k, v in page["kinds_differ"].items()}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Figures written to {path.relative_to(REPO)}")


def shorten(sql, width=150):
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def _exit_on_term(signum, frame):
    raise SystemExit(128 + signum)


def main():
    from bench.survey_results import _connections_close, pg_maintenance

    args = parse_args()
    signal.signal(signal.SIGTERM, _exit_on_term)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        os.environ.pop("DATABASE_URL", None)  # SQLite (bench/settings.py)
        database_url = ""
    if database_url:
        pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        pg_maintenance(database_url, f'CREATE DATABASE "{PG_DATABASE}"')
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-consensus-"))
    try:
        ok = run(args, workdir, database_url)
    finally:
        _connections_close()
        if database_url:
            pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    if not ok:
        print("The consensus report's queries grow with the number of votes.")
        sys.exit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
