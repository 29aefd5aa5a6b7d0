# ruff: noqa: S603, S607  (it runs the machine's own pg_ctlcluster, redis-cli, redis-server, mount)
"""Faults during the load scenario of issue 9, then the ledger.

`python bench/load_faults.py [--users 16] [--gap 12] [--faults worker,postgres,redis,disk]`
(`make loadtest-faults`) runs as root on a machine whose PostgreSQL 15 cluster `main` and Redis
on 127.0.0.1:6379 it may restart: it stops and starts the real servers. It prepares a throwaway
site like bench/loadtest.py (the same virtual users: 80 % article reads, 10 % comments, 10 %
survey submissions), mounts a 2 MiB tmpfs as the site's MEDIA_ROOT, and while the users run it
injects, one after the other with `--gap` seconds of recovery in between:

- worker:   `kill -9` of one gunicorn worker while comment POSTs are in flight;
- postgres: `pg_ctlcluster 15 main restart` (the cluster's own fast shutdown);
- redis:    `redis-cli shutdown nosave`, 12 s without Redis, then redis-server started again with
            the very arguments it ran with (read from CONFIG GET before the run);
- disk:     the media tmpfs filled to the last byte for 12 s, then emptied again, while members
            upload a profile picture every few seconds (they do all along).

Acceptance, per fault: only requests in flight at the moment of the fault fail (a request is in
flight when it overlaps the fault: [injected, restored], and for a broken connection also the
second after, the connection the fault had broken being found closed), 5xx answers are the
site's clean error page (never a traceback), uploads while the disk is full are refused with a
message and no 5xx, and requests succeed again within RECOVERY_LIMIT seconds of the fault's end
without any restart of the app. Then the ledger: 0 missing, 0 doubled, 0 partial ("stored, not
acknowledged": committed writes whose answer was lost, counted apart, are fine). Exit status 1
otherwise.

PostgreSQL and Redis are put back as they were on every way out (finally blocks, SIGTERM).
"""

import argparse
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_harness import (
    REDIS_HOST,
    REDIS_PORT,
    Client,
    FormParser,
    gunicorn_server,
    prepared_site,
)
from bench.loadtest import (
    CONNECTION_ERRORS,
    Ledger,
    MemberPool,
    VirtualUser,
    members_sign_in,
    pacing,
    reconcile,
    report,
    summarise,
)

RECOVERY_LIMIT = 15  # seconds after a fault ends by which requests must succeed again
CLEAN_PAGES = ("エラーが発生しました", "ただいま混み合っています", "一時的にご利用いただけません")
PG_CLUSTER = ("15", "main")
MEDIA_SIZE = "2m"
UPLOADERS = 4  # members kept apart to upload profile pictures


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16, help="concurrent virtual users")
    parser.add_argument("--members", type=int, default=30, help="members who comment")
    parser.add_argument("--gap", type=float, default=12, help="seconds between faults")
    parser.add_argument("--outage", type=float, default=12, help="seconds Redis/disk stay down")
    parser.add_argument("--faults", default="worker,postgres,redis,disk")
    parser.add_argument("--redis-db", type=int, default=14, choices=range(10, 15))
    parser.add_argument("--keep-log", help="copy the server's log to this path")
    parser.add_argument(
        "--restore",
        action="store_true",
        help="only start PostgreSQL and Redis again if they are down (for a shell trap)",
    )
    return parser.parse_args(argv)


# --- Every request with its moment ------------------------------------------------------------


@dataclass
class Row:
    kind: str
    status: int | None
    start: float
    end: float
    excerpt: str = ""


class TimedRecorder:
    """The recorder bench/loadtest.py's virtual users write to, keeping each request's start
    and end (time.monotonic()) and, for a 5xx, the start of its body."""

    def __init__(self):
        self.rows, self._lock = [], threading.Lock()
        self.in_flight = Counter()

    def add(self, kind, status, seconds):  # sign-ins (members_sign_in)
        now = time.monotonic()
        with self._lock:
            self.rows.append(Row(kind, status, now - seconds, now))

    def timed(self, kind, send, excerpt=None):
        """`send()`'s reply (None for a broken connection), recorded; `excerpt(reply)` what to
        keep of a reply that is not a 5xx."""
        start = time.monotonic()
        with self._lock:
            self.in_flight[kind] += 1
        try:
            reply = send()
        except CONNECTION_ERRORS:
            reply = None
        finally:
            with self._lock:
                self.in_flight[kind] -= 1
        row = Row(kind, reply and reply.status, start, time.monotonic())
        if reply is not None and reply.status >= 500:
            row.excerpt = reply.body[:3000]
        elif reply is not None and excerpt:
            row.excerpt = excerpt(reply)
        with self._lock:
            self.rows.append(row)
        return reply

    def as_triples(self):
        return [(r.kind, r.status, r.end - r.start) for r in self.rows]


