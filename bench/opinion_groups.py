"""What computing a topic's opinion groups costs in the background task (issue 25): 2,000
participants × 500 opinions, 50,000–200,000 votes.

`python bench/opinion_groups.py [--participants 2000] [--opinions 500] [--votes 100000]` builds
one published topic on a throwaway SQLite file (bench/settings.py; the site and members as
bench/consensus.py builds them) with `--opinions` opinions and about `--votes` votes by
`--participants` members, written with bulk_create. The votes have three planted groups
(tests/community/consensus/planted.py: each group agrees with its own fifth of the opinions,
which the others disagree with; common ground; coin tosses; 10% flipped, 10% passes; the rest
missing at random to reach `--votes`), so the run finds real groups.

It measures the task community.tasks.opinion_groups_compute, run in this process:
1. The first run of the topic (no previous run): seconds, split into reading the vote matrix
   (one query), the computation (PCA, k-means for k = 2…5 with their silhouettes, the three
   shuffles of the no-structure test, representative opinions, hulls) and storing the run.
2. The next run (a previous run to keep labels and axes from): seconds, then the same run under
   tracemalloc: its peak of Python and numpy allocations. The process's peak resident memory
   (ru_maxrss, Django and the libraries included) is printed too.
3. What it found: groups and their sizes, silhouette, adjusted Rand index against the planted
   groups.

Figures to read, not assertions. `make bench` runs it at a CI size.
"""

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 20261207
CHOICES = {1.0: "agree", -1.0: "disagree", 0.0: "pass"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--opinions", type=int, default=500)
    parser.add_argument("--votes", type=int, default=100_000, help="about this many votes")
    args = parser.parse_args()
    if not 0 < args.votes <= args.participants * args.opinions:
        parser.error("--votes must be positive and at most participants × opinions")
    if args.opinions < 20:
        parser.error("at least 20 opinions")
    return args


def planted(args):
    """The planted votes (dense, NaN = missing) and each participant's planted group."""
    from tests.community.consensus.planted import planted_votes

    third = args.participants // 3
    sizes = (args.participants - 2 * third + third // 5, third, third - third // 5)
    own = args.opinions // 5
    agreed, disagreed = args.opinions // 20, args.opinions // 20
    noise = args.opinions - 3 * own - agreed - disagreed
    missing = 1 - args.votes / (args.participants * args.opinions)
    return planted_votes(
        SEED,
        sizes=sizes,
        own=own,
        agreed=agreed,
        disagreed=disagreed,
        noise=noise,
        missing=missing,
    )


def site_build(args, votes):
    """The topic, its members and opinions, and `votes` written (bulk_create)."""
    import numpy as np
    from django.db import transaction

    from bench.consensus import BATCH, members_build, opinions_build, regions_build, topic_build
    from community.models import OpinionVote

    rng = random.Random(SEED)
    topic, _analyst = topic_build()
    regions = regions_build()
    authors = members_build(rng, 50, regions, "author")
    voters = members_build(rng, args.participants, regions, "voter")
    opinions = opinions_build(rng, topic, authors, args.opinions)
    with transaction.atomic():
        OpinionVote.objects.bulk_create(
            (
                OpinionVote(
                    opinion_id=opinions[j].pk,
                    member_id=voters[i].pk,
                    choice=CHOICES[votes[i, j]],
                )
                for i, j in np.argwhere(~np.isnan(votes))
            ),
            batch_size=BATCH,
        )
    return topic, [voter.pk for voter in voters]


def task_run(topic):
    """Seconds of the task, split: (matrix, compute, store, total)."""
    from community.consensus.groups import runs
    from community.consensus.groups.compute import groups_compute
    from community.consensus.groups.matrix import topic_matrix

    timed = {}

    def timing(name, function):
        def wrapped(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timed[name] = time.perf_counter() - started

        return wrapped

    original = runs.topic_matrix, runs.groups_compute
    runs.topic_matrix, runs.groups_compute = (
        timing("matrix", topic_matrix),
        timing("compute", groups_compute),
    )
    try:
        started = time.perf_counter()
        from community import tasks

        tasks.opinion_groups_compute.enqueue(topic_id=topic.pk)
        timed["total"] = time.perf_counter() - started
    finally:
        runs.topic_matrix, runs.groups_compute = original
    timed["store"] = timed["total"] - timed["matrix"] - timed["compute"]
    return timed


def run(args, workdir):
    from bench.consensus import django_start

    django_start(workdir, "")
    from sklearn.metrics import adjusted_rand_score

    from community.consensus.groups.schedule import latest_runs

    plan = planted(args)
    print(f"Writing {args.participants:,} members, {args.opinions:,} opinions …", flush=True)
    topic, voter_ids = site_build(args, plan.votes)
    first = task_run(topic)
    second = task_run(topic)
    tracemalloc.start()
    task_run(topic)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    found = latest_runs(topic.pk).first()
    groups = dict(found.positions.values_list("member_id", "group_index"))
    labels = [-1 if groups[v] is None else groups[v] for v in voter_ids]
    print()
    print(
        f"Opinion groups: {found.participant_count:,} participants placed × "
        f"{found.opinion_count:,} opinions, {found.vote_count:,} votes"
    )
    for name, timed in (("first run", first), ("next run", second)):
        print(
            f"  {name:<10} {timed['total']:6.2f} s  (matrix {timed['matrix']:.2f} s, "
            f"computation {timed['compute']:.2f} s, storing {timed['store']:.2f} s)"
        )
    print(f"  peak allocations of a run (tracemalloc): {peak / 2**20:.1f} MiB")
    print(
        "  peak resident memory of the process (Django included): "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    sizes = ", ".join(str(g["size"]) for g in found.summary["groups"])
    print(
        f"  found {found.group_count} groups ({sizes}), silhouette {found.silhouette:.3f}, "
        f"explained variance {found.summary['explained_variance']}, adjusted Rand index "
        f"{adjusted_rand_score(plan.truth, labels):.3f} against the planted groups"
    )


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-groups-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
