"""The load scenario of issue 9 against gunicorn with production settings, then the ledger.

`python bench/loadtest.py [--seconds 60] [--users 40] [--members 60] [--two-servers]`
(`make loadtest` runs it with --two-servers) needs PostgreSQL on 127.0.0.1:5432 and Redis on
127.0.0.1:6379. It creates a throwaway database and flushes Redis database `--redis-db`
(bench/load_harness.py), seeds five articles, a survey and `--members` (40) established members,
starts `gunicorn -c config/gunicorn.py` (bench/load_settings.py: production settings) on a
loopback port, and signs every member in through allauth's login form, each from an address of
their own (X-Forwarded-For behind TRUSTED_PROXY_COUNT=1).

Then `--users` virtual users run for `--seconds`, each picking at random, operation by
operation: 80 % read an article (half as an anonymous reader, half as a signed-in member),
10 % post a comment as a member whose last comment is old enough for the site's pacing
(DiscussionSettings: seconds between comments, comments per address), 10 % answer the survey
(form, answers, confirmation; half anonymous, half members). A 429 is counted as a refusal the
site was expected to make, apart from errors (5xx, broken connections, any other status).

Every comment and response the server acknowledged carries a marker of its own; afterwards the
database must hold each exactly once and each response with all its answer rows. The run prints
missing / doubled / partial and exits with status 1 unless all three are 0 (or on errors).
"""

import argparse
import os
import random
import re
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict, deque
from http.client import HTTPException
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import percentile
from bench.load_harness import (
    SURVEY_TEXT,
    Client,
    Identity,
    address,
    form_fill,
    gunicorn_server,
    login,
    prepared_site,
)

CONNECTION_ERRORS = (OSError, HTTPException)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the scenario")
    parser.add_argument("--users", type=int, default=40, help="concurrent virtual users")
    parser.add_argument("--members", type=int, default=40, help="members who comment")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: the config's)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], help="(the config's)")
    parser.add_argument("--redis-db", type=int, default=12, choices=range(10, 15))
    parser.add_argument("--two-servers", action="store_true", help="then bench/two_servers.py")
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help="the embedded default instead: a SQLite file, no Redis (local memory cache)",
    )
    return parser.parse_args(argv)


# --- What happened ----------------------------------------------------------------------------


class Recorder:
    """Every request: (kind, status or None for a broken connection, seconds)."""

    def __init__(self):
        self.rows, self._lock = [], threading.Lock()

    def add(self, kind, status, seconds):
        with self._lock:
            self.rows.append((kind, status, seconds))

    def timed(self, kind, send):
        started = time.perf_counter()
        try:
            reply = send()
        except CONNECTION_ERRORS:
            self.add(kind, None, time.perf_counter() - started)
            return None
        self.add(kind, reply.status, time.perf_counter() - started)
        return reply


class Ledger:
    """What the server acknowledged: comment markers, and response markers with the number of
    answer rows each response must have."""

    def __init__(self, run_tag):
        self.run_tag, self._lock, self._next = run_tag, threading.Lock(), 0
        self.comments, self.responses = set(), {}

    def marker(self, kind):
        with self._lock:
            self._next += 1
            return f"[{self.run_tag}-{kind}{self._next}]"

    def comment_acknowledged(self, marker):
        with self._lock:
            self.comments.add(marker)

    def response_acknowledged(self, marker, rows):
        with self._lock:
            self.responses[marker] = rows


