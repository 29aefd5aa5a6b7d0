"""What sending a staff announcement costs, at `--small` members and at `--members` (issue 23).

A throwaway site holds an article, a member of staff who may send announcements, and members of
one prefecture (東京都) who all take announcements: every fifth has LINE linked (their quiet
hours off, so that nothing is held), and they are e-mailed in the daily digest (no e-mail is
sent while measuring). An announcement to that prefecture is sent (outreach.announcements.
sending.announcement_send) with LINE not configured, so that only the announcement itself is
measured; then LINE is configured against a local LINE Messaging API (tests/outreach/line_api.py,
an HTTP server in a thread) and the deliveries of the large announcement are planned and sent by
this one process, as one worker would.

It prints, at each size:
1. Time to enqueue: members a second written as notifications and recipients, against a
   baseline measured in the same run (the same number of bare Notification rows inserted with
   one bulk_create per batch), and the ratio.
2. SQL queries per batch of 500 members of the announcement (counted as they run, not kept):
   they must be the same for every batch at both sizes, and so must the queries of planning
   deliveries per batch of notifications; the benchmark exits with status 1 if not.
3. Memory: tracemalloc's peak while sending, at both sizes, and the ratio (flat: ~1).
4. Deliveries a second to the local LINE endpoint by one worker (planning and sending), against
   bare POSTs of the same JSON to the same server in the same run, and the ratio.

Run alone with `.venv/bin/python bench/announcements.py [--members 50000 --small 5000]`;
`make bench` runs it at the CI size. Figures to read, not assertions.
"""

import argparse
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TOKYO = "13"
BATCH = 500  # outreach.announcements.sending.BATCH (checked when Django is up)
LINE_SHARE = 5  # every fifth member has LINE linked


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="bench.settings", help="Django settings module")
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=5_000, help="members at the small size")
    args = parser.parse_args()
    if not 0 < args.small < args.members:
        parser.error("--small must be positive and below --members")
    if args.small % BATCH or args.members % BATCH:
        parser.error(f"--small and --members must be multiples of {BATCH} (a batch)")
    return args


# --- The site -----------------------------------------------------------------------------------


def site_build():
    """Home → 記事 → one article; a member of staff who may send announcements."""
    from django.contrib.auth.models import Permission
    from wagtail.models import Site

    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        HomePageFactory,
        StaffUserFactory,
    )

    home = HomePageFactory()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    article = ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home))
    author = StaffUserFactory()
    author.user_permissions.add(Permission.objects.get(codename="send_announcement"))
    return {"article": article, "author": author}


def members_add(count, *, start):
    """`count` members of 東京都 (numbered from `start`), e-mailed in the digest; every fifth with
    LINE linked and no quiet hours. Returns their pks."""
    from django.contrib.auth.hashers import make_password

    from community.models import NotificationEmail, User
    from outreach.models import LineAccount, QuietHours

    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{number}",
                email=f"bench{number}@example.jp",
                password=password,
                display_name=f"会員{number}",
                prefecture=TOKYO,
                notification_email=NotificationEmail.DAILY,
            )
            for number in range(start, start + count)
        ],
        batch_size=2000,
    )
    linked = users[::LINE_SHARE]
    LineAccount.objects.bulk_create(
        [LineAccount(member=user, line_user_id=f"U{user.pk:032x}") for user in linked],
        batch_size=2000,
    )
    QuietHours.objects.bulk_create(
        [QuietHours(member=user, active=False) for user in linked], batch_size=2000
    )
    return [user.pk for user in users]


def announcement_new(site, *, title):
    from outreach.announcements.models import Announcement, AudienceCondition, ConditionKind

    announcement = Announcement.objects.create(
        title=title, text="5分で答えられます。", page=site["article"], created_by=site["author"]
    )
    AudienceCondition.objects.create(
        announcement=announcement, kind=ConditionKind.PREFECTURE, prefecture=TOKYO
    )
    return announcement


