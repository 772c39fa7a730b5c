"""`pulsestage pulse trigger` against a real dev-like `pulsestage serve`: the invitations land in the
server's mail viewer, a link's GET records nothing, the page's POST records one answer, a second
POST is refused. And: no server, no sink → one clear line and nothing written; with Redis the
command only queues and the server's worker delivers."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from pulsestage import keys
from pulsestage.cli.pulse import trigger
from pulsestage.errors import NotFound
from tests.integration.pulse.helpers import response_count, sql
from tests.support.servers import ServeProcess, free_port, run_cli

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/pulse/respond\?token=[^&\s]+&score=(\d+)&tenant=default)")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def post_form(url: str, form: dict) -> tuple[int, str]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def invites_since(dsn: str, stamp) -> list[dict]:
    return sql(dsn, "SELECT i.token, i.status, u.email FROM pulse_invite i JOIN app_user u ON u.id = i.user_id "
                    "WHERE i.created_at > %s", (stamp,))


def dev_env(database: str, data_dir, port: int) -> dict[str, str]:
    # The dev profile with its own ports; the scheduler is off so that only the command sends.
    return {"PULSESTAGE_PROFILE": "dev", "DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(data_dir),
            "MAIL_SINK_SMTP_PORT": str(free_port()), "MAIL_SINK_UI_PORT": str(free_port()),
            "PORT": str(port), "HOST": "127.0.0.1", "PUBLIC_URL": f"http://127.0.0.1:{port}", "PULSE_ENABLED": "false"}


def test_trigger_fills_the_dev_mail_viewer_and_one_link_records_one_answer(database, open_tmp) -> None:
    port = free_port()
    env = dev_env(database, open_tmp, port)
    viewer = f"http://127.0.0.1:{env['MAIL_SINK_UI_PORT']}"
    server = ServeProcess(env)
    try:
        server.wait_ready()
        stamp = sql(database, "SELECT now() AT TIME ZONE 'utc' AS t")[0]["t"]
        done = run_cli("pulse", "trigger", env=env, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        invites = invites_since(database, stamp)
        assert invites and f"{len(invites)} invited" in done.stdout and "delivered" in done.stdout
        assert all(i["status"] == "SENT" for i in invites)  # the provider accepted every e-mail

        listing = json.loads(get(viewer + "/api/messages")[1])
        assert listing["total"] == len(invites)
        assert sorted(r for m in listing["messages"] for r in m["to"]) == sorted(i["email"] for i in invites)
        assert {m["subject"] for m in listing["messages"]} == {"Your weekly pulse check-in"}
        message = json.loads(get(f"{viewer}/api/messages/{listing['messages'][0]['id']}")[1])
        headers = {h["name"]: h["value"] for h in message["headers"]}
        assert "/mail/unsubscribe?token=" in headers["List-Unsubscribe"]
        link, score = LINK.search(message["text"]).groups()
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]

        before = response_count(database)
        for _ in range(2):  # a link scanner, then the person
            status, page = get(link)
            assert status == 200 and 'action="/pulse/respond"' in page
        assert response_count(database) == before
        assert sql(database, "SELECT status FROM pulse_invite WHERE token = %s", (token,))[0]["status"] == "SENT"

        form = {"token": token, "score": score, "tenant": "default"}
        status, page = post_form(server.url + "/pulse/respond", form)
        assert status == 200 and "Thank you" in page
        assert response_count(database) == before + 1
        status, page = post_form(server.url + "/pulse/respond", form)
        assert status == 409 and "Already answered" in page
        assert response_count(database) == before + 1
    finally:
        assert server.stop() == 0, server.output()


def test_without_a_running_sink_it_says_so_and_writes_nothing(database, open_tmp) -> None:
    env = dev_env(database, open_tmp, free_port())
    count = sql(database, "SELECT count(*) AS n FROM pulse_invite")[0]["n"]
    done = run_cli("pulse", "trigger", env=env)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no dev mail sink" in lines[0] and "make run" in lines[0]
    assert sql(database, "SELECT count(*) AS n FROM pulse_invite")[0]["n"] == count


async def test_with_redis_it_queues_for_the_servers_worker(aiohttp_client, make_config, redis_url, database) -> None:
    from pulsestage.app import create_app

    config = make_config(REDIS_URL=redis_url)
    server = await aiohttp_client(create_app(config))  # its worker delivers into its sink store
    lines, ok = await trigger(config, database, "default", None, 5)
    assert ok and "queued in Redis" in lines[-1]
    invited = int(re.search(r"(\d+) e-mails queued", lines[0]).group(1))
    messages = await server.app[keys.MAIL_SINK].wait_for(invited)
    assert len(messages) == invited > 0
    with pytest.raises(NotFound):
        await trigger(config, database, "default", "no-such-cohort", 1)
    with pytest.raises(NotFound):
        await trigger(config, database, "nope", None, 1)


def test_make_run_shape_embedded_database_held_by_the_server(open_tmp) -> None:
    # `make run` keeps the embedded PostgreSQL of the data dir; the command attaches to it.
    port = free_port()
    env = {k: v for k, v in dev_env("", open_tmp, port).items() if k != "DATABASE_URL"}
    server = ServeProcess(env)
    try:
        server.wait_ready(180)
        done = run_cli("pulse", "trigger", env=env, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        invited = int(re.search(r"(\d+) invited", done.stdout).group(1))
        listing = json.loads(get(f"http://127.0.0.1:{env['MAIL_SINK_UI_PORT']}/api/messages")[1])
        assert listing["total"] == invited > 0
    finally:
        assert server.stop() == 0, server.output()
