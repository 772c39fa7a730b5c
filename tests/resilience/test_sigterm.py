"""SIGTERM under load: no accepted request fails; SSE clients get a retry hint and resume on the other
instance without missing an event. And the drain delay: readiness 503 first, the port still open.

Two instances share the database and Redis (as behind a load balancer). Instance A carries the
load and the streams; while events are published through B, A gets SIGTERM. Every request sent to
A more than GRACE before the end of its (short) drain delay must succeed; every stream must see
`retry:` before A closes it, reconnect to B with Last-Event-ID, and end up with every event
published after it connected.

The drain-delay tests run one test-profile server: after SIGTERM, /health/ready answers 503 while new
connections are still accepted and served and a live stream keeps flowing; when the delay is over
the port refuses connections, the stream ends with its retry hint and the process exits 0. A
second SIGTERM cuts the delay short.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.resilience.conftest import Rig, add_people, call
from tests.support.servers import ServeProcess

pytestmark = pytest.mark.slow
STREAMS = 12
WORKERS = 6
GRACE = 0.2  # a request sent this long before the port closes has surely been accepted
DRAIN_DELAY = 0.5  # small, so the streams move to B soon after the signal


def small_delay(rig: Rig, name: str) -> dict[str, str]:
    """Environment for rig.server: its own config file plus a short server.drain_delay_seconds.

    The prod profile waits 5 s and the key has no environment variable, so this file replaces the
    one rig.server writes (same content, plus the key).
    """
    path = rig.dir / f"{name}-drain.toml"
    path.write_text("[rate_limit]\nenabled = false\n\n[pulse]\nscheduler_enabled = false\n\n"
                    f"[server]\ndrain_delay_seconds = {DRAIN_DELAY}\n")
    return {"PULSESTAGE_CONFIG": str(path)}


class SseClient(threading.Thread):
    """One person's EventSource: A until it closes, then B with Last-Event-ID."""

    def __init__(self, first: int, second: int, headers: dict[str, str], until: float) -> None:
        super().__init__(daemon=True)
        self.ports, self.headers, self.until = (first, second), headers, until
        self.ids: list[int] = []
        self.retry_before_close = False
        self.connected = threading.Event()
        self.last_id: str | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            for n, port in enumerate(self.ports):
                self._stream(port, first=n == 0)
        except Exception as exc:  # recorded and asserted by the test
            self.error = f"{type(exc).__name__}: {exc}"

    def _stream(self, port: int, first: bool) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=max(1.0, self.until - time.time()))
        headers = {**self.headers, "Accept": "text/event-stream"}
        if self.last_id:
            headers["Last-Event-ID"] = self.last_id
        conn.request("GET", "/events", headers=headers)
        response = conn.getresponse()
        if response.status != 200:
            raise RuntimeError(f"stream on {port} answered {response.status}")
        self.connected.set()
        data, event_id, saw_retry = b"", None, False
        while time.time() < self.until:
            try:
                line = response.readline()
            except TimeoutError:
                break
            if not line:
                break
            if line.startswith(b"retry:"):
                saw_retry = True
            elif line.startswith(b"id:"):
                event_id = line[3:].strip().decode()
            elif line.startswith(b"data:"):
                data = line[5:].strip()
            elif line in (b"\n", b"\r\n"):
                if data and json.loads(data).get("type") == "question:created":
                    if event_id is None:
                        raise RuntimeError("an event came without an id")
                    self.ids.append(int(event_id))
                if event_id:
                    self.last_id = event_id
                data, event_id, saw_retry = b"", None, saw_retry
        if first:
            self.retry_before_close = saw_retry
        conn.close()


def load(url: str, headers: dict[str, str], stop: threading.Event, outcomes: list, n: int) -> None:
    """Alternate list reads and question submissions until told to stop."""
    i = 0
    while not stop.is_set():
        i += 1
        sent = time.monotonic()
        status: int | str
        try:
            if n % 2:
                status = call(url + "/api/questions", headers, "POST",
                              {"body": f"Drain test question {n}-{i}: what happens on deploy day?"}, timeout=30)[0]
            else:
                status = call(url + "/api/questions?pageSize=20", headers, timeout=30)[0]
        except OSError as exc:
            status = type(exc).__name__
        outcomes.append((sent, status))