# --- 1–3. Sending the announcement -----------------------------------------------------------


def send_measure(site, *, title):
    """Send a new announcement to every member now; its seconds, queries per batch, peak memory
    and the notifications it made."""
    from django.db import connection
    from django.utils import timezone

    from outreach.announcements import sending
    from outreach.announcements.models import (
        Announcement,
        AnnouncementRecipient,
        AnnouncementStatus,
    )

    announcement = announcement_new(site, title=title)
    # Approved and due (submitting it would send it at once, from its task, unmeasured; above
    # ANNOUNCEMENT_APPROVAL_OVER it would wait for a second member of staff).
    Announcement.objects.filter(pk=announcement.pk).update(
        status=AnnouncementStatus.SCHEDULED, scheduled_at=timezone.now()
    )
    batches = BatchQueries()
    tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(batches):
        sent = sending.announcement_send(announcement_id=announcement.pk)
    seconds = time.perf_counter() - started
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ids = list(
        AnnouncementRecipient.objects.filter(announcement=announcement)
        .order_by("notification_id")
        .values_list("notification_id", flat=True)
    )
    return {
        "sent": sent,
        "seconds": seconds,
        "per_batch": batches.counts[:-1],
        "peak_mb": peak / 1e6,
        "notification_ids": ids,
    }


class BatchQueries:
    """Counts the queries of each batch of members without keeping them (a kept INSERT of 500
    rows would be most of the memory measured): a batch begins with the audience's SELECT of the
    next members not yet sent it (sending.announcement_send). The claim and the reading of the
    announcement come before the first batch and are not counted; the last "batch" is the
    empty SELECT that ends the run, left out by the caller (the sizes are multiples of BATCH)."""

    AUDIENCE = 'SELECT "community_user"."id" AS "pk" FROM "community_user"'

    def __init__(self):
        self.counts = []

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith(self.AUDIENCE):
            self.counts.append(0)
        if self.counts:
            self.counts[-1] += 1
        return execute(sql, params, many, context)


def baseline_measure(count):
    """Seconds to insert `count` bare notification rows, a bulk_create per batch of BATCH."""
    from community.models import Notification, NotificationKind, User
    from outreach.announcements.sending import BATCH

    member_ids = list(User.objects.order_by("pk").values_list("pk", flat=True)[:count])
    started = time.perf_counter()
    for start in range(0, len(member_ids), BATCH):
        Notification.objects.bulk_create(
            Notification(recipient_id=pk, kind=NotificationKind.ANNOUNCEMENT, title="基準")
            for pk in member_ids[start : start + BATCH]
        )
    seconds = time.perf_counter() - started
    Notification.objects.filter(title="基準").delete()
    return seconds


# --- 4. Deliveries to the local LINE endpoint -------------------------------------------------


def deliveries_measure(notification_ids):
    """Plan and send the LINE deliveries of `notification_ids` in this process; (deliveries,
    seconds, queries per planning batch)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from outreach.deliveries import SEND_BATCH, deliveries_plan, delivery_send

    started = time.perf_counter()
    planned, plan_queries = [], []
    for start in range(0, len(notification_ids), SEND_BATCH):
        chunk = notification_ids[start : start + SEND_BATCH]
        with CaptureQueriesContext(connection) as captured:
            planned += deliveries_plan(notification_ids=chunk)
        plan_queries.append(len(captured.captured_queries))
    sent = sum(delivery_send(delivery_id=pk) for pk in planned)
    return sent, time.perf_counter() - started, plan_queries


def bare_posts_measure(base_url, count):
    """Seconds for `count` bare JSON POSTs to the local LINE API's push address."""
    import requests

    body = {"to": "U" + "0" * 32, "messages": [{"type": "text", "text": "基準"}]}
    started = time.perf_counter()
    with requests.Session() as session:
        for _ in range(count):
            session.post(
                f"{base_url}/v2/bot/message/push", json=body, timeout=10
            ).raise_for_status()
    return time.perf_counter() - started