# --- PostgreSQL and Redis, put back as they were ----------------------------------------------


class Services:
    """Restarts PostgreSQL and stops/starts Redis; `restore()` starts whichever is down."""

    SAVED = Path("/tmp/yoriai-load-faults-redis.json")  # noqa: S108 (root's, for --restore)

    def __init__(self, *, saved=False):
        """`saved`: Redis's arguments as the last run read them (Redis may be down now)."""
        if saved:
            self.redis_args = json.loads(self.SAVED.read_text())
        else:
            self.redis_args = self._redis_arguments()
            self.SAVED.write_text(json.dumps(self.redis_args))

    @staticmethod
    def _redis_arguments():
        """redis-server's command-line arguments that reproduce the running server's
        configuration (bind, port, dir, files, persistence, daemonize)."""
        names = ["bind", "port", "dir", "logfile", "pidfile", "save", "appendonly", "daemonize"]
        args = []
        for name in names:
            out = subprocess.run(
                ["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "config", "get", name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split("\n")
            value = out[1] if len(out) > 1 else ""
            args += [f"--{name}", *(value.split() if name == "bind" else [value])]
        return args

    @staticmethod
    def pg_ready():
        return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0

    @staticmethod
    def redis_ready():
        out = subprocess.run(
            ["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "ping"],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout.strip() == "PONG"

    def pg_restart(self):
        subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "restart"], check=True)
        self._wait(self.pg_ready, "PostgreSQL")

    def redis_stop(self):
        subprocess.run(
            ["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )
        deadline = time.monotonic() + 10
        while self.redis_ready() and time.monotonic() < deadline:
            time.sleep(0.1)

    def redis_start(self):
        subprocess.run(["redis-server", *self.redis_args], cwd="/", check=True)
        self._wait(self.redis_ready, "Redis")

    @staticmethod
    def _wait(ready, name, timeout=60):
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not come back within {timeout} s")
            time.sleep(0.1)

    def restore(self):
        if not self.pg_ready():
            subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "start"], check=False)
            self._wait(self.pg_ready, "PostgreSQL")
        if not self.redis_ready():
            self.redis_start()


# --- The media disk ---------------------------------------------------------------------------


class MediaDisk:
    """A small tmpfs mounted on the site's MEDIA_ROOT (root only), filled and emptied."""

    def __init__(self, path):
        self.path, self.mounted, self.why_not = Path(path), False, ""

    def mount(self):
        self.path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={MEDIA_SIZE}", "tmpfs", str(self.path)],
            capture_output=True,
            text=True,
            check=False,
        )
        self.mounted = done.returncode == 0
        self.why_not = done.stderr.strip()
        return self.mounted

    def fill(self):
        """Write a file until the disk is full; returns the bytes written."""
        written, chunk = 0, b"\0" * 65536
        with open(self.path / "filler", "ab", buffering=0) as filler:
            for size in (65536, 4096, 1):
                try:
                    while True:
                        written += filler.write(chunk[:size])
                except OSError:
                    continue
        return written

    def empty(self):
        (self.path / "filler").unlink(missing_ok=True)

    def unmount(self):
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False)
            self.mounted = False


# --- Profile pictures -------------------------------------------------------------------------


def picture_bytes():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (320, 320), (random.randrange(256), 120, 200)).save(output, format="PNG")
    return output.getvalue()


class Uploader(threading.Thread):
    """A member who saves their profile with a new picture every `every` seconds: 302 is a
    saved picture; the disk being full must give the form again with a message (200)."""

    def __init__(self, member, *, base, recorder, stop, every=3.0):
        super().__init__(daemon=True)
        self.member, self.recorder, self.stop, self.every = member, recorder, stop, every
        self.client = TrackingClient(base)

    def run(self):
        while not self.stop.wait(random.uniform(0.5, 1.5) * self.every):
            self.upload()
        self.client.close()

    def upload(self):
        page = self.recorder.timed(
            "profile_form", lambda: self.client.get("/accounts/profile/", identity=self.member)
        )
        if page is None or page.status != 200:
            return
        parser = FormParser()
        parser.feed(page.body)
        form = next(f for f in parser.forms if "/accounts/profile/" in f["action"])
        values = {name: value for name, _, value in form["fields"] if value is not None}
        data = {
            "csrfmiddlewaretoken": values["csrfmiddlewaretoken"],
            "display_name": values.get("display_name") or "窓口ファン",
            "bio": "",
        }
        files = {"avatar": ("face.png", "image/png", picture_bytes())}
        self.recorder.timed(
            "avatar_upload",
            lambda: self.client.post("/accounts/profile/", data, identity=self.member, files=files),
            excerpt=lambda reply: _form_errors(reply.body) if reply.status == 200 else "",
        )


