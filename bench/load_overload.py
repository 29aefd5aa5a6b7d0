"""Twice the load the site can serve: it sheds with 429/503, never 500, and keeps its goodput.

`python bench/load_overload.py [--seconds 20] [--clients 16] [--factor 2]
[--queue-timeout 2]` needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379
(bench/load_harness.py: a throwaway database, Redis database `--redis-db`). One gunicorn with
production settings, REQUEST_QUEUE_TIMEOUT lowered to `--queue-timeout` seconds for the run
(config/shedding.py; the default is 5) and its workers never recycled (as in the other
gunicorn benchmarks: at 60-90 req/s the production default of 1,000 requests replaced each
worker in one phase or another, cold, and moved that phase's figure by itself), serves a mix
of mostly article reads and some writes: 45 % anonymous reads (the page cache), 45 % signed-in
reads, 10 % comment POSTs by members (the throwaway site's comment pacing off, as in
bench/load_bench.py: it measures the server, not the limit).

1. Peak: `--clients` client threads in a closed loop (each sends its next request when the last
   is answered) for `--seconds`: the successful requests per second; measured before and
   again after the overload (other work on the machine moves it), the mean of the two. Each
   phase starts from the same site: the comments the previous one posted are deleted.
2. Overload: an open loop at `--factor` × that rate for `--seconds`: request i is due at
   t0 + i / rate whatever happened to the others, carries `X-Request-Start: t=<the moment it was
   due>` in milliseconds as nginx stamps it (docs/deploy.md), and is sent by the first of
   `--senders` threads that is free. Goodput is the successful answers completed per second
   within the window (its first 2 s left out: the queue fills).

Acceptance: no 500 (no 5xx but 503), refusals only 429 or 503, goodput ≥ 80 % of the peak.
It prints peak, offered rate, goodput, their ratio, the statuses, the latency of the successful
requests, how late the client sent requests and the client's own CPU. Exit status 1 otherwise.
"""

import argparse
import os
import random
import resource
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_bench import pacing_off
from bench.load_harness import Client, Identity, address, gunicorn_server, login, prepared_site
from bench.loadtest import CONNECTION_ERRORS, percentile_ms

GOODPUT_RATIO = 0.8
RAMP_SECONDS = 2


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--clients", type=int, default=16, help="closed-loop clients (peak)")
    parser.add_argument("--senders", type=int, default=150, help="open-loop sender threads")
    parser.add_argument("--factor", type=float, default=2.0, help="offered load ÷ peak")
    parser.add_argument("--queue-timeout", type=float, default=2.0, help="REQUEST_QUEUE_TIMEOUT")
    parser.add_argument("--members", type=int, default=16)
    parser.add_argument("--redis-db", type=int, default=10, choices=range(10, 15))
    return parser.parse_args(argv)


COMMENT_TEXT = "窓口の予約制に賛成です。"


class Mix:
    """The operations: mostly article reads, some comment POSTs."""

    def __init__(self, site, members):
        self.site, self.members = site, members

    def send(self, client, n, headers):
        """One operation for sender `n`: (kind, reply or None)."""
        pick, path = random.random(), random.choice(self.site.article_paths)
        if pick < 0.45:
            person = Identity(address(80_000 + n))
            return "read_anonymous", _try(lambda: client.get(path, person, headers))
        member = random.choice(self.members)
        if pick < 0.9:
            return "read_member", _try(lambda: client.get(path, member, headers))
        page = random.choice(self.site.article_ids)
        data = {
            "csrfmiddlewaretoken": member.csrf_token,
            "body": f"{COMMENT_TEXT}（{uuid.uuid4().hex[:8]}）",  # never a repeat
            "parent": "",
            "website": "",
        }
        post = f"/comments/pages/{page}/post/"
        return "comment_post", _try(lambda: client.post(post, data, member, headers=headers))


def _try(send):
    try:
        return send()
    except CONNECTION_ERRORS:
        return None


