"""sync or gthread: the two worker classes of config/gunicorn.py side by side, in one run.

`python bench/load_workers.py [--rounds 3] [--seconds 5] [--clients 8]` needs PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379 (bench/load_harness.py; Redis database 14). It
starts two gunicorn processes on one throwaway site — the default (sync, 2 x cores + 1
workers) and gthread (cores + 1 workers, 4 threads each) — and measures them in turn,
`--rounds` times, so that whatever else the machine is doing weighs on both alike: req/s and
median latency of the bare hello view, the article from the anonymous page cache and the
article rendered (the cache stepping aside), and the workers' memory. It prints the median
of the rounds for each and the ratio gthread ÷ sync.
"""

import argparse
import multiprocessing
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_bench import BYPASS_COOKIE, Meter, drive, get_step, worker_rss
from bench.load_harness import Identity, address, gunicorn_server, prepared_site

CORES = multiprocessing.cpu_count()
CLASSES = {
    "sync": {"GUNICORN_WORKER_CLASS": "sync", "WEB_CONCURRENCY": 2 * CORES + 1},
    "gthread": {"GUNICORN_WORKER_CLASS": "gthread", "WEB_CONCURRENCY": CORES + 1},
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    return parser.parse_args(argv)


def targets(site):
    def anonymous(n):
        return Identity(address(80_000 + n))

    def uncached(n):
        person = anonymous(n)
        person.cookies[BYPASS_COOKIE[0]] = BYPASS_COOKIE[1]
        return person

    article = lambda: random.choice(site.article_paths)  # noqa: E731
    return {
        "hello": (anonymous, get_step(lambda: "/bench/hello/")),
        "article cached": (anonymous, get_step(article)),
        "article uncached": (uncached, get_step(article)),
    }


def main(argv=None):
    args = parse_args(argv)
    with (
        prepared_site(members=1, redis_db=14) as site,
        gunicorn_server(site, name="sync", GUNICORN_MAX_REQUESTS=0, **CLASSES["sync"]) as sync,
        gunicorn_server(
            site,
            name="gthread",
            exclude_ports={sync.port},
            GUNICORN_MAX_REQUESTS=0,
            **CLASSES["gthread"],
        ) as gthread,
    ):
        servers = {"sync": sync, "gthread": gthread}
        results = {(c, t): [] for c in servers for t in targets(site)}
        for _ in range(args.rounds):
            for target, (make_state, step) in targets(site).items():
                for name, server in servers.items():
                    figures = drive(
                        server,
                        Meter(),
                        clients=args.clients,
                        seconds=args.seconds,
                        make_state=make_state,
                        step=step,
                    )
                    results[(name, target)].append(figures)
        report(args, results, {name: worker_rss(s) for name, s in servers.items()})


def report(args, results, memory):
    print(f"\n{args.clients} client threads, {args.rounds} rounds of {args.seconds:g} s each")
    for name, overrides in CLASSES.items():
        threads = " x 4 threads" if name == "gthread" else ""
        print(f"  {name}: {overrides['WEB_CONCURRENCY']} workers{threads}")
    print(
        f"  {'':18s} {'sync req/s':>10s} {'p50 ms':>7s} {'CPU ms':>7s} {'gthread':>8s} "
        f"{'p50 ms':>7s} {'CPU ms':>7s}  req/s gthread ÷ sync"
    )
    for target in ["hello", "article cached", "article uncached"]:
        line = f"  {target:18s}"
        rates = {}
        for name in CLASSES:
            runs = results[(name, target)]
            rates[name] = statistics.median(r["per_second"] for r in runs)
            p50 = statistics.median(r["p50"] for r in runs)
            cpu = statistics.median(r["cpu_ms"] for r in runs)
            line += f" {rates[name]:10.1f} {p50:7.0f} {cpu:7.1f}"
        print(f"{line}  {rates['gthread'] / rates['sync']:5.2f}")
    for name, sizes in memory.items():
        print(f"  {name} workers' memory: {sum(sizes.values()):.0f} MiB ({len(sizes)} workers)")


if __name__ == "__main__":
    main()
