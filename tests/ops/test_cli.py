"""The command line as a real subprocess: prod refusals, config check, serve on the embedded server."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.request

import pytest

from tests.support.servers import ServeProcess, run_cli

STRONG = "x" * 40
PROD_OK = {"PULSESTAGE_PROFILE": "prod", "DATABASE_URL": "postgresql://app@127.0.0.1:5432/ama",
           "REDIS_URL": "redis://127.0.0.1:6379/0", "SESSION_SECRET": STRONG,
           "PUBLIC_URL": "https://pulse.example.com", "GITHUB_CLIENT_ID": "id", "GITHUB_CLIENT_SECRET": "secret",
           "EMAIL_PROVIDER": "smtp"}


def test_prod_without_redis_exits_naming_redis_url():
    env = {k: v for k, v in PROD_OK.items() if k != "REDIS_URL"}
    result = run_cli("serve", env=env)
    assert result.returncode == 2
    assert "REDIS_URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("change, needle", [
    ({"SESSION_SECRET": "short"}, "SESSION_SECRET"),
    ({"GITHUB_CLIENT_ID": "", "GITHUB_CLIENT_SECRET": ""}, "OAuth"),
    ({"AUTH_MODE_DEMO": "true"}, "demo"),
    ({"PUBLIC_URL": "http://pulse.example.com"}, "https"),
])
def test_each_prod_refusal_is_one_clear_line(change, needle):
    result = run_cli("serve", env={**PROD_OK, **change})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert needle.lower() in lines[0].lower()


def test_prod_with_unreachable_redis_refuses_to_start():
    result = run_cli("serve", env={**PROD_OK, "REDIS_URL": "redis://127.0.0.1:1/0"}, timeout=90)
    assert result.returncode == 2, result.stderr
    assert "REDIS_URL" in result.stderr and "not reachable" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_config_key_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[server]\nprot = 3000\n")
    result = run_cli("--config", str(bad), "config", "check")
    assert result.returncode == 2
    assert str(bad) in result.stderr and "server.prot" in result.stderr


def test_config_check_masks_secrets():
    result = run_cli("config", "check", env={"SESSION_SECRET": "supersecretvalue-abcdefghijklmnopqrstuvwxyz",
                                             "DATABASE_URL": "postgresql://app:hunter2@db:5432/ama"})
    assert result.returncode == 0, result.stderr
    assert "supersecretvalue" not in result.stdout
    assert "hunter2" not in result.stdout
    assert "********" in result.stdout


def _get(opener, url):
    with opener.open(url, timeout=10) as response:
        body = response.read()
        if response.headers.get_content_type() != "application/json":
            return response.status, body.decode()
        return response.status, json.loads(body)


def test_serve_on_embedded_postgres_seeds_restarts_and_keeps_data(open_tmp):
    data = open_tmp / "data"
    env = {"PULSESTAGE_PROFILE": "dev", "PULSESTAGE_DATA_DIR": str(data), "MAIL_SINK_SMTP_PORT": "0",
           "MAIL_SINK_UI_PORT": "0", "PULSE_ENABLED": "false"}
    server = ServeProcess(env)
    try:
        server.wait_ready(timeout=120)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        status, ready = _get(opener, server.url + "/health/ready")
        assert status == 200 and ready["checks"]["database"] and ready["checks"]["migrations"]
        _get(opener, server.url + "/auth/demo?user=alice&tenant=default")
        status, me = _get(opener, server.url + "/api/users/me")
        assert me["email"] == "alice@pulsestage.app"
        first_id = me["id"]
    finally:
        assert server.stop() == 0, server.output()
    # a restart on the same data dir is fast and finds the same data (no re-seed)
    again = ServeProcess(env)
    try:
        seconds = again.wait_ready(timeout=60)
        assert seconds < 10, f"cold start took {seconds:.1f}s"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        _get(opener, again.url + "/auth/demo?user=alice&tenant=default")
        _, me = _get(opener, again.url + "/api/users/me")
        assert me["id"] == first_id
    finally:
        assert again.stop() == 0, again.output()


def test_second_server_on_the_same_data_dir_gets_a_clear_error(open_tmp):
    env = {"PULSESTAGE_PROFILE": "dev", "PULSESTAGE_DATA_DIR": str(open_tmp / "data"), "MAIL_SINK_SMTP_PORT": "0",
           "MAIL_SINK_UI_PORT": "0", "PULSE_ENABLED": "false"}
    first = ServeProcess(env)
    try:
        first.wait_ready(timeout=120)
        result = run_cli("serve", env=env, timeout=60)
        assert result.returncode != 0
        assert "in use by another PulseStage process" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        first.stop()
