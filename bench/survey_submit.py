"""Survey submissions per second against PostgreSQL, next to a bare view that inserts one row.

`python bench/survey_submit.py [--clients 8] [--seconds 15] [--workers 2]` (also part of
`make bench`) creates a throwaway PostgreSQL database (PostgreSQL on 127.0.0.1:5432, user
postgres, as on CI machines; without it the benchmark says so and stops), migrates it, builds
a one-step survey of 20 questions (every type a browser fills from its form alone: choices,
dropdowns, ratings, NPS, a matrix, texts, a number, a date, a prefecture), and serves it with
gunicorn (bench settings on that database).

Each client is a browser of its own (cookies, CSRF token) answering the survey as a person
does: GET the form, POST the answers (kept as a draft), GET the confirmation, POST it, land on
the thank-you page. It keeps a ledger of the submission tokens of every thank-you page it
reached. The baseline is the same number of clients POSTing to /bench/insert/, a bare view
that inserts one row. Afterwards the database must hold exactly one response per ledger entry
(none lost, none doubled) and 20-odd answers each; otherwise the run exits with status 1.

Then `response_submit` alone, in this process on the same database, with the answers a client
sends: `--service-submissions` with the results' tallies' delta (decision 0014) and as many
without it (patched out, as before), alternating one by one; the ratio of their medians.
"""

import argparse
import http.client
import http.cookiejar
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
SURVEY_SLUG = "bench-survey"
TEXT = "窓口の待ち時間が短くなりました。<b>予約制</b>は便利です。"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=15, help="load per target")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--service-submissions", type=int, default=150, help="in-process, of each kind"
    )
    return parser.parse_args()


# --- The database and the survey ---------------------------------------------------------------


def database_create(name):
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **PG) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(name):
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **PG) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _choice(text, *choices):
    return {"text": text, "required": True, "choices": list(choices)}


QUESTIONS = [
    ("single_choice", _choice("お住まいの地域の規模", "市", "町", "村")),
    ("single_choice", _choice("電子申請を使ったことは", "ある", "ない")),
    ("single_choice", _choice("窓口に行く頻度", "月1回以上", "年数回", "ほとんどない")),
    ("single_choice", _choice("情報を得る手段", "広報誌", "ウェブ", "SNS", "口コミ")),
    ("multiple_choice", _choice("使ったことのある手続き", "住民票", "児童手当", "税", "介護")),
    ("multiple_choice", _choice("不便に感じること", "待ち時間", "書類", "開庁時間")),
    ("multiple_choice", _choice("期待する機能", "予約", "通知", "オンライン決済")),
    ("dropdown", _choice("年代", "10代", "20代", "30代", "40代", "50代以上")),
    ("dropdown", _choice("職業", "会社員", "自営業", "公務員", "学生", "その他")),
    ("rating", {"text": "窓口の満足度", "required": True, "scale": "5"}),
    ("rating", {"text": "ウェブの使いやすさ", "required": True, "scale": "10"}),
    ("rating", {"text": "説明のわかりやすさ", "required": True, "scale": "5"}),
    ("nps", {"text": "この町の手続きを友人に勧めますか", "required": True}),
    (
        "matrix",
        {
            "text": "次のことについてどう思いますか",
            "required": True,
            "rows": ["手続きが速い", "職員が親切", "案内がわかりやすい"],
            "scale": ["そう思わない", "どちらでもない", "そう思う"],
        },
    ),
    ("short_text", {"text": "お住まいの町名", "required": True}),
    ("short_text", {"text": "よく使う窓口", "required": False}),
    ("long_text", {"text": "ご意見をお聞かせください", "required": False}),
    ("number", {"text": "窓口での待ち時間（分）", "required": True, "min_value": 0, "unit": "分"}),
    ("date", {"text": "最後に窓口へ行った日", "required": False}),
    ("prefecture", {"text": "お住まいの都道府県", "required": True}),
]


def survey_build():
    """Home → アンケート → the 20-question survey, published; returns its URL path."""
    from bench.content import survey_publish

    survey = survey_publish(
        title="行政手続きのアンケート",
        slug=SURVEY_SLUG,
        questions=[(kind, value) for kind, value in QUESTIONS],
    )
    return survey.url


