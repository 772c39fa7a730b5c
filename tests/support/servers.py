"""Run a real `pulsestage serve` subprocess for tests, and stop it cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m pulsestage ARGS` to completion."""
    return subprocess.run([sys.executable, "-m", "pulsestage", *args], cwd=ROOT, env=clean_env(env),
                          capture_output=True, text=True, timeout=timeout)


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment minus PulseStage/service variables, plus `extra`."""
    drop = ("DATABASE_URL", "REDIS_URL", "PULSESTAGE_", "SESSION_SECRET", "PUBLIC_URL", "AUTH_MODE",
            "GITHUB_", "GOOGLE_", "PORT", "SMTP_", "RESEND_", "EMAIL_", "MAIL_SINK")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(extra or {})
    return env


class ServeProcess:
    """`pulsestage serve` on a free port; `stop()` sends SIGTERM and waits."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.port = int(env.get("PORT") or free_port())
        env = {**env, "PORT": str(self.port)}
        self.log = Path(env.get("PULSESTAGE_DATA_DIR", "/tmp")) / f"serve-{self.port}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._out = self.log.open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "pulsestage", *args, "serve"], cwd=ROOT,
                                     env=clean_env(env), stdout=self._out, stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60) -> float:
        """Wait for /health/ready to answer 200; return the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with {self.proc.returncode}: {self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/health/ready", timeout=2) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"not ready after {timeout}s: {self.output()}")

    def output(self) -> str:
        """What the server printed."""
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text()[-4000:]

    def stop(self, timeout: float = 40) -> int:
        """SIGTERM and wait; kill if it hangs."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()
        return self.proc.returncode
