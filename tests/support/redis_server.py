"""Redis for tests: REDIS_URL, else 127.0.0.1:6379 if it answers, else a redis-server we start."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time

import redis


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A Redis URL for the test session (database number picked to avoid other runs' keys)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        # TEST_REDIS_URL=spawn forces a redis-server of our own (what a machine without Redis gets)
        url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
        if url == "spawn":
            url = None
        elif not url and _answers("redis://127.0.0.1:6379/0"):
            url = "redis://127.0.0.1:6379"
        if not url:
            binary = shutil.which("redis-server")
            if binary is None:
                raise RuntimeError("no Redis reachable and no redis-server binary: install redis-server")
            port = _free_port()
            folder = tempfile.mkdtemp(prefix="pulsestage-test-redis-")
            self.process = subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", folder],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            url = f"redis://127.0.0.1:{port}"
            deadline = time.monotonic() + 10
            while not _answers(url):
                if time.monotonic() > deadline:
                    raise RuntimeError("the test redis-server did not start")
                time.sleep(0.05)
        self.base = url.rstrip("/").rsplit("/", 1)[0] if url.count("/") > 2 else url.rstrip("/")
        self.db = 1 + os.getpid() % 15

    @property
    def url(self) -> str:
        """The URL tests use (a numbered database of the server)."""
        return f"{self.base}/{self.db}"

    def flush(self) -> None:
        """Empty the test database."""
        redis.Redis.from_url(self.url).flushdb()

    def close(self) -> None:
        """Stop the server we started, if any."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