# --- A browser ----------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of the first form whose action matches, as a browser would send them when
    a person picks the first choice of everything and types into every text box."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": [], "radios": set()}
            self.forms.append(self._form)
        elif self._form is not None:
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name, kind = attrs.get("name"), (attrs.get("type") or "text").lower()
        if tag == "input" and name:
            self._input(name, kind, attrs)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self._form["fields"].append((self._select, attrs["value"]))
            self._select = None
        elif tag == "textarea" and name:
            self._form["fields"].append((name, TEXT))

    def _input(self, name, kind, attrs):
        fields = self._form["fields"]
        if kind in ("radio", "checkbox"):
            if name not in self._form["radios"] and not name.endswith("other_text"):
                self._form["radios"].add(name)
                fields.append((name, attrs.get("value", "on")))
        elif kind == "hidden" or kind == "submit":
            if attrs.get("value") is not None:
                fields.append((name, attrs["value"]))
        elif kind == "number":
            fields.append((name, "15"))
        elif kind == "date":
            fields.append((name, "2026-10-01"))
        elif not name.endswith("other_text") and name != "website":
            fields.append((name, TEXT[:20]))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


class Browser:
    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def post_form(self, page_url, html, action_re):
        parser = FormParser()
        parser.feed(html)
        form = next(f for f in parser.forms if re.search(action_re, f["action"] or page_url))
        action = urllib.parse.urljoin(page_url, form["action"] or page_url)
        data = urllib.parse.urlencode(form["fields"]).encode()
        # The URL is the local gunicorn's, joined from the page it served.
        request = urllib.request.Request(action, data=data, headers={"Referer": page_url})  # noqa: S310
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()


def answer_once(browser, survey_path):
    """One respondent's whole path; the submission token of the thank-you page reached."""
    url, html = browser.get(survey_path)
    url, html = browser.post_form(url, html, r"step|" + re.escape(survey_path))
    if "/confirm/" not in url:
        raise RuntimeError(f"answers refused at {url}")
    token = re.search(r'name="submission_token" value="([0-9a-f-]+)"', html).group(1)
    url, html = browser.post_form(url, html, r"confirm")
    if "/thanks/" not in url:
        raise RuntimeError(f"not sent: {url}")
    return token


def _respondent(base, survey_path, stop_at, ledger, errors):
    browser = Browser(base)
    while time.perf_counter() < stop_at:
        try:
            ledger.append(answer_once(browser, survey_path))
        except (OSError, RuntimeError, AttributeError, StopIteration, http.client.HTTPException):
            errors.append(sys.exc_info()[1])


def _inserter(base, stop_at, ledger, errors):
    while time.perf_counter() < stop_at:
        try:
            url = base + "/bench/insert/"  # the local gunicorn
            with urllib.request.urlopen(url, data=b"x=1", timeout=60) as response:  # noqa: S310
                response.read()
            ledger.append(1)
        except (OSError, http.client.HTTPException):
            errors.append(sys.exc_info()[1])


