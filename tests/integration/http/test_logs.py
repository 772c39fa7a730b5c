"""JSON logs: request and tenant ids on request lines, job ids on job lines, no secrets anywhere."""

from __future__ import annotations

import json
import logging

import pytest

from pulsestage import jsonlog
from pulsestage.app import create_app
from pulsestage.ops.jobs import job_run
from tests.support.fake_oauth import CLIENT_SECRET, FakeOAuth
from tests.support.oauth_flow import oauth_config, sign_in


class Lines(logging.Handler):
    """Format each record when it is emitted (context variables are read then)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(jsonlog.JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def lines():
    handler = Lines()
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # as in `pulsestage serve` (jsonlog.setup + access_log=None): aiohttp's own access line, which
    # would carry raw query strings such as OAuth codes, is never written
    access = logging.getLogger("aiohttp.access")
    old_access = access.level
    access.setLevel(logging.WARNING)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(old)
    access.setLevel(old_access)


async def test_sign_in_logs_carry_ids_and_no_secrets(aiohttp_client, database, tmp_path, lines):
    fake = FakeOAuth()
    await fake.start()
    try:
        config = oauth_config(fake, database, tmp_path)
        client = await aiohttp_client(create_app(config))
        await sign_in(client, "github")
        await sign_in(client, "google")
    finally:
        await fake.stop()
    cookie = next(iter(client.session.cookie_jar)).value
    secrets = [CLIENT_SECRET, config.session.secret, cookie, *fake.tokens, *fake.codes]
    text = "\n".join(lines)
    for secret in secrets:
        assert secret not in text
    access = [json.loads(line) for line in lines if '"msg":"request"' in line]
    assert access and all(entry.get("requestId") for entry in access)
    assert all(entry.get("tenantId") for entry in access if entry["route"].startswith("/auth/"))


async def test_job_lines_carry_a_job_id_instead_of_a_request_id(lines):
    async with job_run("backup") as job_id:
        logging.getLogger("pulsestage.test").info("working")
    entries = [json.loads(line) for line in lines if "pulsestage" in line]
    assert [e["msg"] for e in entries] == ["job started", "working", "job finished"]
    assert all(e["jobId"] == job_id and "requestId" not in e for e in entries)
    assert job_id.startswith("backup-")