class MemberPool:
    """Signed-in members, lent out one operation at a time (a member's session holds one
    survey draft, and the site paces each member's comments)."""

    def __init__(self, members, *, pacing, per_address):
        self.members, self.pacing = members, pacing
        self.per_address, self.window = per_address
        self._busy, self._lock = set(), threading.Lock()
        self._comments = {id(m): deque() for m in members}

    def any(self):
        return random.choice(self.members)

    def take(self, *, to_comment=False):
        """A free member (one whose pacing allows a comment now, `to_comment`), or the seconds
        until one may be."""
        now, wait = time.monotonic(), 1.0
        with self._lock:
            for member in random.sample(self.members, len(self.members)):
                if id(member) in self._busy:
                    continue
                ready = self._ready_at(member, now) if to_comment else now
                if ready <= now:
                    self._busy.add(id(member))
                    return member
                wait = min(wait, ready - now)
        return wait

    def _ready_at(self, member, now):
        times = self._comments[id(member)]
        while times and times[0] < now - self.window:
            times.popleft()
        ready = member.ready_at
        if len(times) >= self.per_address:
            ready = max(ready, times[0] + self.window + 1)
        return ready

    def give_back(self, member, *, commented=False):
        with self._lock:
            if commented:
                now = time.monotonic()
                member.ready_at = now + self.pacing + 1  # a second's margin for clocks
                self._comments[id(member)].append(now)
            self._busy.discard(id(member))


# --- The virtual users ------------------------------------------------------------------------


class VirtualUser(threading.Thread):
    def __init__(self, n, *, site, base, pool, recorder, ledger, stop_at):
        super().__init__(daemon=True)
        self.site, self.pool, self.recorder, self.ledger = site, pool, recorder, ledger
        self.client, self.stop_at = Client(base), stop_at
        self.anonymous = Identity(address(50_000 + n))
        self.counts = Counter()

    def run(self):
        while time.monotonic() < self.stop_at:
            pick = random.random()
            if pick < 0.8:
                self.read()
            elif pick < 0.9:
                self.comment()
            else:
                self.answer()
        self.client.close()

    def read(self):
        person = self.anonymous if random.random() < 0.5 else self.pool.any()
        kind = "read_anonymous" if person is self.anonymous else "read_member"
        path = random.choice(self.site.article_paths)
        reply = self.recorder.timed(kind, lambda: self.client.get(path, identity=person))
        self.counts[kind] += 1
        if reply is not None and person is self.anonymous:
            self.counts[f"page_cache_{reply.headers.get('X-Page-Cache', 'none')}"] += 1

    def comment(self):
        member = self.pool.take(to_comment=True)
        while not isinstance(member, Identity):
            if time.monotonic() + member >= self.stop_at:
                return
            self.counts["comment_wait"] += 1
            time.sleep(member)
            member = self.pool.take(to_comment=True)
        try:
            self._comment_post(member)
        finally:
            self.pool.give_back(member, commented=True)

    def _comment_post(self, member):
        page = random.choice(self.site.article_ids)
        marker = self.ledger.marker("c")
        data = {
            "csrfmiddlewaretoken": member.csrf_token,
            "body": f"窓口の予約制に賛成です。{marker}",
            "parent": "",
            "website": "",
        }
        path = f"/comments/pages/{page}/post/"
        reply = self.recorder.timed("comment_post", lambda: self.client.post(path, data, member))
        if reply is not None and reply.status == 302 and "posted=" in reply.location:
            self.ledger.comment_acknowledged(marker)
            self.counts["comment_acknowledged"] += 1

    def answer(self):
        if random.random() < 0.5:
            self._answer(self.anonymous)
            return
        member = self.pool.take()
        if not isinstance(member, Identity):
            self._answer(self.anonymous)
            return
        try:
            self._answer(member)
        finally:
            self.pool.give_back(member)

    def _answer(self, person):
        """Form, answers, confirmation: acknowledged when the confirmation lands on /thanks/."""
        timed, client, survey = self.recorder.timed, self.client, self.site.survey_path
        page = timed("survey_form", lambda: client.get(survey, identity=person))
        if page is None or page.status != 200:
            return
        marker = self.ledger.marker("r")
        action, data, rows = form_fill(page.body, action_re=r"/step/", text=SURVEY_TEXT + marker)
        sent = timed("survey_answers", lambda: client.post(action, data, identity=person))
        if sent is None or sent.status != 302 or "/confirm/" not in sent.location:
            return
        confirm = timed("survey_confirm", lambda: client.get(sent.location, identity=person))
        if confirm is None or confirm.status != 200:
            return
        action, data, _ = form_fill(confirm.body, action_re=r"/confirm/", text="")
        done = timed("survey_submit", lambda: client.post(action, data, identity=person))
        if done is not None and done.status == 302 and "/thanks/" in done.location:
            self.ledger.response_acknowledged(marker, rows)
            self.counts["survey_acknowledged"] += 1


