"""What every benchmark shares: a run folder, its processes, and the shape of a result.

A `Run` owns a temporary folder and a `Stack` of processes; `redis()`, `sink()`, `server()` and
`bare()` start them on free ports (all on 127.0.0.1) and the run stops them all at the end, even
after a failure. A benchmark returns a `Result`: rows of (metric, real, bare, ratio, target, met).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import procs, scratch


@dataclass(slots=True)
class Row:
    """One measured figure against its target."""

    metric: str
    real: float | None
    target: str
    met: bool | None
    bare: float | None = None
    unit: str = ""

    @property
    def ratio(self) -> float | None:
        """real / bare, when both exist."""
        if self.real is None or not self.bare:
            return None
        return round(self.real / self.bare, 3)


@dataclass(slots=True)
class Result:
    """Everything one benchmark reports."""

    name: str
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    blocked: str | None = None  # why it could not be measured
    when: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    seconds: float = 0.0

    def row(self, metric: str, real: float | None, target: str, met: bool | None, bare: float | None = None,
            unit: str = "") -> Row:
        """Add a figure."""
        item = Row(metric, None if real is None else round(real, 2), target, met,
                   None if bare is None else round(bare, 2), unit)
        self.rows.append(item)
        return item

    def as_dict(self) -> dict:
        """For results/<name>.json."""
        data = asdict(self)
        for row, item in zip(data["rows"], self.rows, strict=True):
            row["ratio"] = item.ratio
        return data


def load_average() -> str:
    """The 1-minute load average (the machine is shared; noisy neighbours show here)."""
    return f"{os.getloadavg()[0]:.2f}"


class Run:
    """One benchmark's folder and processes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.dir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self.dir.chmod(0o755)  # an embedded PostgreSQL's service user must be able to enter it
        self.stack = procs.Stack(self.dir)
        self.databases: list[str] = []
        self.started = time.monotonic()

    def redis(self, aof: bool = False) -> procs.Redis:
        """A fresh redis-server of our own."""
        return self.stack.add(procs.Redis(self.dir, aof=aof))

    def sink(self, **kwargs) -> procs.Sink:
        """A fresh SMTP sink."""
        return self.stack.add(procs.Sink(self.dir, **kwargs))

    def database(self, kind: str, writable: bool) -> str:
        """The seeded database (read-only use) or a throwaway copy of it (dropped at the end)."""
        if not writable:
            return scratch.seeded(kind)
        name = scratch.copy(kind, self.name)
        self.databases.append(name)
        return name

    def server(self, db: str, redis: procs.Redis, sink: procs.Sink | None = None,
               extra: dict[str, str] | None = None, name: str = "server", wait: bool = True) -> procs.Server:
        """`pulsestage serve` on the prod profile against database `db`."""
        env = procs.prod_env(database_url=scratch.dsn_for(db), redis_url=redis.url, port=procs.free_port(),
                             data_dir=self.dir / name, smtp_port=sink.port if sink else 2525, extra=extra)
        server = self.stack.add(procs.Server(name, env, self.dir))
        if wait:
            server.wait_ready()
        return server

    def bare(self, db: str, env: dict[str, str]) -> procs.Server:
        """bench/bare_app.py against database `db`."""
        full = {**os.environ, "DATABASE_URL": scratch.dsn_for(db), "PORT": str(procs.free_port()), **env}
        server = self.stack.add(procs.Server("bare", full, self.dir, argv=[procs.PYTHON, "-m", "bench.bare_app"]))
        server.wait_ready()
        return server

    def stop(self, proc: procs.Proc) -> None:
        """Stop one process now (the stack skips it later)."""
        proc.stop()

    def close(self, keep: bool = False) -> None:
        """Stop every process, drop throwaway databases, remove the folder (unless `keep`)."""
        self.stack.close()
        for name in self.databases:
            scratch.drop(name)
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Run:
        return self

    def __exit__(self, exc_type, *rest) -> None:
        keep = os.environ.get("BENCH_KEEP") == "1"  # keep logs and folders for a post-mortem
        if keep:
            print(f"bench: kept {self.dir}", flush=True)
        self.close(keep=keep)