def _form_errors(html):
    """The text of the form's error summary (what the member is told), or "" without one."""
    found = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S)
    if not found:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip()[:300]


# --- The faults -------------------------------------------------------------------------------


@dataclass
class Fault:
    name: str
    start: float = 0.0
    end: float = 0.0
    moments: list = field(default_factory=list)  # (from, to): when requests may fail
    notes: list = field(default_factory=list)


class TrackingClient(Client):
    """The harness client, telling which of its connections carry a POST right now (their
    local ports), so that the worker serving one can be found."""

    posting, _lock = set(), threading.Lock()

    def _open(self):
        connection, reused = super()._open()
        if connection.sock is None:
            connection.connect()
        return connection, reused

    def request(self, method, path, *args, **kwargs):
        if method != "POST":
            return super().request(method, path, *args, **kwargs)
        with self._lock:
            self.posting.add(self)
        try:
            return super().request(method, path, *args, **kwargs)
        finally:
            with self._lock:
                self.posting.discard(self)

    @classmethod
    def posting_ports(cls):
        with cls._lock:
            clients = list(cls.posting)
        ports = set()
        for client in clients:
            try:
                ports.add(client._connection.sock.getsockname()[1])
            except (AttributeError, OSError):
                continue
        return ports


def workers_serving(server, client_ports):
    """{worker pid: how many of the connections from `client_ports` it holds}, from
    /proc/net/tcp and the workers' file descriptors."""
    inodes = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], fields[9]
        port, peer = int(local.split(":")[1], 16), int(remote.split(":")[1], 16)
        if port == server.port and peer in client_ports:
            inodes[f"socket:[{inode}]"] = True
    held = Counter()
    for pid in server.worker_pids():
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) in inodes:
                    held[pid] += 1
            except OSError:
                continue
    return held


def inject_worker_kill(server, recorder, fault):
    """kill -9 of the worker that serves the most comment POSTs in flight."""
    deadline = time.monotonic() + 20
    held = Counter()
    while time.monotonic() < deadline:
        held = workers_serving(server, TrackingClient.posting_ports())
        if held:
            break
        time.sleep(0.005)
    pids = server.worker_pids()
    victim, posts = held.most_common(1)[0] if held else (random.choice(pids), 0)
    fault.start = time.monotonic()
    os.kill(victim, 9)
    fault.end = time.monotonic()
    fault.moments.append((fault.start, fault.end))
    deadline = time.monotonic() + 30
    while (len(server.worker_pids()) < len(pids) or victim in server.worker_pids()) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.1)
    fault.notes.append(
        f"killed worker {victim}, which was serving {posts} POST(s) at that moment; "
        f"{len(server.worker_pids())} workers {time.monotonic() - fault.start:.1f} s later "
        f"({sorted(server.worker_pids())})"
    )


def inject_postgres_restart(services, fault):
    fault.start = time.monotonic()
    services.pg_restart()
    fault.end = time.monotonic()
    fault.moments.append((fault.start, fault.end))
    fault.notes.append(f"pg_ctlcluster restart took {fault.end - fault.start:.1f} s")


def inject_redis_outage(services, fault, seconds):
    fault.start = time.monotonic()
    services.redis_stop()
    stopped = time.monotonic()
    fault.moments.append((fault.start, stopped))
    time.sleep(seconds)
    restart = time.monotonic()
    services.redis_start()
    fault.end = time.monotonic()
    fault.moments.append((restart, fault.end))
    fault.notes.append(f"Redis down for {restart - stopped:.1f} s")


def inject_disk_full(disk, fault, seconds):
    """Full for `seconds`: filled again every 20 ms, since each saved picture deletes the
    member's previous one and so frees a little space."""
    fault.start = time.monotonic()
    written = disk.fill()
    while time.monotonic() < fault.start + seconds:
        written += disk.fill()
        time.sleep(0.02)
    disk.empty()
    fault.end = time.monotonic()
    fault.notes.append(f"media tmpfs filled with {written / 1024:.0f} KiB for {seconds:.0f} s")


# --- Verdicts ---------------------------------------------------------------------------------

