"""Fixtures: a real PostgreSQL (one seeded template, a fresh copy per test), a real Redis, the app."""

from __future__ import annotations

import pytest

from pulsestage.config import load_config
from pulsestage.db import migrate
from tests.support.databases import Server
from tests.support.redis_server import RedisServer


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL cluster used by this test session."""
    server = Server()
    yield server
    server.close()


@pytest.fixture(scope="session")
def seeded_template(pg_server):
    """A database migrated and seeded with the demo data, used as a template."""
    from pulsestage.seed.load import seed

    name, dsn = pg_server.create()
    migrate.apply(dsn)
    seed(dsn, reset=True)
    yield name
    pg_server.drop(name)


@pytest.fixture
def database(pg_server, seeded_template):
    """A fresh seeded database for one test; yields its owner DSN."""
    name, dsn = pg_server.create(template=seeded_template)
    yield dsn
    pg_server.drop(name)


@pytest.fixture
def empty_database(pg_server):
    """A fresh database with no schema at all."""
    name, dsn = pg_server.create()
    yield dsn
    pg_server.drop(name)


@pytest.fixture(scope="session")
def redis_server():
    """The Redis used by this test session."""
    server = RedisServer()
    yield server
    server.close()


@pytest.fixture
def redis_url(redis_server):
    """A Redis URL with an empty database."""
    redis_server.flush()
    return redis_server.url


@pytest.fixture
def make_config(database, tmp_path):
    """Build a test-profile Config; keyword arguments are environment variables."""

    def build(**env: str):
        environ = {"DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(tmp_path / "data"),
                   "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0"}
        environ.update(env)
        return load_config("test", None, environ)

    return build


@pytest.fixture
async def client(aiohttp_client, make_config):
    """A test client for the app on the test profile with a fresh seeded database."""
    from pulsestage.app import create_app

    return await aiohttp_client(create_app(make_config()))


@pytest.fixture
def open_tmp():
    """A temporary folder the embedded server's unprivileged user can enter (pytest's tmp_path is 0700)."""
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="pulsestage-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
