"""A small development reloader: run `pulsestage serve` in a child and restart it on .py changes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _snapshot() -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in PACKAGE.rglob("*.py")}


def run_with_reload() -> int:
    """Serve in a child process; restart it whenever a source file changes."""
    argv = [sys.executable, "-m", "pulsestage", "serve"]
    child = subprocess.Popen(argv)
    seen = _snapshot()
    try:
        while True:
            time.sleep(1.0)
            now = _snapshot()
            if now != seen:
                seen = now
                print("pulsestage: source changed, restarting", file=sys.stderr)
                child.terminate()
                child.wait(timeout=35)
                child = subprocess.Popen(argv)
            elif child.poll() is not None and child.returncode not in (0, -15):
                time.sleep(1.0)  # crashed: wait for the next change rather than spinning
    except KeyboardInterrupt:
        child.terminate()
        return child.wait(timeout=35)
