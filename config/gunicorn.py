"""gunicorn settings for production: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be changed through the environment, so that one file serves one small server
and a fleet of app servers behind a load balancer alike (docs/deploy.md):

    PORT                   port to listen on (default 8000), on BIND_HOST (default 0.0.0.0)
    GUNICORN_WORKER_CLASS  "gthread" (default) or "sync"
    WEB_CONCURRENCY        worker processes (default: CPU cores + 1 with gthread,
                           2 x cores + 1 with sync)
    GUNICORN_THREADS       threads per gthread worker (default 4)
    GUNICORN_TIMEOUT       seconds a worker may go silent before it is killed (30)
    GUNICORN_MAX_REQUESTS  requests after which a worker is replaced (1000; 0 = never)
    GUNICORN_ACCESS_LOG    where the access log goes: "-" stdout (default), a path, or "off"
    FORWARDED_ALLOW_IPS    addresses of the proxies whose X-Forwarded-Proto gunicorn believes

Why gthread, cores + 1 workers of 4 threads: measured side by side in one run on two cores
(bench/load_workers.py, figures in bench/README.md "Production harness"), it served the
rendered article 1.3-1.5 times, the page-cache hit 1.4-2 times and a bare view 2.3-2.7 times
as many requests per second as 5 sync workers, with lower latency, less CPU per request and
40 % less memory (3 processes of about 125 MiB instead of 5). The pages are CPU-bound
Python, so one process per core (+1 to cover a worker waiting on PostgreSQL or Redis) keeps
the cores busy; the threads overlap those waits and the network, keep connections alive,
and a slow client holds a thread, not a process. With gthread, `timeout` kills a worker whose
main loop stops answering, not one slow request: a stuck request holds one of its threads
until it ends.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = f"{os.environ.get('BIND_HOST', '0.0.0.0')}:{_int('PORT', 8000)}"  # noqa: S104

worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
_cores = multiprocessing.cpu_count()
workers = _int("WEB_CONCURRENCY", _cores + 1 if worker_class == "gthread" else 2 * _cores + 1)
threads = _int("GUNICORN_THREADS", 4) if worker_class == "gthread" else 1

# A worker silent this long is stuck (sync: one request ran this long; gthread: its main loop
# stopped) and is killed and replaced; its clients get a 502. Pages render in well under a
# second; the slowest staff exports stream.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy, a scale-down) workers finish the requests they hold for this long.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# gthread keeps an idle connection open this long. A proxy that reuses its connections to the
# app servers (nginx `keepalive` upstreams, cloud load balancers) must drop them sooner than
# this, or it may send a request on a connection gunicorn is closing (a 502): raise this above
# the proxy's idle timeout for its backends.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Replacing a worker now and then returns whatever memory a long-lived process accumulates;
# the jitter keeps the workers from all restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max(max_requests // 10, 0))

# Load Django once in the master: workers fork from it (less memory, faster restarts), and a
# broken deploy fails at start-up rather than in every worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in ("0", "false", "no")

# gunicorn believes X-Forwarded-Proto (wsgi.url_scheme) only from these addresses; Django reads
# the same header through SECURE_PROXY_SSL_HEADER. The client's address for rate limits is
# Django's business (TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER, settings "Users"):
# gunicorn does not rewrite REMOTE_ADDR. Set this to the load balancer's address(es) when it
# is not on the same machine; never "*" on a server that is reachable directly.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# One line per request on stdout, as JSON a log shipper can read (values are gunicorn's atoms;
# a user agent with a double quote in it would break the JSON of its own line only).
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access_log.lower() == "off" else _access_log
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "forwarded_for": "%({x-forwarded-for}i)s", '
    '"method": "%(m)s", "path": "%(U)s", "query": "%(q)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s, "user_agent": "%(a)s", "pid": "%(p)s"}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The heartbeat files live in memory, not on a disk that may be slow or full.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
proc_name = "yoriai"