EXPECTED = {
    "read_anonymous": {200},
    "read_member": {200},
    "comment_post": {302},
    "survey_form": {200},
    "survey_answers": {302},
    "survey_confirm": {200},
    "survey_submit": {302},
    "profile_form": {200},
    "avatar_upload": {302},
}


def failed(row):
    return row.status is None or row.status not in EXPECTED.get(row.kind, {200, 302})


def in_flight(row, fault):
    for start, end in fault.moments:
        slack = 1.0 if row.status is None else 0.0
        if row.start <= end + slack and row.end >= start:
            return True
    return False


def clean(row):
    return any(text in row.excerpt for text in CLEAN_PAGES) and "Traceback" not in row.excerpt


def judge(rows, faults, *, disk_fault):
    """Print the verdict per fault; returns the number of violations."""
    violations = 0
    failures = [r for r in rows if failed(r)]
    attributed = set()
    for fault in faults:
        mine = [r for r in failures if in_flight(r, fault)]
        attributed.update(id(r) for r in mine)
        if fault is disk_fault:
            violations += judge_disk(rows, fault)
            continue
        statuses = Counter("conn" if r.status is None else r.status for r in mine)
        unclean = [r for r in mine if r.status and r.status >= 500 and not clean(r)]
        after = [r for r in rows if r.start >= fault.end and not failed(r)]
        recovered = min((r.end for r in after), default=None)
        recovery = None if recovered is None else recovered - fault.end
        ok = not unclean and recovery is not None and recovery <= RECOVERY_LIMIT
        violations += not ok
        print(f"\n  fault {fault.name}: {'PASS' if ok else 'FAIL'}")
        for note in fault.notes:
            print(f"    {note}")
        print(
            f"    in-flight requests failed: {sum(statuses.values())} {dict(statuses)}; "
            f"by kind {dict(Counter(r.kind for r in mine))}"
        )
        print(f"    5xx without the clean error page: {len(unclean)}")
        for row in unclean[:3]:
            print(f"      {row.kind} {row.status}: {row.excerpt[:300]!r}")
        shown = "never" if recovery is None else f"{recovery:.2f} s"
        print(
            f"    a request succeeded again {shown} after the fault ended (limit {RECOVERY_LIMIT})"
        )
    stray = [r for r in failures if id(r) not in attributed and r.kind != "avatar_upload"]
    print(f"\n  failures outside every fault: {len(stray)}")
    for row in stray[:10]:
        print(f"    {row.kind} {row.status} at {row.start:.1f}: {row.excerpt[:200]!r}")
    return violations + bool(stray)


def judge_disk(rows, fault):
    uploads = [r for r in rows if r.kind == "avatar_upload"]
    during = [r for r in uploads if fault.start <= r.start and r.end <= fault.end]
    before = [r for r in uploads if r.end < fault.start]
    after = [r for r in uploads if r.start > fault.end]
    refused = [r for r in during if r.status == 200 and r.excerpt]
    bad = [r for r in during if r.status is None or r.status >= 500]
    saved_after = [r for r in after if r.status == 302]
    recovery = min((r.end for r in saved_after), default=None)
    others = [r for r in rows if r.kind != "avatar_upload" and fault.start <= r.start <= fault.end]
    others_failed = [r for r in others if failed(r)]
    ok = bool(during) and not bad and not others_failed and recovery is not None
    print(f"\n  fault disk: {'PASS' if ok else 'FAIL'}")
    for note in fault.notes:
        print(f"    {note}")
    print(
        f"    uploads: before {dict(Counter(r.status for r in before))}, while full "
        f"{dict(Counter(r.status for r in during))}, after {dict(Counter(r.status for r in after))}"
    )
    print(f"    refused with a message while full: {len(refused)}; 5xx or broken: {len(bad)}")
    for row in refused[:1]:
        print(f"      message: {row.excerpt[:200]}")
    for row in bad[:2]:
        print(f"      {row.status}: clean page {clean(row)}; {row.excerpt[:200]!r}")
    print(
        f"    other requests while full: {len(others)}, failed {len(others_failed)} "
        f"{dict(Counter(r.status for r in others_failed))}"
    )
    shown = "never" if recovery is None else f"{recovery - fault.end:.2f} s"
    print(f"    a picture was saved again {shown} after the disk was emptied")
    return not ok


def inject(fault, *, server, recorder, services, disk, args):
    if fault.name == "worker":
        inject_worker_kill(server, recorder, fault)
    elif fault.name == "postgres":
        inject_postgres_restart(services, fault)
    elif fault.name == "redis":
        inject_redis_outage(services, fault, args.outage)
    elif fault.name == "disk":
        inject_disk_full(disk, fault, args.outage)
    else:
        raise SystemExit(f"unknown fault {fault.name!r}")


