"""Scratch databases on the local PostgreSQL, named `pulsestage_bench_*` and never anything else.

Two seeded databases are built once and reused while their fingerprint (the migrations and the
seed version) is unchanged: `list` (demo data + 10,000 users + 10,000 questions + 12 weeks of
pulse history for 2,000 people) and `search` (the same with 100,000 questions). Benchmarks that
write get a throwaway copy (`CREATE DATABASE ... TEMPLATE`), dropped afterwards.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg2

from pulsestage.db import migrate
from pulsestage.paths import migrations_dir

log = logging.getLogger("bench")

ADMIN_DSN = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
PREFIX = "pulsestage_bench_"
SEED_VERSION = "3"
SIZES = {"list": 10_000, "search": 100_000}


def dsn_for(name: str) -> str:
    """The admin DSN pointed at database `name`."""
    assert name.startswith(PREFIX), name  # never touch a database we do not own
    parts = urlsplit(ADMIN_DSN)
    return urlunsplit(parts._replace(path="/" + name))


def _admin(sql: str, params: tuple = ()) -> list[tuple]:
    conn = psycopg2.connect(ADMIN_DSN)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def fingerprint(kind: str) -> str:
    """What the seeded database was built from: migration files, seed version, size."""
    digest = hashlib.sha256(f"{SEED_VERSION}:{SIZES[kind]}".encode())
    for path in sorted(migrations_dir().glob("*.sql")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _comment(name: str) -> str | None:
    rows = _admin("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (name,))
    return rows[0][0] if rows else None


def drop(name: str) -> None:
    """Drop one of our databases (ending its connections)."""
    assert name.startswith(PREFIX), name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seeded(kind: str) -> str:
    """The name of the seeded `kind` database, (re)building it when its fingerprint changed."""
    from bench import seeding

    name = f"{PREFIX}{kind}"
    mark = f"pulsestage-bench {fingerprint(kind)}"
    if _comment(name) == mark:
        return name
    started = time.monotonic()
    drop(name)
    _admin(f'CREATE DATABASE "{name}"')
    dsn = dsn_for(name)
    migrate.apply(dsn)
    seeding.populate(dsn, questions=SIZES[kind])
    _admin(f"COMMENT ON DATABASE \"{name}\" IS '{mark}'")
    log.info("built %s in %.1f s", name, time.monotonic() - started)
    return name


def copy(kind: str, label: str) -> str:
    """A throwaway copy of the seeded `kind` database; returns its name."""
    source = seeded(kind)
    name = f"{PREFIX}tmp_{label}"
    drop(name)
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
    return name


def query(name: str, sql: str, params: dict | tuple | None = None) -> list[tuple]:
    """Run one statement on database `name` as the admin (superuser: no RLS) and fetch the rows."""
    conn = psycopg2.connect(dsn_for(name))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()
