"""Processes a benchmark starts: redis-server, the SMTP sink, `pulsestage serve` and the bare app.

Every process is started by one object and stopped by the same object (SIGTERM, then SIGKILL after
a bounded wait); `Stack` stops everything it started, in reverse order, even after a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SESSION_SECRET = "bench-session-secret-0123456789abcdefghij"  # 40 characters, never a real secret
CONFIG_FILE = Path(__file__).with_name("bench.toml")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """The status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


class Proc:
    """A child process with its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str] | None = None,
                 log_dir: Path | None = None, cwd: Path = ROOT) -> None:
        self.name = name
        self.log = (log_dir or Path(tempfile.gettempdir())) / f"{name}.log"
        self._out = self.log.open("w")
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env or dict(os.environ), stdout=self._out,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        """The child's pid."""
        return self.proc.pid

    def alive(self) -> bool:
        """Whether it still runs."""
        return self.proc.poll() is None

    def tail(self, chars: int = 3000) -> str:
        """The end of its output."""
        self._out.flush()
        return self.log.read_text(errors="replace")[-chars:]

    def signal(self, sig: int) -> None:
        """Send a signal to the child only (never to a group or by name)."""
        if self.alive():
            self.proc.send_signal(sig)

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, wait, SIGKILL if it hangs; returns the exit code."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if not self._out.closed:
            self._out.close()
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL and reap."""
        if self.alive():
            self.proc.kill()
            self.proc.wait(timeout=10)


class Redis(Proc):
    """A redis-server of our own on a free port (nothing persisted unless `aof`)."""

    def __init__(self, log_dir: Path, port: int | None = None, aof: bool = False, folder: Path | None = None) -> None:
        self.port = port or free_port()
        self.dir = folder or Path(tempfile.mkdtemp(prefix="bench-redis-", dir=log_dir))  # same folder = same data
        binary = shutil.which("redis-server") or "redis-server"
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if aof else ["--appendonly", "no"]
        self.aof = aof
        super().__init__(f"redis-{self.port}-{int(time.time() * 1000) % 100000}", [binary, "--port", str(self.port), "--bind", "127.0.0.1",
                                                "--save", "", *persistence, "--dir", str(self.dir)],
                         log_dir=log_dir)
        self.wait()

    @property
    def url(self) -> str:
        """Base URL (database 0)."""
        return f"redis://127.0.0.1:{self.port}/0"

    def wait(self, timeout: float = 10.0) -> None:
        """Until it answers PING."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if not self.alive():
                break
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start: {self.tail()}")


class Sink(Proc):
    """The SMTP sink (bench/sink.py): every accepted message is one line in `out`."""

    def __init__(self, log_dir: Path, port: int | None = None, out: Path | None = None,
                 fail_first: int = 0) -> None:
        self.port = port or free_port()
        self.out = out or log_dir / f"sink-{self.port}.tsv"
        argv = [PYTHON, "-m", "bench.sink", "--port", str(self.port), "--out", str(self.out)]
        if fail_first:
            argv += ["--fail-first", str(fail_first)]
        super().__init__(f"sink-{self.port}", argv, log_dir=log_dir)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if not self.alive():
                    break
                time.sleep(0.05)
        raise RuntimeError(f"SMTP sink did not start: {self.tail()}")

    def lines(self) -> list[list[str]]:
        """Accepted messages: [arrival time, recipient, subject, Message-ID] each."""
        if not self.out.exists():
            return []
        return [line.split("\t") for line in self.out.read_text().splitlines() if line.count("\t") == 3]


def prod_env(*, database_url: str, redis_url: str, port: int, data_dir: Path, smtp_port: int,
             extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a prod-profile server pointed at our scratch services."""
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("PULSESTAGE_", "DATABASE_", "REDIS_", "SESSION_", "SMTP_", "EMAIL_",
                                 "GITHUB_", "GOOGLE_", "PUBLIC_URL", "PORT", "AUTH_MODE", "RESEND_"))}
    return {
        **keep,
        "PULSESTAGE_PROFILE": "prod", "PULSESTAGE_CONFIG": str(CONFIG_FILE),
        "PULSESTAGE_DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "SESSION_SECRET": SESSION_SECRET, "PUBLIC_URL": "https://bench.local", "PORT": str(port),
        "GITHUB_CLIENT_ID": "bench-client", "GITHUB_CLIENT_SECRET": "bench-client-secret",
        "EMAIL_PROVIDER": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port),
        "SMTP_SECURITY": "none", "AUTH_MODE_DEMO": "false", **(extra or {}),
    }


class Server(Proc):
    """`python -m pulsestage serve` (or any argv) answering on 127.0.0.1:port."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path,
                 argv: list[str] | None = None) -> None:
        self.port = int(env["PORT"])
        self.started = time.monotonic()
        super().__init__(name, argv or [PYTHON, "-m", "pulsestage", "serve", "--host", "127.0.0.1"],
                         env=env, log_dir=log_dir)

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, path: str = "/health/ready", timeout: float = 60.0) -> float:
        """Seconds from spawn until `path` answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            if http_status(self.url + path, timeout=1.0) == 200:
                return time.monotonic() - self.started
            time.sleep(0.02)
        raise TimeoutError(f"{self.name} not ready after {timeout}s:\n{self.tail()}")


class Stack:
    """Owns every process of one benchmark; `close()` stops them newest first."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self._procs: list[Proc] = []

    def add(self, proc: Proc) -> Proc:
        """Track a started process."""
        self._procs.append(proc)
        return proc

    def close(self) -> None:
        """Stop everything we started."""
        while self._procs:
            proc = self._procs.pop()
            try:
                proc.stop(timeout=30)
            except Exception:  # keep stopping the others
                proc.kill()

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