SUCCESS = {"read_anonymous": 200, "read_member": 200, "comment_post": 302}


class Results:
    def __init__(self):
        self.rows, self._lock = [], threading.Lock()  # (kind, status, due, sent, done)

    def add(self, row):
        with self._lock:
            self.rows.append(row)

    def ok(self, row):
        return row[1] == SUCCESS[row[0]]


def stamp(wall_seconds):
    return {"X-Request-Start": f"t={wall_seconds * 1000:.0f}"}  # nginx's ${msec}, in ms


def closed_loop(server, mix, *, clients, seconds):
    results, stop_at = Results(), time.monotonic() + seconds

    def user(n):
        client = Client(server.base)
        while (now := time.monotonic()) < stop_at:
            kind, reply = mix.send(client, n, stamp(time.time()))
            results.add((kind, reply and reply.status, now, now, time.monotonic()))
        client.close()

    run_threads(user, clients)
    return results


def open_loop(server, mix, *, rate, seconds, senders):
    """Request i due at t0 + i / rate; each stamped with its due time (wall clock)."""
    results, lock = Results(), threading.Lock()
    total = int(rate * seconds)
    counter = iter(range(total))
    t0, wall0 = time.monotonic() + 0.5, time.time() + 0.5

    def sender(n):
        client = Client(server.base)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            due = t0 + i / rate
            if (delay := due - time.monotonic()) > 0:
                time.sleep(delay)
            sent = time.monotonic()
            kind, reply = mix.send(client, n, stamp(wall0 + i / rate))
            results.add((kind, reply and reply.status, due, sent, time.monotonic()))
        client.close()

    run_threads(sender, senders)
    return results, t0