# --- Signing in -------------------------------------------------------------------------------


def members_sign_in(site, base, *, threads, recorder):
    """Every member signs in once through the login form, `threads` at a time."""
    # The last member is kept for bench/two_servers.py: its comment must not wait for pacing.
    emails = site.member_emails[:-1]
    people = [Identity(address(n + 1), email) for n, email in enumerate(emails)]
    queue, failed = list(people), []
    lock = threading.Lock()

    def work():
        client = Client(base)
        while True:
            with lock:
                if not queue:
                    break
                person = queue.pop()
            started = time.perf_counter()
            try:
                ok = login(client, person)
            except CONNECTION_ERRORS:
                ok = False
            recorder.add("login", 302 if ok else None, time.perf_counter() - started)
            if not ok:
                failed.append(person.email)
        client.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    print(f"Signed in {len(people) - len(failed)} of {len(people)} members in {elapsed:.1f} s")
    if failed:
        raise SystemExit(f"Sign-in failed for {failed[:3]}…")
    return people


# --- The report -------------------------------------------------------------------------------

KINDS = [
    "read_anonymous",
    "read_member",
    "comment_post",
    "survey_form",
    "survey_answers",
    "survey_confirm",
    "survey_submit",
]
EXPECTED = {
    "read_anonymous": {200},
    "read_member": {200},
    "comment_post": {302},
    "survey_form": {200},
    "survey_answers": {302},
    "survey_confirm": {200},
    "survey_submit": {302},
}


def percentile_ms(sorted_seconds, pct):
    """bench.load.percentile of sorted seconds, in milliseconds (NaN when there are none)."""
    return percentile(sorted_seconds, pct) * 1000 if sorted_seconds else float("nan")


def summarise(rows, elapsed):
    """Figures per kind and in total: requests, req/s, latencies, 5xx, broken connections,
    429 refusals and any other unexpected status."""
    by_kind = defaultdict(list)
    for kind, status, seconds in rows:
        by_kind[kind].append((status, seconds))
    figures = {}
    for kind in [*KINDS, "total"]:
        entries = [e for k in KINDS for e in by_kind[k]] if kind == "total" else by_kind[kind]
        latencies = sorted(seconds for status, seconds in entries if status is not None)
        statuses = Counter(status for status, _ in entries)
        expected = EXPECTED.get(kind) or set().union(*EXPECTED.values())
        figures[kind] = {
            "requests": len(entries),
            "per_second": len(entries) / elapsed,
            "p50": percentile_ms(latencies, 50),
            "p95": percentile_ms(latencies, 95),
            "p99": percentile_ms(latencies, 99),
            "server_errors": sum(n for s, n in statuses.items() if s and s >= 500),
            "connection_errors": statuses[None],
            "refused_429": statuses[429],
            "unexpected": sum(
                n for s, n in statuses.items() if s and s < 500 and s != 429 and s not in expected
            ),
            "statuses": dict(statuses),
        }
    return figures


