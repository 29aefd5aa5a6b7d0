"""What the event list, a popular event's page and check-in cost (issue 22).

A throwaway site holds an event index with `--small` events, then `--events`; and a popular
説明会 with `--small-registrations` registrations, then `--registrations` (stakeholder types
mixed, a fifth of them checked in). At each size:

1. SQL queries per request of the event list (an anonymous reader), the popular event's page
   (an anonymous reader, and a member registered for it) and a member of Event staff's check-in
   screen for it. They must be the same at both sizes: if not, the benchmark exits with status 1
   (a correctness check of the screens, not a timing assertion).
2. Median server time per request (Django's test client, warm; the page cache is off in
   bench.settings), as a ratio to a bare view's (/bench/hello/) timed in the same run.
3. Check-ins per second: a member of Event staff checking in `--check-ins` registrations, one
   POST each (the answer's redirect not followed), and the ratio of its median to hello's.

Run alone with `.venv/bin/python bench/events.py [--events 200 --registrations 5000]`;
`make bench` runs it. Figures to read, not assertions.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

SEED = 20261207
RENDERS = 15
CHECK_INS = 60
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a made-up authenticator
KINDS = ["briefing", "workshop", "desk", "online"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="bench.settings", help="Django settings module")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--small", type=int, default=20, help="events at the small size")
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--small-registrations", type=int, default=50)
    parser.add_argument("--renders", type=int, default=RENDERS)
    parser.add_argument("--check-ins", type=int, default=CHECK_INS)
    args = parser.parse_args()
    if not 0 < args.small < args.events:
        parser.error("--small must be positive and below --events")
    if not 0 < args.small_registrations < args.registrations:
        parser.error("--small-registrations must be positive and below --registrations")
    return args


# --- The site -----------------------------------------------------------------------------------


def site_build():
    """Home → イベント → the popular 説明会; a member of Event staff with an authenticator app; a
    member registered for the popular event."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Site

    from articles.models import HomePage
    from community.models import User
    from events.models import EventIndexPage
    from events.services import registration_create

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="寄り合い", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    index = home.add_child(instance=EventIndexPage(title="イベント", slug="events"))
    index.save_revision().publish()
    popular = event_add(index, 0, title="「書かない窓口」説明会", capacity=100_000)
    staff_group = Group.objects.get(name="Event staff")  # who edit the events under `index`
    staff = User.objects.create_user(username="staff", email="staff@example.jp")
    staff.groups.add(staff_group)
    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)}
    )
    member = User.objects.create_user(username="member", email="member@example.jp")
    registration_create(event=popular, member=member)
    return index, popular, staff, member


def event_add(index, number, *, title=None, capacity=40):
    """One published event `number` days from now (kinds in turn)."""
    from django.utils import timezone

    from events.models import EventPage

    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=number + 1)
    event = index.add_child(
        instance=EventPage(
            title=title or f"マイナンバーカード出張申請窓口 第{number}回",
            slug=f"event-{number}",
            kind=KINDS[number % len(KINDS)],
            lead="申請の手続きと書かない窓口の使い方を説明します。",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue_name="市役所本庁舎 3階 大会議室",
            venue_address="石川県七尾市袖ケ江町イ部25",
            capacity=capacity,
        )
    )
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def events_add(index, start, count):
    for number in range(start, start + count):
        event_add(index, number)


def registrations_add(rng, event, count):
    """`count` more registrations of people without an account, seated, a fifth checked in."""
    from django.db.models import F
    from django.utils import timezone

    from community.models import StakeholderType
    from events.models import EventSeats, Registration, RegistrationStatus

    start = Registration.objects.filter(event=event).count()
    now = timezone.now()
    types = [value for value, _label in StakeholderType.choices]
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"参加者{n}",
            email=f"guest{n}@example.jp",
            stakeholder_type=rng.choice(types),
            status=RegistrationStatus.REGISTERED,
            seated_at=now,
            checked_in_at=now if rng.random() < 0.2 else None,
        )
        for n in range(start, start + count)
    )
    EventSeats.objects.filter(event=event, slot_id="").update(taken=F("taken") + count)


# --- Measuring ----------------------------------------------------------------------------------


