"""The production harness shared by bench/loadtest.py, bench/two_servers.py and
bench/load_bench.py: a throwaway PostgreSQL database and Redis database, the site seeded into
them, gunicorn started as production starts it, and an HTTP client that behaves like a browser
behind the site's TLS proxy.

Everything it starts it stops, and everything it creates it drops, also on errors, Ctrl-C and
SIGTERM (`prepared_site()` and `gunicorn_server()` are context managers).
"""

import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

from bench.load import stop_process_group

REPO = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
PORTS = range(8701, 8721)  # the loopback ports this harness may use
PASSWORD = "bench-password-寄り合い-2026"  # noqa: S105 (throwaway members)
SURVEY_TEXT = "窓口の予約制は便利です。"


def answers(host, port):
    """Whether something listens on host:port."""
    try:
        socket.create_connection((host, port), 2).close()
    except OSError:
        return False
    return True


def sigterm_as_exit():
    """Turn SIGTERM into SystemExit, so that `finally` blocks stop servers and drop databases."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


# --- Database, Redis, static files ------------------------------------------------------------


def _pg(sql):
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **PG) as conn:
        conn.execute(sql)


def redis_flush(db):
    import redis

    redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_timeout=3).flushdb()


@dataclass
class Site:
    """What `prepared_site()` made: the environment gunicorn runs with, and the seeded content."""

    env: dict
    workdir: Path
    article_ids: list = field(default_factory=list)
    article_paths: list = field(default_factory=list)
    survey_path: str = ""
    survey_id: int = 0
    contact_path: str = ""
    member_emails: list = field(default_factory=list)


def site_environment(*, database, redis_db, workdir):
    """The environment of a production server on loopback (and of this process's Django).
    `redis_db` None: no REDIS_URL (the local memory cache); `database` a path: SQLite."""
    env = _environment(database=database, redis_db=redis_db, workdir=workdir)
    if str(database).startswith("/"):
        env["DATABASE_URL"] = f"sqlite:///{database}"
    if redis_db is None:
        env.pop("REDIS_URL")
    return env


def _environment(*, database, redis_db, workdir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "SECRET_KEY": f"bench-{uuid.uuid4().hex}{uuid.uuid4().hex}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        "CACHE_KEY_PREFIX": f"bench-{database}",
        # One proxy in front (the client itself plays it): X-Forwarded-For names the client,
        # so that each virtual user counts against rate limits as an address of its own.
        "TRUSTED_PROXY_COUNT": "1",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


@contextmanager
def prepared_site(*, members, redis_db=12, articles=5, sqlite=False):
    """A migrated, seeded throwaway database (and a flushed Redis database `redis_db`), with
    this process's Django set up on it; yields a Site. Drops and flushes them afterwards.
    `sqlite`: the embedded default instead, a SQLite file in the work directory and no Redis
    (the local memory cache), as a site without DATABASE_URL and REDIS_URL runs."""
    if sqlite:
        with _sqlite_site(members=members, articles=articles) as site:
            yield site
        return
    if not (answers(PG["host"], PG["port"]) and answers(REDIS_HOST, REDIS_PORT)):
        raise SystemExit("PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 are needed.")
    sigterm_as_exit()
    database = f"yoriai_load_{uuid.uuid4().hex[:8]}"
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-load-"))
    _pg(f'CREATE DATABASE "{database}"')
    try:
        redis_flush(redis_db)
        env = site_environment(database=database, redis_db=redis_db, workdir=workdir)
        os.environ.update(env)
        sys.path.insert(0, str(REPO))
        site = Site(env=env, workdir=workdir)
        _django_prepare(site, members=members, articles=articles)
        yield site
    finally:
        _django_close()
        _pg(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        redis_flush(redis_db)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def _sqlite_site(*, members, articles):
    sigterm_as_exit()
    workdir = Path(tempfile.mkdtemp(prefix="yoriai-load-"))
    try:
        env = site_environment(database=workdir / "db.sqlite3", redis_db=None, workdir=workdir)
        os.environ.update(env)
        os.environ.pop("REDIS_URL", None)
        sys.path.insert(0, str(REPO))
        site = Site(env=env, workdir=workdir)
        _django_prepare(site, members=members, articles=articles)
        yield site
    finally:
        _django_close()
        shutil.rmtree(workdir, ignore_errors=True)


def _django_close():
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def _django_prepare(site, *, members, articles):
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    from tests.migrated import migrate

    migrate()  # from a copy migrated once, when there is one (tests/migrated.py)
    call_command("collectstatic", verbosity=0, interactive=False)
    seed(site, members=members, articles=articles)
    _django_close()
    print(f"Prepared the database and static files in {time.perf_counter() - started:.0f} s")


# --- Content ----------------------------------------------------------------------------------

PARAGRAPH = (
    "<p>窓口で申請書を受け取り、職員が基幹システムに手入力する。多くの自治体では、この流れが"
    "何十年も変わっていません。<b>電子申請</b>を入口に据えると、入力の手間だけでなく、"
    "記載漏れの確認や差し戻しの往復も減らせます。異なるご意見は大歓迎です。</p>"
)

SURVEY_QUESTIONS = [
    {
        "type": "single_choice",
        "value": {"text": "電子申請を使ったことは", "required": True, "choices": ["ある", "ない"]},
    },
    {
        "type": "multiple_choice",
        "value": {
            "text": "不便に感じること",
            "required": True,
            "choices": ["待ち時間", "書類", "開庁時間"],
        },
    },
    {"type": "rating", "value": {"text": "窓口の満足度", "required": True, "scale": "5"}},
    {"type": "short_text", "value": {"text": "お住まいの町名", "required": True}},
    {"type": "long_text", "value": {"text": "ご意見をお聞かせください", "required": False}},
]


def _article_body():
    blocks = []
    for n in range(12):
        blocks.append({"type": "heading", "value": f"見出し その{n + 1}"})
        blocks.append({"type": "paragraph", "value": PARAGRAPH})
    return blocks


def seed(site, *, members, articles):
    """Home, 記事一覧 with `articles` articles (24 body blocks and 20 comments each), a survey
    of five questions anyone may answer any number of times, a contact page, and `members`
    established members (verified e-mail, joined a month ago) who share PASSWORD."""
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings
    from django.utils import timezone

    from community.models import Comment, User
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        ContactPageFactory,
        HomePageFactory,
        SurveyIndexPageFactory,
        SurveyPageFactory,
        established_member,
    )

    # Made with a fast hasher, then all given one real hash: the server checks it as production
    # does (one PBKDF2 per login), without the seed paying for one per member.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        people = [established_member() for _ in range(members)]
    User.objects.filter(pk__in=[p.pk for p in people]).update(password=make_password(PASSWORD))
    site.member_emails = [p.email for p in people]

    home = HomePageFactory()
    index = ArticleIndexPageFactory(parent=home)
    for n in range(articles):
        article = ArticlePageFactory(
            parent=index, title=f"自治体DXの現場から 第{n + 1}回", body=_article_body()
        )
        article.save_revision().publish()
        for k in range(20):
            CommentFactory(page=article, author=random.choice(people), body_source=f"意見{k}")
        site.article_ids.append(article.pk)
        site.article_paths.append(article.url)
    # Written a day ago: the members' next comments are not held back by the site's pacing.
    Comment.objects.update(created_at=timezone.now() - timedelta(days=1))
    surveys = SurveyIndexPageFactory(parent=home)
    survey = SurveyPageFactory(
        parent=surveys, title="窓口についてのアンケート", questions=SURVEY_QUESTIONS
    )
    survey.one_response = False  # virtual users answer again and again
    survey.save()
    survey.save_revision().publish()
    site.survey_id, site.survey_path = survey.pk, survey.url
    contact = ContactPageFactory(parent=home)
    site.contact_path = contact.url


# --- gunicorn ---------------------------------------------------------------------------------


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def base(self):
        return f"127.0.0.1:{self.port}"

    def worker_pids(self):
        """The worker processes: the master's children."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    @property
    def worker_class(self):
        """The worker class gunicorn says it uses ("sync", "gthread")."""
        found = re.search(r"Using worker: (\w+)", self.log_path.read_text(errors="replace"))
        return found.group(1) if found else "?"

    def cpu_seconds(self):
        """CPU time (user + system) the workers have used so far, the master's own excluded:
        the living workers' and that of the workers the master has replaced (reaped children,
        its cutime and cstime), so a worker recycled during a phase does not take its work out
        of the phase's figure."""
        total = sum(_cpu_ticks(pid, own=True) for pid in self.worker_pids())
        total += _cpu_ticks(self.process.pid, own=False)
        return total / os.sysconf("SC_CLK_TCK")

    def requests_per_worker(self):
        """Requests each worker pid has answered so far, from the JSON access log."""
        text = self.log_path.read_text(errors="replace")
        return Counter(int(pid) for pid in re.findall(r'"pid": "<(\d+)>"', text))

    def log_problems(self):
        """Lines of the server's log that tell of an error (tracebacks, worker timeouts)."""
        text = self.log_path.read_text(errors="replace")
        pattern = (
            r"Traceback|ERROR|CRITICAL|WORKER TIMEOUT|database is locked|Internal Server"
            r"|unreachable"
        )
        return [line for line in text.splitlines() if re.search(pattern, line)]


def _cpu_ticks(pid, *, own):
    """A process's own CPU ticks (utime + stime) or its reaped children's (cutime + cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    first = 11 if own else 13
    return int(fields[first]) + int(fields[first + 1])


def free_port(exclude=()):
    for port in PORTS:
        if port in exclude:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8701-8720")


@contextmanager
def gunicorn_server(site, *, name="a", exclude_ports=(), **overrides):
    """`gunicorn -c config/gunicorn.py config.wsgi` with the site's environment on a free
    loopback port (8701-8720); `overrides` set the config's environment variables, e.g.
    WEB_CONCURRENCY=3. The access and error logs go to a file of the work directory."""
    port = free_port(exclude_ports)
    env = {**site.env, "PORT": str(port), "BIND_HOST": "127.0.0.1"}
    env.update({key: str(value) for key, value in overrides.items()})
    log_path = site.workdir / f"gunicorn-{name}-{port}.log"
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=REPO, env=env, stdout=log, stderr=log, start_new_session=True
        )
    server = Server(port=port, process=process, log_path=log_path)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        stop_process_group(process, grace=15)


def _wait_until_ready(server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"gunicorn exited with code {server.process.returncode}:\n{tail}")
        try:
            if Client(server.base).get("/bench/hello/").status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn on {server.base} did not answer within {timeout} s")


# --- A browser --------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: object
    body: str

    @property
    def location(self):
        return self.headers.get("Location", "")


class Identity:
    """A person: an address of their own (sent as X-Forwarded-For) and their cookies.

    Cookies are kept by hand: production marks them Secure, which a cookie jar would not send
    back over http://127.0.0.1; the TLS proxy this client plays would."""

    def __init__(self, ip, email=None):
        self.ip, self.email, self.cookies = ip, email, {}
        self.ready_at = 0.0  # when its next comment respects the site's pacing

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def remember(self, headers):
        for header in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    @property
    def csrf_token(self):
        return self.cookies.get("csrftoken", "")


def address(n):
    """A private address of its own for virtual user `n` (10.x.y.z)."""
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


class Client:
    """One keep-alive HTTP/1.1 connection to `base` (reopened whenever the server closes it,
    as sync workers do after each response), sending requests as `identity` would through the
    site's TLS proxy: X-Forwarded-For, X-Forwarded-Proto https and an https Referer on posts.
    Redirects are not followed.

    Like a browser or a proxy's connection pool, it never sends on a connection that has been
    idle for nearly the server's keep-alive timeout (gunicorn closes it; a request sent at that
    moment is lost without an answer), and it sends a GET again once when a reused connection
    turns out to have been closed. A POST is never sent twice."""

    IDLE_SECONDS = 2  # below config/gunicorn.py's keepalive (5 s)
    STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)

    def __init__(self, base, identity=None, timeout=30, host=None):
        """`host`: the Host header, `base` (127.0.0.1:<port>) unless given: a load balancer
        sends every app server the site's own name."""
        self.base, self.timeout, self.host = base, timeout, host or base
        self.identity = identity or Identity("10.255.255.254")
        self._connection, self._used_at = None, 0.0

    def _open(self):
        """The connection, and whether it has carried a request before."""
        if self._connection is not None and time.monotonic() - self._used_at > self.IDLE_SECONDS:
            self.close()
        if self._connection is None:
            host, port = self.base.split(":")
            self._connection = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
            return self._connection, False
        return self._connection, True

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(self, method, path, data=None, identity=None, files=None, headers=None):
        """`files`: {field: (filename, content type, bytes)}, sent as multipart/form-data with
        `data`; `headers`: more headers (e.g. the proxy's X-Request-Start)."""
        person = identity or self.identity
        headers = {
            "Host": self.host,
            "X-Forwarded-For": person.ip,
            "X-Forwarded-Proto": "https",
            **(headers or {}),
        }
        if person.cookies:
            headers["Cookie"] = person.cookie_header()
        body = None
        if files:
            body, headers["Content-Type"] = multipart(data or {}, files)
            headers["Referer"] = f"https://{self.host}{path}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{self.host}{path}"
        try:
            response, text = self._send(method, path, body, headers)
        except self.STALE:
            if method != "GET":
                raise
            response, text = self._send(method, path, body, headers, retry=True)
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        person.remember(response.headers)
        return Reply(response.status, response.headers, text)

    def _send(self, method, path, body, headers, retry=False):
        connection, reused = self._open()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException) as error:
            self.close()
            if reused and not retry and isinstance(error, self.STALE):
                raise
            raise ConnectionError(f"{method} {path}: {error!r}") from error
        self._used_at = time.monotonic()
        return response, text

    def get(self, path, identity=None, headers=None):
        return self.request("GET", path, identity=identity, headers=headers)

    def post(self, path, data, identity=None, files=None, headers=None):
        return self.request(
            "POST", path, data=data, identity=identity, files=files, headers=headers
        )