def drive(target, args, *extra):
    ledger, errors, started = [], [], time.perf_counter()
    threads = [
        threading.Thread(
            target=target, args=(*extra, started + args.seconds, ledger, errors), daemon=True
        )
        for _ in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return ledger, errors, elapsed


# --- The run --------------------------------------------------------------------------------------


def run(args, workdir, database):
    from bench.load import gunicorn_server

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "BENCH_DATABASE_PATH": str(workdir / "unused.sqlite3"),
        "BENCH_MEDIA_ROOT": str(workdir / "media"),
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_row (id bigserial PRIMARY KEY, at timestamptz)")
    survey_path = survey_build()
    connection.close()
    with gunicorn_server(env=env, cwd=REPO, workers=args.workers, ready_path="/bench/hello/") as p:
        base = f"http://127.0.0.1:{p}"
        answer_once(Browser(base), survey_path)  # warm-up; counted in the check below
        survey = drive(_respondent, args, base, survey_path)
        bare = drive(_inserter, args, base)
        data = form_data(Browser(base), survey_path)
    ok = report(args, survey, bare)
    service_report(service_times(data, args.service_submissions))
    return ok


# --- The service alone, with and without the results' tallies ---------------------------------


def form_data(browser, survey_path):
    """The answers a client sends, as the QueryDict the survey's form reads."""
    from django.http import QueryDict

    _url, html = browser.get(survey_path)
    parser = FormParser()
    parser.feed(html)
    data = QueryDict(mutable=True)
    for name, value in next(form for form in parser.forms if form["fields"])["fields"]:
        data.appendlist(name, value)
    return data


def service_times(data, submissions):
    """Seconds per `response_submit` (one transaction: the response, its 22 answers and, since
    decision 0014, its tallies' delta), in-process, `submissions` with the delta and as many
    without it (patched out: the submission before), alternating one by one (ABBA), so both
    meet the same load."""
    from unittest import mock

    from django.contrib.auth.models import AnonymousUser

    from surveys.forms import survey_plan
    from surveys.models import SurveyPage
    from surveys.services import response_submit

    survey = SurveyPage.objects.get(slug=SURVEY_SLUG)
    answers = survey_plan(survey=survey, data=data).answers
    times = {"with tallies": [], "without": []}
    patch = mock.patch("surveys.services.response_delta_append")
    for number in range(submissions * 2):
        tallies = number % 4 in (0, 3)  # ABBA: neither side always goes first
        if not tallies:
            patch.start()
        started = time.perf_counter()
        response_submit(
            survey=survey,
            respondent=AnonymousUser(),
            answers=answers,
            submission_token=uuid.uuid4(),
        )
        times["with tallies" if tallies else "without"].append(time.perf_counter() - started)
        if not tallies:
            patch.stop()
    return times


def service_report(times):
    """Medians (load spikes aside) and means (which also carry the merge that one delta in
    MERGE_EVERY runs on commit under the immediate task backend)."""
    import statistics

    print("  response_submit in-process (ms; same run, alternating one by one):")
    print(f"    {'':<14}{'median':>8}{'mean':>8}")
    figures = {}
    for name, values in times.items():
        figures[name] = (statistics.median(values) * 1000, statistics.fmean(values) * 1000)
        print(f"    {name:<14}{figures[name][0]:8.1f}{figures[name][1]:8.1f}")
    ratios = [figures["with tallies"][i] / figures["without"][i] for i in (0, 1)]
    print(
        f"  ratio with ÷ without the tallies' delta: {ratios[0]:.3f} (medians), "
        f"{ratios[1]:.3f} (means); goal ≤ 1.10"
    )


def report(args, survey, bare):
    from surveys.models import Answer, Response

    ledger, errors, elapsed = survey
    rows, bare_errors, bare_elapsed = bare
    submitted = len(ledger) + 1  # and the warm-up
    responses, answers = Response.objects.count(), Answer.objects.count()
    distinct = len(set(ledger))
    per_second = len(ledger) / elapsed
    bare_per_second = len(rows) / bare_elapsed
    print(f"Survey of {len(QUESTIONS)} questions, {args.clients} clients, {args.workers} workers")
    print(f"  submissions       {len(ledger):6d} in {elapsed:5.1f} s = {per_second:7.1f} /s")
    print(
        f"  bare insert view  {len(rows):6d} in {bare_elapsed:5.1f} s = {bare_per_second:7.1f} /s"
    )
    print(f"  ratio submissions / inserts: {per_second / bare_per_second:.3f}")
    print(f"  errors: survey {len(errors)}, bare {len(bare_errors)}")
    print(f"  ledger {submitted} (distinct tokens {distinct + 1}); responses stored {responses}")
    print(f"  answers stored {answers} ({answers / max(responses, 1):.1f} per response)")
    ok = responses == submitted and distinct == len(ledger)
    print("  Every response counted exactly once." if ok else "  MISMATCH: lost or doubled!")
    if not ledger:  # a run too short to submit anything proves nothing
        print("  FAIL: no client reached a thank-you page; the ledger proves nothing")
        ok = False
    for error in errors[:3]:
        print(f"  e.g. {error!r}")
    return ok


def main():
    args = parse_args()
    sys.path.insert(0, str(REPO))
    database = f"yoriai_bench_{uuid.uuid4().hex[:8]}"
    try:
        database_create(database)
    except Exception as error:  # any reason the server is not there
        print(f"Survey submissions: skipped, PostgreSQL not reachable ({error}).")
        return
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-survey-"))
    try:
        ok = run(args, workdir, database)
    finally:
        from django.db import connections

        connections.close_all()
        database_drop(database)
        shutil.rmtree(workdir, ignore_errors=True)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
