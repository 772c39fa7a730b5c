"""PostgreSQL client tools for backups: which pg_dump/pg_restore/pg_dumpall to run, and how.

Candidates, in order: the folder in PULSESTAGE_PG_BIN, `pg_dump` on PATH, Debian's
/usr/lib/postgresql/<major>/bin, and the embedded wheel's own bin folder. The tool whose major
version equals the server's is preferred, else the oldest newer one (pg_dump reads older servers,
never newer ones). PULSESTAGE_PG_BIN, when set, is the only candidate, and a version it cannot
handle is an error that says what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import psycopg2
from psycopg2.extensions import make_dsn, parse_dsn

PG_BIN_ENV = "PULSESTAGE_PG_BIN"
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


class ToolError(RuntimeError):
    """A backup tool is missing, too old, or failed; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Tool:
    """One client binary and its major version."""

    path: Path
    major: int


@cache
def tool_major(path: Path) -> int | None:
    """The major version printed by `<tool> --version`, or None if it does not run."""
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    match = _VERSION.search(out.stdout)
    return int(match.group(1)) if match else None


def candidate_dirs() -> list[Path]:
    """Folders that may hold PostgreSQL client tools, in preference order."""
    explicit = os.environ.get(PG_BIN_ENV)
    if explicit:
        return [Path(explicit)]
    found: list[Path] = []
    on_path = shutil.which("pg_dump")
    if on_path:
        found.append(Path(on_path).resolve().parent)
    found += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    try:
        from pulsestage.db.embedded_proc import PG_BIN

        found.append(PG_BIN)
    except ImportError:
        pass
    unique: list[Path] = []
    for folder in found:
        if folder not in unique:
            unique.append(folder)
    return unique


def choose(name: str, server_major: int) -> Tool:
    """The `name` binary able to work with a server of `server_major` (exact major preferred)."""
    tools = []
    for folder in candidate_dirs():
        path = folder / name
        major = tool_major(path) if path.is_file() else None
        if major is not None:
            tools.append(Tool(path, major))
    usable = [t for t in tools if t.major >= server_major]
    if usable:
        return min(usable, key=lambda t: (t.major != server_major, t.major))
    seen = ", ".join(f"{t.path} ({t.major})" for t in tools) or "none found"
    raise ToolError(
        f"no {name} for PostgreSQL {server_major}: {name} must be version {server_major} or newer "
        f"(found: {seen}); install postgresql-client-{server_major} or set {PG_BIN_ENV} to its bin folder"
    )


def server_major(dsn: str) -> int:
    """The major version of the server at `dsn`."""
    with psycopg2.connect(dsn, connect_timeout=10) as conn, conn.cursor() as cur:
        cur.execute("SELECT current_setting('server_version_num')::int")
        major = cur.fetchone()[0] // 10000
    conn.close()
    return major


def with_database(dsn: str, dbname: str) -> str:
    """The same connection with another database name (URL or key=value DSN)."""
    return make_dsn(dsn, dbname=dbname)


def conn_args(dsn: str) -> tuple[str, dict[str, str]]:
    """A password-free connection string for argv, and an environment carrying the password.

    Passwords never go on a command line, where `ps` would show them to every local user.
    """
    parts = parse_dsn(dsn)
    password = parts.pop("password", None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if password:
        env["PGPASSWORD"] = password
    return make_dsn(**parts), env


def run(tool: Tool, args: list[str], env: dict[str, str], timeout: float = 3600) -> str:
    """Run a client tool; raise ToolError with its last lines of stderr on failure."""
    try:
        done = subprocess.run([str(tool.path), *args], capture_output=True, text=True, env=env,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"{tool.path.name} timed out after {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise ToolError(f"{tool.path.name} {tool.major} failed (exit {done.returncode}): {tail}")
    return done.stdout
