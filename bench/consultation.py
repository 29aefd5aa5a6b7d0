"""What a consultation's grouping board and its published outcome page cost with 200 opinions
and with 2,000 (issue 21).

A throwaway site holds an ended topic whose opinions staff have grouped: about one in eight
opinions stays ungrouped, the rest sit in groups of about fifteen, each answered, some with
quotes and follow-up notes; the outcome page is published. With 200 opinions, then after
adding 1,800 more (and their groups, republished):

1. SQL queries per request of the board (a Responder, GET /admin/consultations/<id>/) and of the
   outcome page (an anonymous reader; the page cache is off in bench.settings). They must be the
   same at both sizes: if not, the benchmark exits with status 1 (a correctness check of the
   screens, not a timing assertion).
2. Median server time per request (Django's test client, warm), and its ratio to the plain
   SELECTs the screen needs, timed in the same run: for the board, the source's opinions and
   the consultation's grouped opinions and groups (three statements, rows fetched, no ORM
   objects, no template); for the outcome page, the page's row with its table (one statement).
3. Server time per paper sheet keyed in (a Responder, the demo's nine-question survey, the
   first choice of every question and a short text: POST /admin/survey-results/<id>/key-in/).

Run alone with `.venv/bin/python bench/consultation.py [--opinions 2000 --small 200 --renders N]`;
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
from datetime import date, timedelta
from pathlib import Path

SEED = 20261206
RENDERS = 15
SHEETS = 40
GROUP_SIZE = 15
UNGROUPED_SHARE = 8  # one opinion in eight stays in no group
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a made-up authenticator
PHRASES = [
    "公民館で開いてほしいです。",
    "土曜日にも窓口を開けてください。",
    "バスの本数が少なく本庁まで行けません。",
    "オンラインで完結できるようにしてほしい。",
    "職員の方の説明がとても丁寧でした。",
    "高齢の家族に付き添って行くのが大変です。",
    "商店街の空き店舗を会場に使ってはどうでしょうか。",
    "予約制にして待ち時間を短くしてほしい。",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="bench.settings", help="Django settings module")
    parser.add_argument("--opinions", type=int, default=2000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--renders", type=int, default=RENDERS)
    parser.add_argument("--sheets", type=int, default=SHEETS)
    args = parser.parse_args()
    if not 0 < args.small < args.opinions:
        parser.error("--small must be positive and below --opinions")
    return args


# --- The site -----------------------------------------------------------------------------------


def site_build():
    """Home → 意見交換 → an ended topic; 意見募集の結果 → its outcome page; a Responder with an
    authenticator app; members who wrote the opinions."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Page, Site

    from articles.models import HomePage
    from community.models import TopicIndexPage, TopicPage, User
    from consultations.models import ConsultationIndexPage, ConsultationPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="寄り合い", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    topics = home.add_child(instance=TopicIndexPage(title="意見交換", slug="topics"))
    now = timezone.now()
    topic = topics.add_child(
        instance=TopicPage(
            title="出張窓口の会場",
            slug="desk",
            question="出張申請窓口をどこで開くとよいと思いますか。",
            starts_at=now - timedelta(days=40),
            ends_at=now - timedelta(days=10),
        )
    )
    topic.save_revision().publish()
    outcomes = home.add_child(
        instance=ConsultationIndexPage(title="意見募集の結果", slug="outcomes")
    )
    outcome = outcomes.add_child(
        instance=ConsultationPage(title="出張窓口へのご意見と市の考え方", slug="desk", source=topic)
    )
    responder = User.objects.create_user(username="responder", email="responder@example.jp")
    responder.groups.add(Group.objects.get(name="Responders"))
    Authenticator.objects.create(
        user=responder, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)}
    )
    members = User.objects.bulk_create(
        User(username=f"member{n}", email=f"member{n}@example.jp", display_name=f"住民{n}")
        for n in range(200)
    )
    return topic, ConsultationPage.objects.get(pk=outcome.pk), responder, members