def report(figures, *, elapsed, users, counts):
    print(f"\nLoad: {users} virtual users for {elapsed:.1f} s")
    print(
        f"  {'kind':16s} {'requests':>8s} {'req/s':>7s} {'p50 ms':>7s} {'p95 ms':>7s} "
        f"{'p99 ms':>7s} {'5xx':>4s} {'conn':>4s} {'429':>4s} {'other':>5s}"
    )
    for kind, f in figures.items():
        print(
            f"  {kind:16s} {f['requests']:8d} {f['per_second']:7.1f} {f['p50']:7.0f} "
            f"{f['p95']:7.0f} {f['p99']:7.0f} {f['server_errors']:4d} "
            f"{f['connection_errors']:4d} {f['refused_429']:4d} {f['unexpected']:5d}"
        )
    total = figures["total"]
    errors = total["server_errors"] + total["connection_errors"] + total["unexpected"]
    print(
        f"  error rate {errors / max(total['requests'], 1):.2%} ({errors} of {total['requests']}:"
        f" 5xx {total['server_errors']}, connection {total['connection_errors']}, other "
        f"{total['unexpected']}); expected refusals (429) {total['refused_429']}"
    )
    reads = counts["read_anonymous"] + counts["read_member"]
    comments, responses = counts["comment_acknowledged"], counts["survey_acknowledged"]
    print(
        f"  operations: reads {reads}, comments acknowledged {comments} "
        f"({comments / elapsed:.1f}/s), survey responses acknowledged {responses} "
        f"({responses / elapsed:.1f}/s); waits for a member's pacing {counts['comment_wait']}"
    )
    cache = {k.removeprefix("page_cache_"): n for k, n in counts.items() if "page_cache" in k}
    print(f"  anonymous reads by X-Page-Cache: {cache or 'no header'}")
    for kind, f in figures.items():
        odd = {s: n for s, n in f["statuses"].items() if s not in EXPECTED.get(kind, {s})}
        if kind != "total" and odd:
            print(f"  {kind}: statuses other than expected {odd}")
    return errors


# --- The ledger -------------------------------------------------------------------------------


def reconcile(ledger):
    """Compare what the server acknowledged with the database; returns (missing, doubled,
    partial) and prints them."""
    from django.db import connections
    from django.db.models import Count

    from community.models import Comment
    from surveys.models import Answer, Response

    pattern = re.compile(re.escape(f"[{ledger.run_tag}-") + r"[cr]\d+\]")
    stored = Counter(
        marker
        for body in Comment.objects.filter(body_source__contains=ledger.run_tag).values_list(
            "body_source", flat=True
        )
        for marker in pattern.findall(body)
    )
    comments_missing = len(ledger.comments - set(stored))
    comments_doubled = sum(n - 1 for n in stored.values() if n > 1)
    comments_unacknowledged = len(set(stored) - ledger.comments)

    answers = Answer.objects.filter(value_text__contains=ledger.run_tag).values_list(
        "response_id", "value_text"
    )
    responses_of = defaultdict(set)
    for response_id, text in answers:
        for marker in pattern.findall(text):
            responses_of[marker].add(response_id)
    rows = dict(
        Response.objects.filter(pk__in={r for ids in responses_of.values() for r in ids})
        .annotate(rows=Count("answers"))
        .values_list("pk", "rows")
    )
    responses_missing = len(set(ledger.responses) - set(responses_of))
    responses_doubled = sum(len(ids) - 1 for ids in responses_of.values() if len(ids) > 1)
    partial = sum(
        1
        for marker, expected in ledger.responses.items()
        for response_id in responses_of.get(marker, ())
        if rows[response_id] < expected
    )
    responses_unacknowledged = len(set(responses_of) - set(ledger.responses))
    connections.close_all()

    missing = comments_missing + responses_missing
    doubled = comments_doubled + responses_doubled
    print("\nLedger (acknowledged by the server ↔ rows in the database)")
    print(
        f"  comments:  acknowledged {len(ledger.comments)}, stored {len(stored)}; missing "
        f"{comments_missing}, doubled {comments_doubled}; stored but not acknowledged "
        f"{comments_unacknowledged}"
    )
    print(
        f"  responses: acknowledged {len(ledger.responses)}, stored {len(responses_of)}; missing "
        f"{responses_missing}, doubled {responses_doubled}, partial {partial}; stored but not "
        f"acknowledged {responses_unacknowledged}"
    )
    print(f"  missing {missing}, doubled {doubled}, partial {partial}")
    if not (ledger.comments and ledger.responses):
        # A run too short (or too refused) to write proves nothing: it fails as a loss would.
        print("  FAIL: no comment or no response was acknowledged; the ledger proves nothing")
        missing += 1
    lost = sorted(ledger.comments - set(stored)) + sorted(set(ledger.responses) - set(responses_of))
    extra = sorted(set(stored) - ledger.comments) + sorted(
        set(responses_of) - set(ledger.responses)
    )
    if lost or extra:
        print(f"  markers missing: {lost[:10]}; stored but not acknowledged: {extra[:10]}")
    return missing, doubled, partial