def close_connections():
    from django.db import connections

    connections.close_all()


# --- The run ----------------------------------------------------------------------------------


def run_faults(args, site, server, services, disk):
    recorder, ledger = TimedRecorder(), Ledger(uuid.uuid4().hex[:10])
    people = members_sign_in(site, server.base, threads=8, recorder=recorder)
    uploaders_people, people = people[:UPLOADERS], people[UPLOADERS:]
    between, per_address = pacing()
    close_connections()  # PostgreSQL's restart would break it
    pool = MemberPool(people, pacing=between, per_address=per_address)
    recorder.rows.clear()
    far = time.monotonic() + 3600
    users = [
        VirtualUser(
            n,
            site=site,
            base=server.base,
            pool=pool,
            recorder=recorder,
            ledger=ledger,
            stop_at=far,
        )
        for n in range(args.users)
    ]
    for user in users:
        user.client = TrackingClient(server.base)
    stop = threading.Event()
    uploaders = [
        Uploader(p, base=server.base, recorder=recorder, stop=stop) for p in uploaders_people
    ]
    wanted = args.faults.split(",")
    faults, disk_fault = [], None
    started = time.monotonic()
    for thread in [*users, *uploaders]:
        thread.start()
    try:
        time.sleep(args.gap / 2)
        for name in wanted:
            fault = Fault(name)
            print(f"  {time.monotonic() - started:5.1f} s: fault {name}", flush=True)
            if name == "disk" and not disk.mounted:
                print(f"    skipped: no tmpfs on the media directory ({disk.why_not})")
                continue
            inject(fault, server=server, recorder=recorder, services=services, disk=disk, args=args)
            disk_fault = fault if name == "disk" else disk_fault
            faults.append(fault)
            time.sleep(args.gap)
    finally:
        for user in users:
            user.stop_at = 0
        stop.set()
        for thread in [*users, *uploaders]:
            thread.join(timeout=60)
    elapsed = time.monotonic() - started
    counts = sum((user.counts for user in users), Counter())
    errors = report(
        summarise(recorder.as_triples(), elapsed), elapsed=elapsed, users=args.users, counts=counts
    )
    print(f"  ({errors} failed requests in all; which faults they belong to below)")
    for fault in faults:
        fault.start -= started
        fault.end -= started
        fault.moments = [(a - started, b - started) for a, b in fault.moments]
    for row in recorder.rows:
        row.start -= started
        row.end -= started
    print(f"\nFaults ({', '.join(f'{f.name} at {f.start:.1f} s' for f in faults)})")
    violations = judge(recorder.rows, faults, disk_fault=disk_fault)
    return ledger, violations


def main(argv=None):
    args = parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("load_faults.py restarts PostgreSQL and Redis and mounts a tmpfs: root.")
    if args.restore:
        Services(saved=Services.SAVED.exists()).restore()
        return 0
    services = Services()
    try:
        with prepared_site(members=args.members + UPLOADERS + 1, redis_db=args.redis_db) as site:
            disk = MediaDisk(site.workdir / "media")
            try:
                violations, ledger = faulted_run(args, site, services, disk)
            finally:
                disk.unmount()
                services.restore()  # before the database is dropped
            close_connections()
            missing, doubled, partial = reconcile(ledger)
    finally:
        services.restore()
    bad = bool(violations or missing or doubled or partial)
    print("\nFAIL" if bad else "\nPASS")
    return 1 if bad else 0


def faulted_run(args, site, services, disk):
    if not disk.mount():
        print(f"Cannot mount a tmpfs on the media directory: {disk.why_not}")
    with gunicorn_server(site, name="faults") as server:
        workers = len(server.worker_pids())
        print(f"gunicorn on {server.base}: {workers} {server.worker_class} workers")
        ledger, violations = run_faults(args, site, server, services, disk)
        problems = server.log_problems()
        unreachable = sum("unreachable" in line for line in problems)
        print(
            f"\nServer log: {len(problems)} error lines, {unreachable} of them "
            f"'unreachable' ({server.log_path.name})"
        )
        for line in [p for p in problems if "unreachable" not in p][:6]:
            print(f"  {line[:300]}")
        for line in problems:
            if "No space left" in line:
                print(f"  disk full: {line[:200]} … {line[-400:]}")
                break
        if args.keep_log:
            shutil.copy(server.log_path, args.keep_log)
            print(f"  server log kept as {args.keep_log}")
    return violations, ledger


if __name__ == "__main__":
    sys.exit(main())
