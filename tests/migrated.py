"""Databases migrated from a copy migrated once: the test databases (tests/conftest.py) and the
benchmarks' throwaway ones (bench/).

268 migrations from nothing cost 30–70 s of a two-core machine, on every test run's every
worker and in every benchmark script — more than many of the measurements. So the first run
migrates as ever and keeps a copy of the result; the next ones start from that copy and run
`migrate` over it (nothing to apply: it only checks). The copy is keyed by a hash of every
migration file of every installed app (the project's and the packages'), Django's version, the
settings module and the database vendor: a new or changed migration, or another package
version, makes a new copy.

- SQLite: a file in the temporary directory, `yoriai-bench-migrated/<settings>-<hash>.sqlite3`,
  copied with SQLite's backup API into the (still empty) database, a file or the test
  database in memory.
- PostgreSQL: a template database, `yoriai_tpl_<settings>_<hash>`, on the same server; the
  (empty) database is dropped and created again from it (`CREATE DATABASE … TEMPLATE …`, a file
  copy). Nothing ever connects to the template after it is made.

The KEPT newest copies of each settings module stay (SQLite: the most recently used; PostgreSQL:
the most recently made); older ones are removed when a new one is made. Not the newest alone: on
a machine where checkouts with different migrations run tests (CI and other branches), each run
removed the others' copy and the next run of each migrated from nothing again (a worker's start,
5 s from the copy, took 150 s: 0.7 against 20 s of CPU, on every worker of every step).
`BENCH_FRESH_MIGRATE=1` turns this off: every database is migrated from nothing.
"""

import hashlib
import os
import re
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core import management
from django.core.management import call_command

SQLITE_CACHE = Path(tempfile.gettempdir()) / "yoriai-bench-migrated"
PG_PREFIX = "yoriai_tpl_"
KEPT = 8  # copies per settings module: a few checkouts' migrations, each ~2 MB (SQLite) or ~20 MB


def migrate(alias="default", verbosity=0):
    """Migrate the database `alias` (empty, just created), from the copy when there is one."""
    from django.db import connections

    connection = connections[alias]
    vendor = connection.vendor
    if os.environ.get("BENCH_FRESH_MIGRATE") == "1" or vendor not in ("sqlite", "postgresql"):
        call_command("migrate", verbosity=verbosity, interactive=False, database=alias)
        return
    slug, key = _key(vendor)
    if vendor == "sqlite":
        restored = _sqlite_restore(connection, slug, key)
    else:
        restored = _pg_restore(connection, slug, key)
    # Over a copy: nothing to apply.
    call_command("migrate", verbosity=verbosity, interactive=False, database=alias)
    if not restored:
        if vendor == "sqlite":
            _sqlite_keep(connection, slug, key)
        else:
            _pg_keep(connection, slug, key)


@contextmanager
def databases_from_copies():
    """While Django creates the test databases (django.test.utils.setup_databases), each one's
    `migrate` is migrate() above: from the copy when there is one."""

    def from_copy(name, *args, **options):
        if name == "migrate" and not args:
            migrate(options.get("database", "default"), verbosity=options.get("verbosity", 0))
        else:
            call_command(name, *args, **options)

    management.call_command = from_copy
    try:
        yield
    finally:
        management.call_command = call_command


def _key(vendor):
    import django
    from django.apps import apps
    from django.conf import settings

    digest = hashlib.sha256(f"{django.get_version()} {settings.SETTINGS_MODULE} {vendor}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    slug = re.sub(r"[^a-z0-9]+", "_", settings.SETTINGS_MODULE.lower()).strip("_")
    return slug, digest.hexdigest()[:12]


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_restore(connection, slug, key):
    cached = SQLITE_CACHE / f"{slug}-{key}.sqlite3"
    if not cached.exists():
        return False
    connection.ensure_connection()
    source = sqlite3.connect(cached)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    cached.touch()  # used: the last to be removed (_sqlite_keep)
    print(f"Database copied from {cached} (migrated before; BENCH_FRESH_MIGRATE=1: from nothing)")
    return True


def _sqlite_keep(connection, slug, key):
    SQLITE_CACHE.mkdir(exist_ok=True)
    building = SQLITE_CACHE / f".{slug}-{key}-{os.getpid()}.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(building)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    building.replace(SQLITE_CACHE / f"{slug}-{key}.sqlite3")
    copies = sorted(SQLITE_CACHE.glob(f"{slug}-*.sqlite3"), key=_mtime, reverse=True)
    for old in copies[KEPT:]:
        old.unlink(missing_ok=True)


def _mtime(path):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed meanwhile by another run
        return 0


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_maintenance(connection):
    import psycopg

    s = connection.settings_dict
    params = {
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
    }
    params = {name: value for name, value in params.items() if value}
    return psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **params)


def _pg_restore(connection, slug, key):
    template, database = f"{PG_PREFIX}{slug}_{key}", connection.settings_dict["NAME"]
    connection.close()
    with _pg_maintenance(connection) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if exists.fetchone() is None:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
    print(f"Database created from the template {template} (BENCH_FRESH_MIGRATE=1: from nothing)")
    return True


def _pg_keep(connection, slug, key):
    template, database = f"{PG_PREFIX}{slug}_{key}", connection.settings_dict["NAME"]
    building = f"{template}_{os.getpid()}"[:63]
    connection.close()
    with _pg_maintenance(connection) as conn:
        conn.execute(f'CREATE DATABASE "{building}" TEMPLATE "{database}"')
        try:
            conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        except Exception:  # another run made it meanwhile
            conn.execute(f'DROP DATABASE IF EXISTS "{building}"')
            return
        names = conn.execute(  # the newest first (an oid is given out in order)
            "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY oid DESC",
            [f"{PG_PREFIX}{slug}\\_%"],
        ).fetchall()
        copies = [n for (n,) in names if re.fullmatch(rf"{PG_PREFIX}{slug}_[0-9a-f]{{12}}", n)]
        for name in copies[KEPT:]:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
