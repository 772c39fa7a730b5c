"""PostgreSQL for tests: TEST_DATABASE_URL, else the local service, else an embedded server.

One template database is migrated and seeded once per session; every test gets its own copy
(CREATE DATABASE ... TEMPLATE), so tests never see each other's writes.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2

LOCAL = "postgresql://postgres@127.0.0.1:5432/postgres"


def reachable(dsn: str) -> bool:
    """Whether a server answers at dsn."""
    try:
        psycopg2.connect(dsn, connect_timeout=2).close()
        return True
    except psycopg2.Error:
        return False


def query(dsn: str, statement: str, params=None, tenant_id: str | None = None) -> list[tuple]:
    """Rows of one statement on its own connection, in a transaction bound to `tenant_id` when given."""
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            if tenant_id:
                cur.execute("SELECT set_config('app.tenant_id', %s, true)", (tenant_id,))
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def with_database(dsn: str, name: str) -> str:
    """The same server with another database name (URL or key=value DSN)."""
    if "://" in dsn:
        parts = urlsplit(dsn)
        return urlunsplit(parts._replace(path="/" + name))
    kept = [p for p in dsn.split() if not p.startswith("dbname=")]
    return " ".join([*kept, f"dbname={name}"])


class Server:
    """An admin connection string to a PostgreSQL cluster we may create databases on."""

    def __init__(self) -> None:
        self.embedded = None
        # TEST_DATABASE_URL=embedded forces the embedded server (what a machine without PostgreSQL gets)
        url = os.environ.get("TEST_DATABASE_URL", "")
        if url and url != "embedded":
            self.admin_dsn = url
        elif url != "embedded" and reachable(LOCAL):
            self.admin_dsn = LOCAL
        else:
            from pulsestage.db.embedded import EmbeddedPostgres

            folder = Path(tempfile.mkdtemp(prefix="pulsestage-test-pg-"))
            folder.chmod(0o755)
            self.embedded = EmbeddedPostgres(folder)
            self.embedded.start_sync()
            # a URL (not key=value) so it can also be passed as DATABASE_URL
            socket_dir = quote(str(self.embedded.socket_dir), safe="")
            self.admin_dsn = f"postgresql://postgres@/postgres?host={socket_dir}&port=5432"
        self._names = itertools.count()
        self.prefix = f"ps_test_{uuid.uuid4().hex[:8]}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
        conn = psycopg2.connect(self.admin_dsn)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def create(self, template: str | None = None) -> tuple[str, str]:
        """Create a database (optionally from a template); return (name, dsn)."""
        name = f"{self.prefix}_{next(self._names)}"
        suffix = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.execute(f"CREATE DATABASE {name}{suffix}")
        return name, with_database(self.admin_dsn, name)

    def drop(self, name: str) -> None:
        """Drop a database, ending its connections."""
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        """Stop the embedded server, if we started one."""
        if self.embedded is not None:
            self.embedded.stop_sync()
