"""/metrics: request counts, latency and errors by route template; gauges; token; separate port."""

from __future__ import annotations

import socket

import aiohttp

from pulsestage import keys
from pulsestage.app import create_app
from pulsestage.config import load_config


def _config(database, tmp_path, toml: str = "", **env):
    path = tmp_path / "m.toml"
    path.write_text(toml)
    return load_config("test", str(path), {"DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(tmp_path / "d"),
                                           "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0", **env})


def _value(text: str, prefix: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(prefix)]
    assert lines, f"{prefix} not in /metrics"
    return float(lines[0].rsplit(" ", 1)[1])


async def test_requests_latency_errors_and_gauges(aiohttp_client, database, tmp_path):
    client = await aiohttp_client(create_app(_config(database, tmp_path)))
    for _ in range(3):
        assert (await client.get("/health")).status == 200
    assert (await client.get("/api/teams")).status == 401
    client.app[keys.METRICS].mail_sent.inc(2)
    client.app[keys.METRICS].pulse_invites_sent.inc()
    response = await client.get("/metrics")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/plain")
    text = await response.text()
    assert _value(text, 'pulsestage_http_requests_total{method="GET",route="/health",status="200"}') == 3
    assert _value(text, 'pulsestage_http_errors_total{method="GET",route="/api/teams",status="401"}') == 1
    assert _value(text, 'pulsestage_http_request_duration_seconds_count{method="GET",route="/health"}') == 3
    assert _value(text, "pulsestage_mail_sent_total") == 2
    assert _value(text, "pulsestage_pulse_invites_sent_total") == 1
    assert _value(text, "pulsestage_sse_connections") == 0
    assert _value(text, "pulsestage_db_pool_max") == 10
    assert _value(text, "pulsestage_db_pool_connections") >= 1
    for name in ("pulsestage_pulse_responses_total", "pulsestage_mail_failed_total", "pulsestage_mail_queue_depth"):
        assert name in text


async def test_unknown_paths_do_not_create_labels(aiohttp_client, database, tmp_path):
    client = await aiohttp_client(create_app(_config(database, tmp_path)))
    await client.post("/no/such/thing/123")
    text = await (await client.get("/metrics")).text()
    assert "/no/such/thing" not in text and 'route="unmatched"' in text


async def test_token_is_required_when_configured(aiohttp_client, database, tmp_path):
    client = await aiohttp_client(create_app(_config(database, tmp_path, METRICS_TOKEN="s3cret-metrics-token")))
    assert (await client.get("/metrics")).status == 401
    ok = await client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics-token"})
    assert ok.status == 200 and "pulsestage_http_requests_total" in await ok.text()


async def test_separate_port(aiohttp_client, database, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = _config(database, tmp_path, f"[metrics]\nport = {port}\n[server]\nhost = \"127.0.0.1\"\n")
    client = await aiohttp_client(create_app(config))
    main = await client.get("/metrics", headers={"Accept": "text/plain"})
    assert "pulsestage_http_requests_total" not in await main.text()
    await client.get("/health")
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as side:
        assert side.status == 200
        assert 'route="/health"' in await side.text()
