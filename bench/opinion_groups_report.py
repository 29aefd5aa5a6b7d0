"""What showing a topic's opinion groups costs when read from the stored run: 2,000 participants
× 500 opinions (issue 25), as a ratio to a bare view (/bench/hello/) timed in the same run.

`python bench/opinion_groups_report.py [--opinions 500] [--votes 100000] [--groups 4]
[--renders 20]` builds the topic, members and votes as bench/consensus.py does (its builders),
closes the topic, and stores one run by hand as the engine stores it (community.models.
opinion_groups): every voter placed around one of `--groups` centres, hulls, five
representative opinions per group and five shared ones, published. It then times, signed in:

1. the staff consensus report (`consensus:report`, an Analyst) with its section
   「投票から見えるグループ」, figures cached as staff read them;
2. the topic page as a member who has a position (their dot marked: rendered for them, never
   from the page cache), and the same page before the groups are published;
3. groups_context() alone (the cached summary, the viewer's position, the chart) and the
   section's template;
each as a median over `--renders` and as a ratio to hello's median. The database is a SQLite
file in a temporary directory (or DATABASE_URL's PostgreSQL server, as bench/consensus.py).
Figures are printed, never asserted.
"""

import argparse
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
HULL = [(-1, -0.6), (0, -1), (1, -0.6), (1, 0.6), (0, 1), (-1, 0.6)]  # around each centre


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=500)
    parser.add_argument("--votes", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=4)
    parser.add_argument("--renders", type=int, default=20)
    return parser.parse_args()


def run_store(rng, topic, voters, opinions, group_count):
    """A published run placing every voter, as the engine would store it."""
    from django.utils import timezone

    from community.models import OpinionGroupPosition, OpinionGroupRun, OpinionVote

    centres = [(-1.5, 1.0), (1.5, 1.0), (0.0, -1.5), (2.0, -2.0), (-2.0, -2.0)][:group_count]
    positions, sizes = [], [0] * group_count
    for n, voter in enumerate(voters):
        index = n % group_count
        cx, cy = centres[index]
        sizes[index] += 1
        x, y = rng.gauss(cx, 0.45), rng.gauss(cy, 0.45)
        positions.append((voter.pk, index, x, y))
    groups = []
    for index, (cx, cy) in enumerate(centres):
        shown = rng.sample(opinions, 5)
        groups.append(
            {
                "index": index,
                "size": sizes[index],
                "centroid": [cx, cy],
                "hull": [[cx + 0.9 * dx, cy + 0.9 * dy] for dx, dy in HULL],
                "representative": [
                    {
                        "opinion_id": o.pk,
                        "direction": rng.choice(("agree", "disagree")),
                        "share_in": 0.8,
                        "share_out": 0.25,
                        "z": 4.0,
                        "repness": 3.2,
                    }
                    for o in shown
                ],
            }
        )
    consensus = [
        {"opinion_id": o.pk, "direction": "agree", "min_share": 0.7, "shares": [0.8] * group_count}
        for o in rng.sample(opinions, 5)
    ]
    run = OpinionGroupRun.objects.create(
        topic=topic,
        vote_count=OpinionVote.objects.filter(opinion__page_id=topic.pk).count(),
        participant_count=len(voters),
        opinion_count=len(opinions),
        group_count=group_count,
        seed=SEED,
        summary={"groups": groups, "consensus": consensus, "explained_variance": [0.3, 0.1]},
        published_at=timezone.now(),
    )
    OpinionGroupPosition.objects.bulk_create(
        OpinionGroupPosition(run=run, member_id=pk, group_index=index, x=x, y=y)
        for pk, index, x, y in positions
    )
    return run


def median_ms(action, renders):
    """The median of `renders` timed calls of `action`, after one untimed."""
    action()
    samples = []
    for _n in range(renders):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(args, workdir, database_url):
    from bench import consensus as built
    from bench.survey_results import page_get

    built.django_start(workdir, database_url)
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse

    from community.models import TopicClosure
    from community.views.opinion_groups import groups_context

    rng = random.Random(SEED)
    topic, analyst = built.topic_build()
    regions = built.regions_build()
    print(f"Writing {built.VOTERS:,} members, {args.opinions:,} opinions, {args.votes:,} votes …")
    authors = built.members_build(rng, built.AUTHORS, regions, "author")
    voters = built.members_build(rng, built.VOTERS, regions, "voter")
    opinions = built.opinions_build(rng, topic, authors, args.opinions)
    built.votes_write(topic, built.votes_plan(rng, opinions, voters, args.votes))
    built.analyse()
    TopicClosure.objects.create(topic=topic, conclusion="まとめ", conclusion_html="<p>まとめ</p>")
    run = run_store(rng, topic, voters, opinions, args.groups)
    topic.refresh_from_db()

    staff, member, visitor = Client(), Client(), Client()
    staff.force_login(analyst)
    member.force_login(voters[0])
    report_url = reverse("consensus:report", args=[topic.pk])
    context = groups_context(topic=topic, run=run, viewer=voters[0], minimum=5)
    section = render_to_string(
        "community/includes/opinion_groups.html", {**context, "topic": topic}
    )
    figures = {
        "hello": median_ms(lambda: visitor.get("/bench/hello/"), args.renders),
        "staff report": median_ms(lambda: page_get(staff, report_url), args.renders),
        "topic page (member)": median_ms(lambda: page_get(member, topic.url), args.renders),
        "groups_context()": median_ms(
            lambda: groups_context(topic=topic, run=run, viewer=voters[0], minimum=5),
            args.renders,
        ),
        "section template": median_ms(
            lambda: render_to_string(
                "community/includes/opinion_groups.html", {**context, "topic": topic}
            ),
            args.renders,
        ),
    }
    run.published_at = None
    run.save(update_fields=["published_at"])
    figures["topic page, not published"] = median_ms(
        lambda: page_get(member, topic.url), args.renders
    )
    hello = figures["hello"]
    print()
    print(
        f"Opinion groups read from the stored run: {built.VOTERS:,} participants, "
        f"{args.opinions:,} opinions, {args.votes:,} votes, {args.groups} groups"
    )
    print(f"  section HTML {len(section.encode()) / 1024:.0f} KB (chart and tables)")
    print(f"  {'':<24}{'median ms':>10}{'÷ hello':>10}")
    for name, ms in figures.items():
        print(f"  {name:<24}{ms:>10.2f}{ms / hello:>10.1f}")


def _exit_on_term(signum, frame):
    raise SystemExit(128 + signum)


def main():
    from bench import consensus as built
    from bench.survey_results import _connections_close, pg_maintenance

    args = parse_args()
    signal.signal(signal.SIGTERM, _exit_on_term)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        os.environ.pop("DATABASE_URL", None)
        database_url = ""
    if database_url:
        pg_maintenance(database_url, f'DROP DATABASE IF EXISTS "{built.PG_DATABASE}" WITH (FORCE)')
        pg_maintenance(database_url, f'CREATE DATABASE "{built.PG_DATABASE}"')
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-groups-"))
    try:
        measure(args, workdir, database_url)
    finally:
        _connections_close()
        if database_url:
            pg_maintenance(
                database_url, f'DROP DATABASE IF EXISTS "{built.PG_DATABASE}" WITH (FORCE)'
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
