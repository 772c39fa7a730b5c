"""The migration runner: ordering, idempotency, checksums, nothing partial, concurrency."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psycopg2
import pytest

from pulsestage.db import migrate

FIXTURES = Path(__file__).parent / "fixtures"


def tables(dsn: str) -> set[str]:
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {r[0] for r in cur.fetchall()}


def recorded(dsn: str) -> list[tuple[int, str]]:
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT version, name FROM schema_migrations ORDER BY version")
        return cur.fetchall()


def test_applies_in_order_and_is_idempotent(empty_database):
    assert migrate.apply(empty_database, FIXTURES / "good") == ["0001_first", "0002_second"]
    assert migrate.apply(empty_database, FIXTURES / "good") == []
    assert recorded(empty_database) == [(1, "0001_first"), (2, "0002_second")]
    assert {"fixture_a", "fixture_b"} <= tables(empty_database)
    assert migrate.pending(empty_database, FIXTURES / "good") == []


def test_failing_migration_records_nothing_partial(empty_database):
    with pytest.raises(migrate.MigrationError, match="0002_broken.sql failed"):
        migrate.apply(empty_database, FIXTURES / "bad")
    assert recorded(empty_database) == [(1, "0001_first")]
    assert "fixture_partial" not in tables(empty_database)


def test_edited_applied_migration_is_an_error(empty_database, tmp_path):
    folder = tmp_path / "m"
    shutil.copytree(FIXTURES / "good", folder)
    migrate.apply(empty_database, folder)
    (folder / "0001_first.sql").write_text("-- edited\nCREATE TABLE fixture_a (id bigint PRIMARY KEY);\n")
    with pytest.raises(migrate.MigrationError, match="0001_first.sql was edited after it was applied"):
        migrate.apply(empty_database, folder)
    with pytest.raises(migrate.MigrationError, match="edited"):
        migrate.pending(empty_database, folder)


def test_bad_file_name_is_refused(tmp_path, empty_database):
    (tmp_path / "first.sql").write_text("SELECT 1;")
    with pytest.raises(migrate.MigrationError, match="must look like 0001_name.sql"):
        migrate.apply(empty_database, tmp_path)


def test_concurrent_runners_apply_once(empty_database):
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run():
        try:
            results.append(migrate.apply(empty_database))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    applied = sorted(results, key=len)
    assert applied[0] == applied[1] == []
    assert applied[2] == [m.name for m in migrate.discover()]


def test_real_schema_has_rls_on_every_tenant_table(empty_database):
    migrate.apply(empty_database)
    with psycopg2.connect(empty_database) as conn, conn.cursor() as cur:
        cur.execute("""
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
            FROM pg_class c JOIN information_schema.columns col
              ON col.table_name = c.relname AND col.column_name = 'tenant_id' AND col.table_schema = 'public'
            WHERE c.relkind = 'r'
        """)
        rows = cur.fetchall()
    assert len(rows) == 15
    assert all(enabled and forced for _, enabled, forced in rows), rows