def queries_of(client, url):
    """(status, the SQL of one request) of `url`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, [query["sql"] for query in captured.captured_queries]


def median_ms(action, renders):
    """The median of `renders` timed calls of `action`, after one untimed."""
    action()
    samples = []
    for _n in range(renders):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(clients, index, popular, renders):
    """{screen: {queries, ms, hello_ms}}: each screen's queries and median, and hello's median
    timed right after it."""
    reader, member, staff = clients
    screens = {
        "event list": (reader, index.url),
        "event page (reader)": (reader, popular.url),
        "event page (member)": (member, popular.url),
        "check-in screen": (staff, f"/admin/events/{popular.pk}/check-in/"),
    }
    figures = {}
    for name, (who, url) in screens.items():
        who.get(url)  # what the first request of a process caches is not counted
        status, sql = queries_of(who, url)
        assert status == 200, (name, status)
        figures[name] = {
            "queries": len(sql),
            "ms": median_ms(lambda who=who, url=url: who.get(url), renders),
            "hello_ms": median_ms(lambda: reader.get("/bench/hello/"), renders),
        }
    return figures


def check_ins_measure(staff, popular, count):
    """(median ms per check-in POST, hello's median ms) over `count` registrations not yet in."""
    from django.test import Client

    from events.models import Registration

    waiting = list(
        Registration.objects.filter(event=popular, checked_in_at=None, walk_in=False)
        .exclude(member__isnull=False)
        .values_list("pk", flat=True)[:count]
    )
    samples = []
    for pk in waiting:
        started = time.perf_counter()
        response = staff.post(f"/admin/events/{popular.pk}/check-in/{pk}/")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    hello = median_ms(lambda: Client().get("/bench/hello/"), count)
    return statistics.median(samples), hello


def print_report(small, large, sizes):
    print()
    print("Event screens (median ms per request; hello = a bare view, timed beside each)")
    print(f"{'screen':<22}{'size':>14}{'queries':>9}{'ms':>9}{'hello ms':>10}{'hello ÷':>9}")
    for name in small:
        for size, figures in zip(sizes, (small, large), strict=True):
            row = figures[name]
            print(
                f"{name:<22}{size:>14}{row['queries']:>9}{row['ms']:>9.1f}"
                f"{row['hello_ms']:>10.2f}{row['hello_ms'] / row['ms']:>9.3f}"
            )
        same = small[name]["queries"] == large[name]["queries"]
        print(
            f"  {name}: queries {'the same' if same else 'DIFFER'} at both sizes; "
            f"time ×{large[name]['ms'] / small[name]['ms']:.2f}"
        )


def clients_for(staff, member):
    from django.test import Client

    reader, member_client, staff_client = Client(), Client(), Client()
    member_client.force_login(member)
    staff_client.force_login(staff)
    return reader, member_client, staff_client


def run(args):
    rng = random.Random(SEED)
    index, popular, staff, member = site_build()
    clients = clients_for(staff, member)
    events_add(index, 1, args.small - 1)
    registrations_add(rng, popular, args.small_registrations)
    small = measure(clients, index, popular, args.renders)
    print(f"Adding {args.events - args.small} events, {args.registrations:,} registrations …")
    events_add(index, args.small, args.events - args.small)
    registrations_add(rng, popular, args.registrations - args.small_registrations)
    large = measure(clients, index, popular, args.renders)
    sizes = (
        f"{args.small}/{args.small_registrations:,}",
        f"{args.events}/{args.registrations:,}",
    )
    print_report(small, large, sizes)
    per_check_in, hello = check_ins_measure(clients[2], popular, args.check_ins)
    print(
        f"\nCheck-in (POST, {args.check_ins} people, {args.registrations:,} registrations): "
        f"{per_check_in:.1f} ms median = {1000 / per_check_in:.0f} per second in one process; "
        f"hello {hello:.2f} ms, ratio {hello / per_check_in:.3f}"
    )
    return all(small[name]["queries"] == large[name]["queries"] for name in small)


def main():
    args = parse_args()
    os.environ.pop("DATABASE_URL", None)  # bench.settings: SQLite, a throwaway file
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from bench.run import django_start

    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-events-"))
    try:
        print(f"Building a throwaway site in {workdir} …", flush=True)
        django_start(args.settings, workdir)
        same = run(args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