def run_threads(target, count):
    threads = [threading.Thread(target=target, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def figures(results, *, start, end):
    """Successful answers completed per second in [start, end], statuses and latencies."""
    rows = results.rows
    done = [r for r in rows if start <= r[4] <= end and results.ok(r)]
    latencies = sorted(r[4] - r[2] for r in rows if results.ok(r))
    return {
        "goodput": len(done) / (end - start),
        "statuses": Counter("conn" if r[1] is None else r[1] for r in rows),
        "p50": percentile_ms(latencies, 50),
        "p95": percentile_ms(latencies, 95),
        "p99": percentile_ms(latencies, 99),
        "late_p95": percentile_ms(sorted(r[3] - r[2] for r in rows), 95),
        "requests": len(rows),
        "successes": sum(1 for r in rows if results.ok(r)),
    }


def peak_measure(server, mix, args, when):
    cpu, server_cpu, started = client_cpu(), server.cpu_seconds(), time.monotonic()
    load = os.getloadavg()[0]
    results = closed_loop(server, mix, clients=args.clients, seconds=args.seconds)
    peak = figures(results, start=started, end=time.monotonic())
    client = (client_cpu() - cpu) / (time.monotonic() - started)
    per_success = (server.cpu_seconds() - server_cpu) * 1000 / max(peak["successes"], 1)
    print(
        f"Peak {when} (closed loop, {args.clients} clients, {args.seconds:.0f} s): "
        f"{peak['goodput']:.1f} successful req/s; statuses {dict(peak['statuses'])}; "
        f"p50/p95/p99 {peak['p50']:.0f}/{peak['p95']:.0f}/{peak['p99']:.0f} ms; server CPU "
        f"{per_success:.0f} ms per success; client CPU {client:.2f} cores; load average {load:.1f}"
    )
    return peak


def comments_removed():
    """The comments the phases posted deleted, and the cached copies of their pages: each phase
    starts from the same site. Every phase adds some 50 comments to the five articles, which
    members' reads render: without this the peak after the overload was 10-25 % below the one
    before it, a drift that moved the ratio more than the overload did."""
    from django.db import connections

    from community.models import Comment
    from core.page_cache import page_cache_purge_all

    Comment.objects.filter(body_source__startswith=COMMENT_TEXT).delete()
    page_cache_purge_all()
    connections.close_all()


def client_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(args, site, server):
    pacing_off()
    people = [Identity(address(n + 1), email) for n, email in enumerate(site.member_emails)]
    client = Client(server.base)
    members = [p for p in people[: args.members] if login(client, p)]
    client.close()
    mix = Mix(site, members)
    closed_loop(server, mix, clients=args.clients, seconds=3)  # warm-up
    comments_removed()

    peak = peak_measure(server, mix, args, "before")
    comments_removed()
    rate = args.factor * peak["goodput"]
    time.sleep(3)  # the queue of the closed loop drains

    cpu, server_cpu, load = client_cpu(), server.cpu_seconds(), os.getloadavg()[0]
    over_results, t0 = open_loop(server, mix, rate=rate, seconds=args.seconds, senders=args.senders)
    over = figures(over_results, start=t0 + RAMP_SECONDS, end=t0 + args.seconds)
    over_cpu = (client_cpu() - cpu) / (time.monotonic() - t0)
    over_server = (server.cpu_seconds() - server_cpu) * 1000 / max(over["successes"], 1)
    time.sleep(3)
    comments_removed()
    # Measured again after it: other work on the machine moves the peak; the mean of the two.
    again = peak_measure(server, mix, args, "after")
    peak["goodput"] = (peak["goodput"] + again["goodput"]) / 2
    print(f"  peak, the mean of the two: {peak['goodput']:.1f} successful req/s")
    ratio = over["goodput"] / peak["goodput"]
    statuses = over["statuses"]
    print(
        f"Overload (open loop, {args.factor:g} × peak = {rate:.1f} req/s offered, "
        f"{over['requests']} requests in {args.seconds:.0f} s, {args.senders} sender threads, "
        f"REQUEST_QUEUE_TIMEOUT={args.queue_timeout:g} s):"
    )
    print(
        f"  goodput {over['goodput']:.1f} successful req/s = {ratio:.2f} × peak "
        f"(acceptance ≥ {GOODPUT_RATIO}); statuses {dict(sorted(statuses.items(), key=str))}"
    )
    print(
        f"  successful requests, from the moment they were due: p50/p95/p99 "
        f"{over['p50']:.0f}/{over['p95']:.0f}/{over['p99']:.0f} ms; the client sent requests "
        f"late by up to {over['late_p95']:.0f} ms (p95); client CPU {over_cpu:.2f} cores"
    )
    print(
        f"  server CPU per successful request {over_server:.0f} ms; load average at the start "
        f"{load:.1f}"
    )
    server_errors = sum(n for s, n in statuses.items() if s != "conn" and s >= 500 and s != 503)
    others = sum(
        n for s, n in statuses.items() if s not in ("conn", 200, 302, 429, 503) and s < 500
    )
    ok = server_errors == 0 and others == 0 and statuses["conn"] == 0 and ratio >= GOODPUT_RATIO
    print(
        f"  5xx other than 503: {server_errors}; other refusals: {others}; broken connections: "
        f"{statuses['conn']} → {'PASS' if ok else 'FAIL'}"
    )
    return ok


def main(argv=None):
    args = parse_args(argv)
    with (
        prepared_site(members=args.members, redis_db=args.redis_db) as site,
        gunicorn_server(
            site,
            name="overload",
            REQUEST_QUEUE_TIMEOUT=args.queue_timeout,
            GUNICORN_MAX_REQUESTS=0,
        ) as server,
    ):
        print(
            f"gunicorn on {server.base}: {len(server.worker_pids())} {server.worker_class} workers"
        )
        ok = measure(args, site, server)
        lines = server.log_problems()
        shed = sum('"status": 503' in line for line in lines)
        problems = [p for p in lines if '"status": 503' not in p and "unreachable" not in p]
        print(f"Server log: {len(problems)} error lines besides {shed} for the 503s")
        for line in problems[:5]:
            print(f"  {line[:300]}")
        ok = ok and not problems
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