# --- Running ----------------------------------------------------------------------------------


def run(args):
    from django.conf import settings
    from django.test.utils import override_settings

    from outreach.announcements.sending import BATCH as SENDING_BATCH
    from tests.outreach.line_api import line_api_running

    if SENDING_BATCH != BATCH:
        raise SystemExit(f"bench/announcements.py: BATCH is {BATCH}, sending's {SENDING_BATCH}")
    site = site_build()
    results = {}
    with override_settings(LINE_MESSAGING_ACCESS_TOKEN="", LINE_MESSAGING_CHANNEL_SECRET=""):
        members_add(args.small, start=0)
        results["small"] = send_measure(site, title="少人数へのお知らせ")
        results["small"]["baseline"] = baseline_measure(args.small)
        members_add(args.members - args.small, start=args.small)
        results["large"] = send_measure(site, title="全員へのお知らせ")
        results["large"]["baseline"] = baseline_measure(args.members)
    with line_api_running(settings) as api:  # sets LINE's settings for the rest of the run
        sent, seconds, plan_queries = deliveries_measure(results["large"]["notification_ids"])
        pushes_seen = len(api.pushes())
        bare = bare_posts_measure(settings.LINE_API_BASE_URL, max(1, min(sent, 2000)))
        results["line"] = {
            "sent": sent,
            "seconds": seconds,
            "plan_queries": plan_queries,
            "pushes_seen": pushes_seen,
            "bare_per_second": max(1, min(sent, 2000)) / bare,
        }
    return results


def report(results, args):
    print("Announcements (issue 23): one announcement to every member of 東京都")
    print(
        f"   {'members':>8}{'seconds':>10}{'members/s':>11}{'baseline/s':>12}{'ratio':>8}"
        f"{'peak MB':>9}{'queries/batch':>15}"
    )
    rows = {}
    for label, count in (("small", args.small), ("large", args.members)):
        row = results[label]
        rate, base = row["sent"] / row["seconds"], count / row["baseline"]
        per_batch = sorted(set(row["per_batch"]))
        rows[label] = per_batch
        print(
            f"   {row['sent']:>8,}{row['seconds']:>10.1f}{rate:>11,.0f}{base:>12,.0f}"
            f"{rate / base:>8.2f}{row['peak_mb']:>9.1f}{per_batch!s:>15}"
        )
    small, large = results["small"], results["large"]
    print(
        f"   Memory, peak while sending at {args.members:,} ÷ at {args.small:,}: "
        f"{large['peak_mb'] / small['peak_mb']:.2f}"
    )
    line = results["line"]
    rate = line["sent"] / line["seconds"] if line["seconds"] else 0
    print(
        f"   LINE, one worker: {line['sent']:,} deliveries planned and sent in "
        f"{line['seconds']:.1f} s = {rate:,.0f}/s; bare POSTs to the same server "
        f"{line['bare_per_second']:,.0f}/s; ratio {rate / line['bare_per_second']:.2f}; "
        f"pushes the server saw {line['pushes_seen']:,}"
    )
    print(f"   Queries per planning batch: {sorted(set(line['plan_queries']))}")
    problems = []
    if len(set(rows["small"]) | set(rows["large"])) > 1:
        problems.append(f"queries per batch differ: {rows['small']} and {rows['large']}")
    if len(set(line["plan_queries"])) > 1:
        problems.append(f"queries per planning batch differ: {sorted(set(line['plan_queries']))}")
    if line["pushes_seen"] < line["sent"] or line["sent"] == 0:
        problems.append(f"{line['sent']} sent but the server saw {line['pushes_seen']} pushes")
    return problems


def main():
    args = parse_args()
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from bench.run import django_start

    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-announcements-"))
    try:
        print(f"Building a throwaway site in {workdir} …", flush=True)
        django_start(args.settings, workdir)
        results = run(args)
        print()
        problems = report(results, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for problem in problems:
        print(f"FAIL: {problem}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