def multipart(data, files):
    """(body, content type) of a multipart/form-data POST: `data` (a dict or pairs) and
    `files` {field: (filename, content type, bytes)}."""
    boundary = f"----yoriai-bench-{uuid.uuid4().hex}"
    parts = []
    pairs = data.items() if isinstance(data, dict) else data
    for name, value in pairs:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def login(client, identity, password=PASSWORD):
    """Sign `identity` in through allauth's login form; True when it worked."""
    client.get("/accounts/login/", identity=identity)
    reply = client.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": identity.csrf_token, "login": identity.email, "password": password},
        identity=identity,
    )
    return reply.status == 302 and "sessionid" in identity.cookies


# --- Forms ------------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (name, type, value), choices in order."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or (not attrs.get("name") and tag != "option"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            self._form["fields"].append((attrs["name"], kind, attrs.get("value")))
        elif tag == "textarea":
            self._form["fields"].append((attrs["name"], "textarea", None))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and attrs.get("value"):
            self._form["fields"].append((self._select, "select", attrs["value"]))
            self._select = None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def form_fill(html, *, action_re, text, checkboxes=2):
    """The form whose action matches `action_re` filled in as a person would: the first choice
    of each radio group and select, the first `checkboxes` boxes of each group, `text` in every
    text box (never the honeypot `website`, never an 「その他」 text). Returns
    (action, data, answered) where `answered` counts the answer rows that should be stored."""
    parser = FormParser()
    parser.feed(html)
    form = next(f for f in parser.forms if re.search(action_re, f["action"]))
    data, answered, seen = [], 0, {}
    for name, kind, value in form["fields"]:
        seen[name] = seen.get(name, 0) + 1
        if kind in ("hidden", "submit") and value is not None:
            data.append((name, value))
        elif kind in ("radio", "select") and seen[name] == 1:
            data.append((name, value))
            answered += 1
        elif kind == "checkbox" and seen[name] <= checkboxes:
            data.append((name, value or "on"))
            answered += 1
        elif kind in ("text", "textarea", "email") and not _skipped(name):
            data.append((name, "bench@example.jp" if kind == "email" else text))
            answered += 1
    return form["action"], data, answered


def _skipped(name):
    return name == "website" or name.endswith("other_text")
