"""Drive `wrk` (Debian's wrk 4) with a Lua script and read back its JSON summary line.

wrk is a C load generator (epoll, one thread per core) and costs a few percent of a core at the
rates measured here, so it is not the bottleneck. Its latencies are measured from the moment a
request is written on an idle connection (closed-loop load, no coordinated-omission correction):
p99 figures are what 64 busy clients see, not an open-loop arrival model.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

LUA = Path(__file__).with_name("lua")


@dataclass(slots=True)
class WrkResult:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def ok(self, *codes: int) -> int:
        """Responses with one of `codes` (default: any 2xx)."""
        wanted = {str(c) for c in codes}
        return sum(n for s, n in self.statuses.items() if (s in wanted if codes else s.startswith("2")))

    def summary(self) -> dict:
        """Plain figures for the results file."""
        return {"requests": self.requests, "seconds": round(self.seconds, 2), "rps": round(self.rps, 1),
                "p50_ms": self.p50_ms, "p90_ms": self.p90_ms, "p99_ms": self.p99_ms, "max_ms": self.max_ms,
                "errors": self.errors, "statuses": self.statuses}


def lua_value(value) -> str:
    """A Python constant as Lua source."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid Lua escapes for these values
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{json.dumps(k)}] = {lua_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "{" + ", ".join(lua_value(v) for v in value) + "}"
    raise TypeError(type(value))


def script(name: str, constants: dict, folder: Path) -> Path:
    """Write constants + prelude + `lua/<name>.lua` into one script file."""
    header = "".join(f"{key} = {lua_value(value)}\n" for key, value in constants.items())
    text = header + (LUA / "prelude.lua").read_text() + (LUA / f"{name}.lua").read_text()
    path = folder / f"{name}-{abs(hash(header)) % 10**8}.lua"
    path.write_text(text)
    return path


def run(url: str, name: str, *, connections: int, seconds: float, threads: int = 2,
        constants: dict | None = None, timeout_s: int = 5, folder: Path | None = None) -> WrkResult:
    """Run wrk against `url` for `seconds` with `connections` and script `name`."""
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    threads = max(1, min(threads, connections))
    consts = {"BASE_HEADERS": {"Accept": "application/json"}, "SESSIONS": "", "THREADS": threads,
              "BARE": False, **(constants or {})}
    folder = folder or Path(tempfile.mkdtemp(prefix="bench-wrk-"))
    path = script(name, consts, folder)
    argv = [binary, "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
            "--timeout", f"{timeout_s}s", "-s", str(path), url]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^BENCH_JSON (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
    data = json.loads(match.group(1))
    statuses: dict[str, int] = {}
    for item in data["statuses"]:
        for code, n in item.items():
            statuses[code] = statuses.get(code, 0) + n
    return WrkResult(
        requests=data["requests"], seconds=data["duration_us"] / 1e6,
        p50_ms=round(data["p50_us"] / 1000, 2), p90_ms=round(data["p90_us"] / 1000, 2),
        p99_ms=round(data["p99_us"] / 1000, 2), max_ms=round(data["max_us"] / 1000, 2),
        errors=data["errors"], statuses=statuses,
    )