# --- The run ----------------------------------------------------------------------------------


def pacing():
    """The site's pacing of comments (DiscussionSettings): seconds between two comments of a
    member, and comments per address within a window (seconds)."""
    from wagtail.models import Page

    from community.services.discussions import discussion_settings_for

    limits = discussion_settings_for(Page.objects.filter(depth=2).first())
    return limits.min_seconds_between_comments, (
        limits.max_comments_per_address,
        limits.address_window_minutes * 60,
    )


def scenario(args, site, server):
    recorder, ledger = Recorder(), Ledger(uuid.uuid4().hex[:10])
    people = members_sign_in(site, server.base, threads=min(args.users, 8), recorder=recorder)
    between, per_address = pacing()
    pool = MemberPool(people, pacing=between, per_address=per_address)
    stop_at = time.monotonic() + args.seconds
    users = [
        VirtualUser(
            n,
            site=site,
            base=server.base,
            pool=pool,
            recorder=recorder,
            ledger=ledger,
            stop_at=stop_at,
        )
        for n in range(args.users)
    ]
    recorder.rows.clear()  # the sign-ins are not part of the scenario
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    for user in users:
        user.start()
    for user in users:
        user.join()
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    counts = sum((user.counts for user in users), Counter())
    errors = report(
        summarise(recorder.rows, elapsed), elapsed=elapsed, users=args.users, counts=counts
    )
    print(
        f"  server CPU: {cpu:.1f} s in {elapsed:.0f} s ({cpu / elapsed:.2f} cores), "
        f"{cpu * 1000 / max(len(recorder.rows), 1):.0f} ms per request; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    return ledger, errors


def main(argv=None):
    args = parse_args(argv)
    overrides = {"GUNICORN_WORKER_CLASS": args.worker_class} if args.worker_class else {}
    if args.workers:
        overrides["WEB_CONCURRENCY"] = args.workers
    if args.sqlite and args.two_servers:
        raise SystemExit("--two-servers needs PostgreSQL and Redis, not --sqlite")
    with (
        prepared_site(members=args.members + 1, redis_db=args.redis_db, sqlite=args.sqlite) as site,
        gunicorn_server(site, name="a", **overrides) as server,
    ):
        workers = len(server.worker_pids())
        database = "SQLite (no Redis)" if args.sqlite else "PostgreSQL and Redis"
        print(f"gunicorn on {server.base}: {workers} {server.worker_class} workers, {database}")
        ledger, errors = scenario(args, site, server)
        problems = server.log_problems()
        locked = sum("database is locked" in line for line in problems)
        print(
            f"\nServer log: {len(problems)} error lines, {locked} of them 'database is locked' "
            f"({server.log_path.name})"
        )
        for line in problems[:10]:
            print(f"  {line[:300]}")
        missing, doubled, partial = reconcile(ledger)
        failed = bool(errors or locked or missing or doubled or partial)
        if args.two_servers:
            from bench.two_servers import prove

            failed = not prove(site, server_a=server) or failed
    print("\nFAIL" if failed else "\nPASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