@pytest.mark.timeout(120)
def test_sigterm_drains_requests_and_hands_streams_over(rig):
    add_people(rig, STREAMS)
    redis = rig.redis()
    a = rig.server(redis.url, 2525, name="a", extra={"SSE_HEARTBEAT_SECONDS": "2", **small_delay(rig, "a")})
    b = rig.server(redis.url, 2525, name="b", extra={"SSE_HEARTBEAT_SECONDS": "2", **small_delay(rig, "b")})
    people = [r[0] for r in rig.sql("SELECT sso_id FROM app_user WHERE email LIKE 'extra-%%' ORDER BY email")]
    until = time.time() + 12
    clients = [SseClient(a.port, b.port, rig.sign_in(redis.url, p), until) for p in people[:STREAMS]]
    for c in clients:
        c.start()
    assert all(c.connected.wait(10) for c in clients), "streams did not connect to A"
    writer = rig.sign_in(redis.url, "bob")
    stop, outcomes = threading.Event(), []
    workers = [threading.Thread(target=load, args=(a.url, rig.sign_in(redis.url, "alice"), stop, outcomes, n),
                                daemon=True) for n in range(WORKERS)]
    for w in workers:
        w.start()
    published = 0
    for i in range(4):
        published += call(b.url + "/api/questions", writer, "POST", {"body": f"Before the signal, event {i}?"})[0] == 201
        time.sleep(0.25)
    signal_at = time.monotonic()
    a.signal(15)  # SIGTERM
    for i in range(8):
        published += call(b.url + "/api/questions", writer, "POST", {"body": f"After the signal, event {i}?"})[0] == 201
        time.sleep(0.25)
    stop.set()
    for w in workers:
        w.join(timeout=35)
    exit_code = a.proc.wait(timeout=40)
    for c in clients:
        c.join(timeout=15)

    # sent before the drain delay ended (the port still open), with a margin for the connection to be taken
    accepted = [(t, s) for t, s in outcomes if t < signal_at + DRAIN_DELAY - GRACE]
    failed = [s for _, s in accepted if s not in (200, 201)]
    assert accepted and not failed, f"{len(failed)} of {len(accepted)} accepted requests failed: {failed[:10]}"
    assert exit_code == 0
    union = set().union(*(c.ids for c in clients))
    # the load's own submissions are events too, so the union holds at least what B published
    assert published == 12 and len(union) >= published, f"{published} published through B, {len(union)} seen"
    for c in clients:
        assert c.error is None, c.error
        assert c.retry_before_close, "a stream on A closed without a retry hint"
        assert sorted(c.ids) == sorted(union), f"a stream missed {sorted(union - set(c.ids))}"
        assert len(c.ids) == len(set(c.ids)), "a stream received an event twice"


# --- the drain delay on one real server -------------------------------------------------------------

LONG_DELAY = 3.0  # long enough for the probes below on a busy two-core machine


def drain_server(database: str, folder: Path, delay: float) -> ServeProcess:
    """A test-profile `pulsestage serve` with server.drain_delay_seconds = delay, ready."""
    config = folder / "drain.toml"
    config.write_text(f"[server]\ndrain_delay_seconds = {delay}\n")
    env = {"PULSESTAGE_PROFILE": "test", "DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(folder / "data"),
           "HOST": "127.0.0.1", "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0",
           "SSE_HEARTBEAT_SECONDS": "0.3"}
    server = ServeProcess(env, "--config", str(config))
    server.wait_ready(timeout=60)
    return server