def opinions_add(rng, topic, members, count):
    """`count` more published opinions on `topic`, a sentence or three each."""
    from community.models import Comment
    from core.sanitising import plain_text_to_html

    opinions = []
    for _n in range(count):
        text = "".join(rng.sample(PHRASES, rng.randint(1, 3)))
        opinions.append(
            Comment(
                page=topic,
                author=rng.choice(members),
                body_source=text,
                body_html=plain_text_to_html(text),
                stance=rng.choice(["agree", "neutral", "disagree"]),
            )
        )
    return Comment.objects.bulk_create(opinions)


def groups_add(rng, outcome, opinions):
    """Groups of about GROUP_SIZE of `opinions`, each answered, one in three with a quote and a
    follow-up note; every UNGROUPED_SHARE-th opinion left out. Then the page is republished."""
    from consultations import services
    from consultations.models import Disposition

    dispositions = list(Disposition.objects.all())
    grouped = [o for n, o in enumerate(opinions) if n % UNGROUPED_SHARE]
    for start in range(0, len(grouped), GROUP_SIZE):
        chunk = grouped[start : start + GROUP_SIZE]
        group = services.group_create(
            consultation=outcome,
            summary=f"{chunk[0].body_source[:30]}という意見",
            keys=[f"c{opinion.pk}" for opinion in chunk],
        )
        services.group_update(
            group=group,
            summary=group.summary,
            view="<p>ご意見を踏まえ、来年度の会場と日程を検討します。</p>",
            disposition=rng.choice(dispositions),
            progress="considering",
        )
        if start % (3 * GROUP_SIZE) == 0:
            member = group.members.first()
            services.quotes_set(group=group, quotes={member.pk: "○○で開いてほしいです。"})
            services.progress_note_add(
                group=group,
                progress="underway",
                note="会場の候補を自治会と相談しました。",
                noted_on=date.today(),
                author=None,
            )
    outcome.save_revision().publish()


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


def plain_selects(statements):
    """A function running `statements` ((sql, params)…) and fetching every row."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


def board_selects(outcome):
    """The rows the board shows, as plain SELECTs: the opinions, the grouped ones, the groups."""
    return [
        (
            "SELECT id, body_source, created_at, stance FROM community_comment "
            "WHERE page_id = %s AND depth = 1 AND status = 'published' AND NOT is_official "
            "ORDER BY created_at, id",
            [outcome.source_id],
        ),
        (
            "SELECT m.id, m.group_id, m.comment_id, m.answer_id, m.quoted, m.quote "
            "FROM consultations_groupedopinion m JOIN consultations_opiniongroup g "
            "ON g.id = m.group_id WHERE g.consultation_id = %s",
            [outcome.pk],
        ),
        (
            "SELECT id, position, summary, view, disposition_id, progress "
            "FROM consultations_opiniongroup WHERE consultation_id = %s ORDER BY position, id",
            [outcome.pk],
        ),
    ]


def page_selects(outcome):
    return [
        (
            'SELECT p.page_ptr_id, p."table" FROM consultations_consultationpage p '
            "WHERE p.page_ptr_id = %s",
            [outcome.pk],
        )
    ]


def measure(client, reader, outcome, renders):
    """Queries, median ms and the plain SELECTs' median ms of the board and the page."""
    screens = {
        "board": (client, f"/admin/consultations/{outcome.pk}/", board_selects(outcome)),
        "outcome page": (reader, outcome.url, page_selects(outcome)),
    }
    figures = {}
    for name, (who, url, statements) in screens.items():
        who.get(url)  # what the first request of a process caches is not counted
        status, sql = queries_of(who, url)
        assert status == 200, (name, status)
        figures[name] = {
            "queries": len(sql),
            "ms": median_ms(lambda who=who, url=url: who.get(url), renders),
            "plain_ms": median_ms(plain_selects(statements), renders),
        }
    return figures


def print_report(small, large, sizes):
    print()
    print("Grouping board and outcome page (median ms per request; plain = the SELECTs alone)")
    print(f"{'screen':<14}{'opinions':>9}{'queries':>9}{'ms':>9}{'plain ms':>10}{'÷ plain':>9}")
    for name in ("board", "outcome page"):
        for size, figures in zip(sizes, (small, large), strict=True):
            row = figures[name]
            ratio = row["ms"] / row["plain_ms"] if row["plain_ms"] else float("inf")
            print(
                f"{name:<14}{size:>9,}{row['queries']:>9}{row['ms']:>9.1f}"
                f"{row['plain_ms']:>10.2f}{ratio:>9.1f}"
            )
        same = small[name]["queries"] == large[name]["queries"]
        growth = large[name]["ms"] / small[name]["ms"]
        print(
            f"  {name}: queries {'the same' if same else 'DIFFER'} at both sizes; "
            f"time ×{growth:.2f} for ×{sizes[1] / sizes[0]:.0f} the opinions"
        )


def survey_build(parent):
    """The demo's survey (nine questions of seven kinds) under `parent`, published."""
    from surveys.demo import QUESTIONS
    from surveys.models import SurveyIndexPage, SurveyPage

    index = parent.add_child(instance=SurveyIndexPage(title="アンケート", slug="surveys"))
    survey = index.add_child(
        instance=SurveyPage(title="オンライン化のアンケート", slug="online", questions=QUESTIONS)
    )
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def sheet_data(survey, number):
    """What staff type for one paper sheet: its number, 紙, and the first choice (or a short
    text, or a number) for every question."""
    from django import forms

    from surveys.forms import KeyInForm

    data = {"reference": f"B-{number}", "channel": "paper"}
    for name, field in KeyInForm(survey=survey).fields.items():
        if name in data:
            continue
        choices = [value for value, _label in getattr(field, "choices", []) if value != ""]
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = [choices[0]]
        elif choices:
            data[name] = choices[0]
        elif isinstance(field, forms.DecimalField | forms.IntegerField):
            data[name] = "3"
        else:
            data[name] = "窓口を増やしてほしい"
    return data


def key_in_measure(client, survey, sheets):
    """Median ms of server time per sheet keyed in (POST and its redirect answered)."""
    url = f"/admin/survey-results/{survey.pk}/key-in/"
    client.get(url)
    samples = []
    for number in range(sheets):
        data = sheet_data(survey, number)
        started = time.perf_counter()
        response = client.post(url, data)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.content.decode()[:2000]
    return statistics.median(samples)


def run(args):
    from django.test import Client

    rng = random.Random(SEED)
    topic, outcome, responder, members = site_build()
    client, reader = Client(), Client()
    client.force_login(responder)
    print(f"Writing {args.small:,} opinions and their groups …", flush=True)
    groups_add(rng, outcome, opinions_add(rng, topic, members, args.small))
    small = measure(client, reader, outcome, args.renders)
    print(f"Writing {args.opinions - args.small:,} more …", flush=True)
    groups_add(rng, outcome, opinions_add(rng, topic, members, args.opinions - args.small))
    large = measure(client, reader, outcome, args.renders)
    print_report(small, large, (args.small, args.opinions))
    survey = survey_build(outcome.get_parent().get_parent())
    print(f"Keying in {args.sheets} paper sheets of a nine-question survey …", flush=True)
    per_sheet = key_in_measure(client, survey, args.sheets)
    print(f"  server time per keyed sheet: {per_sheet:.1f} ms (median)")
    return all(small[name]["queries"] == large[name]["queries"] for name in small)


def main():
    args = parse_args()
    os.environ.pop("DATABASE_URL", None)  # bench.settings: SQLite, a throwaway file
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from bench.run import django_start

    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-consultation-"))
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