def status(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    """GET on a new connection; the status code."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers=headers or {})
        return conn.getresponse().status
    finally:
        conn.close()


def demo_cookie(port: int) -> dict[str, str]:
    """A demo sign-in as alice; the Cookie header of the new session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/auth/demo?user=alice&tenant=default")
        response = conn.getresponse()
        cookie = response.getheader("Set-Cookie") or ""
        response.read()
    finally:
        conn.close()
    assert cookie, "the demo sign-in set no cookie"
    return {"Cookie": cookie.split(";", 1)[0]}


def refused(port: int) -> bool:
    """Whether a TCP connection to the port is refused."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


class StreamReader(threading.Thread):
    """Reads one open SSE response to its end, noting when each line arrived."""

    def __init__(self, conn: http.client.HTTPConnection, response: http.client.HTTPResponse) -> None:
        super().__init__(daemon=True)
        self.conn, self.response = conn, response
        self.lines: list[tuple[float, bytes]] = []
        self.ended_at: float | None = None

    def run(self) -> None:
        try:
            while line := self.response.readline():
                self.lines.append((time.monotonic(), line))
        except OSError:
            pass
        self.ended_at = time.monotonic()
        self.conn.close()

    def between(self, start: float, end: float) -> list[bytes]:
        """The lines that arrived in [start, end)."""
        return [line for at, line in self.lines if start <= at < end]


def open_stream(port: int, headers: dict[str, str]) -> StreamReader:
    """GET /events, wait for the `connected` frame, keep reading in the background."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/events", headers={**headers, "Accept": "text/event-stream"})
    response = conn.getresponse()
    assert response.status == 200
    reader = StreamReader(conn, response)
    reader.start()
    deadline = time.monotonic() + 10
    while not any(b'"connected"' in line for _, line in reader.lines):
        assert time.monotonic() < deadline, "the stream never said connected"
        time.sleep(0.05)
    return reader


@pytest.mark.timeout(90)
def test_drain_delay_keeps_serving_with_readiness_503_then_closes(database, tmp_path):
    server = drain_server(database, tmp_path, LONG_DELAY)
    port = server.port
    try:
        cookie = demo_cookie(port)
        stream = open_stream(port, cookie)
        signal_at = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        while status(port, "/health/ready") != 503:
            assert time.monotonic() - signal_at < LONG_DELAY, "readiness never turned 503"
            time.sleep(0.02)
        # new connections during the delay: accepted and served as usual
        assert status(port, "/health/live") == 200
        assert status(port, "/api/users/me", cookie) == 200
        assert status(port, "/health/ready") == 503
        probed_at = time.monotonic()
        assert probed_at - signal_at < LONG_DELAY, "the probes ran past the delay; nothing was shown"

        stream.join(timeout=LONG_DELAY + 20)
        assert stream.ended_at is not None, "the stream stayed open after the delay"
        assert refused(port), "the port still accepts connections after the delay"
        assert server.proc.wait(timeout=30) == 0, server.output()

        during = stream.between(signal_at, signal_at + LONG_DELAY)
        assert any(b'"heartbeat"' in line for line in during), "the stream went quiet during the delay"
        assert not any(line.startswith(b"retry:") for line in during), "the stream was ended during the delay"
        after = stream.between(signal_at + LONG_DELAY, stream.ended_at + 1)
        assert any(line.startswith(b"retry:") for line in after), "the stream ended without a retry hint"
        assert stream.ended_at - signal_at >= LONG_DELAY
        log = server.log.read_text()  # all of it: output() keeps only the tail
        phases = ["drain: readiness 503, still serving", "drain: delay over",
                  "drain: listening sockets closed", '"drained"']
        at = [log.find(phase) for phase in phases]
        assert -1 not in at and at == sorted(at), f"drain phases missing or out of order:\n{log}"
    finally:
        server.stop()


@pytest.mark.timeout(90)
def test_second_sigterm_cuts_the_drain_delay_short(database, tmp_path):
    server = drain_server(database, tmp_path, 60.0)
    port = server.port
    try:
        signal_at = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        while status(port, "/health/ready") != 503:
            assert time.monotonic() - signal_at < 10, "readiness never turned 503"
            time.sleep(0.02)
        assert status(port, "/health/live") == 200  # in the delay: still serving
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=20) == 0, server.output()
        assert time.monotonic() - signal_at < 20
        assert "cut short" in server.log.read_text()
    finally:
        server.stop()
