"""The embedded PostgreSQL of the dev profile: one cluster per data dir, owned by exactly one process."""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import psycopg2

from pulsestage.db.embedded_proc import (
    PG_BIN,
    EmbeddedPostgresError,
    Postmaster,
    RunAs,
    check_reachable,
    chown_tree,
    ensure_private_dir,
    is_postmaster_of,
    log_tail,
    pid_alive,
    postmaster_lines,
    run_tool,
    service_user,
    wait_gone,
)

__all__ = ["EmbeddedPostgres", "EmbeddedPostgresError"]

log = logging.getLogger(__name__)

PORT = 5432
DATABASE = "ama"
ROLE = "app"
SUPERUSER = "postgres"
MAX_SOCKET_PATH = 107  # sizeof(sockaddr_un.sun_path) minus the NUL
READY_TIMEOUT = 30.0
LOG_ROTATE_BYTES = 10 * 1024 * 1024

# Constant identifiers only: nothing here is built from input.
SQL_ROLE_EXISTS = "SELECT 1 FROM pg_roles WHERE rolname = %s"
SQL_CREATE_ROLE = "CREATE ROLE app LOGIN CREATEROLE NOSUPERUSER"
SQL_DATABASE_EXISTS = "SELECT 1 FROM pg_database WHERE datname = %s"
SQL_CREATE_DATABASE = "CREATE DATABASE ama OWNER app"
SQL_SEARCH_LEAKPROOF = "ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF"


def _conninfo_value(value: str) -> str:
    if value and not any(c in value for c in " '\\\t\n"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class EmbeddedPostgres:
    """A PostgreSQL cluster under `<data_dir>/pg`, socket-only, started and stopped by this process."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(os.path.abspath(data_dir))
        self._lock_fd: int | None = None
        self._server: Postmaster | None = None
        self._who: RunAs | None = None
        self._mutex = threading.Lock()

    @property
    def pg_dir(self) -> Path:
        """The folder PulseStage owns inside the data dir (and, as root, chowns to the service user)."""
        return self.data_dir / "pg"

    @property
    def cluster_dir(self) -> Path:
        """The PostgreSQL data directory (PGDATA)."""
        return self.pg_dir / "data"

    @property
    def log_path(self) -> Path:
        """The server log."""
        return self.pg_dir / "log" / "postgres.log"

    @property
    def socket_dir(self) -> Path:
        """The unix socket folder: `<pg>/run`, or a private folder in /tmp when that path is too long."""
        run = self.pg_dir / "run"
        if len(os.fsencode(run / f".s.PGSQL.{PORT}")) <= MAX_SOCKET_PATH:
            return run
        digest = hashlib.sha256(os.fsencode(self.data_dir)).hexdigest()[:16]
        return Path("/tmp") / f"pulsestage-pg-{digest}"

    def dsn(self, user: str = ROLE, dbname: str = DATABASE) -> str:
        """Return the libpq key/value DSN for `dbname` as `user` over the unix socket."""
        host = _conninfo_value(str(self.socket_dir))
        return f"host={host} port={PORT} dbname={dbname} user={user}"

    async def start(self) -> str:
        """Start the cluster (initialising it on first use) and return the DSN of database `ama`."""
        return await asyncio.to_thread(self.start_sync)

    async def stop(self) -> None:
        """Stop the cluster cleanly and release the data dir."""
        await asyncio.to_thread(self.stop_sync)

    def start_sync(self) -> str:
        """Blocking `start()`, for CLI commands and test fixtures."""
        with self._mutex:
            if self._server is not None and self._server.running:
                return self.dsn()
            began = time.monotonic()
            try:
                self._start()
            except BaseException as exc:
                self._stop()
                if isinstance(exc, OSError):
                    raise EmbeddedPostgresError(f"embedded PostgreSQL in {self.data_dir}: {exc}") from exc
                raise
        log.info("embedded PostgreSQL ready in %.2f s (%s)", time.monotonic() - began, self.cluster_dir)
        return self.dsn()

    def stop_sync(self) -> None:
        """Blocking `stop()`; safe to call twice or after a failed start."""
        # the mutex makes a stop() that races a cancelled start() wait for it, then stop the server
        with self._mutex:
            self._stop()

    def _start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = self.data_dir.resolve()  # the postmaster's cwd is the resolved path
        self._acquire_lock()
        self._who = service_user() if os.geteuid() == 0 else None
        self._prepare_dirs()
        self._clear_stale_state()
        # only once no old server is writing in it (a killed owner's postgres may still be checkpointing)
        if self._who is not None:
            chown_tree(self.pg_dir, self._who)
        if not (self.cluster_dir / "PG_VERSION").exists():
            self._initdb()
        self._launch()
        self._bootstrap()

    def _stop(self) -> None:
        try:
            if self._server is not None:
                self._server.stop()
                log.info("embedded PostgreSQL stopped (%s)", self.cluster_dir)
        finally:
            self._server = None
            if self._lock_fd is not None:
                # closing drops the flock; the file stays so a waiting process never locks an unlinked inode
                os.close(self._lock_fd)
                self._lock_fd = None

    def _acquire_lock(self) -> None:
        self.pg_dir.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(self.pg_dir / "pulsestage.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise EmbeddedPostgresError(
                f"{self.data_dir} is in use by another PulseStage process (pid {holder}); "
                "stop it first or use another PULSESTAGE_DATA_DIR"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd

    def _prepare_dirs(self) -> None:
        for folder in (self.pg_dir / "run", self.log_path.parent):
            folder.mkdir(mode=0o700, exist_ok=True)
        if self.log_path.exists() and self.log_path.stat().st_size > LOG_ROTATE_BYTES:
            self.log_path.replace(self.log_path.with_suffix(".log.1"))
        self.log_path.touch(mode=0o600)  # before chown_tree, so it never stays root-owned
        if self._who is not None:
            check_reachable(self.data_dir, self._who)
        if self.socket_dir.parent != self.pg_dir:
            ensure_private_dir(self.socket_dir, self._who)  # vetted before stale sockets are removed in it

    def _clear_stale_state(self) -> None:
        lines = postmaster_lines(self.cluster_dir)
        pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
        if pid is not None and pid_alive(pid) and is_postmaster_of(pid, self.cluster_dir):
            # we hold the lock, so this server belongs to a PulseStage that died without stopping it
            log.warning("stopping orphaned PostgreSQL (pid %s) left on %s", pid, self.cluster_dir)
            self._stop_orphan(pid)
        for stale in (self.cluster_dir / "postmaster.pid", *self.socket_dir.glob(".s.PGSQL.*")):
            if stale.exists() or stale.is_symlink():
                stale.unlink()

    def _stop_orphan(self, pid: int) -> None:
        for mode in ("fast", "immediate"):
            try:
                args = ["stop", "-D", str(self.cluster_dir), "-m", mode, "-w", "-t", "15"]
                run_tool("pg_ctl", args, self._who, self.pg_dir, timeout=20)
            except EmbeddedPostgresError as exc:
                log.warning("pg_ctl stop -m %s of orphan %s failed: %s", mode, pid, exc)
            if wait_gone(pid, 5.0):
                return
        try:
            os.kill(pid, signal.SIGKILL)
        except PermissionError as exc:
            raise EmbeddedPostgresError(
                f"orphaned PostgreSQL pid {pid} on {self.cluster_dir} belongs to "
                "another user; stop it as that user"
            ) from exc
        if not wait_gone(pid, 5.0):
            raise EmbeddedPostgresError(f"could not stop orphaned PostgreSQL pid {pid} on {self.cluster_dir}")

    def _initdb(self) -> None:
        # initdb into a side folder and rename, so a crash mid-init never leaves a half cluster behind
        fresh = self.pg_dir / "data.initdb"
        shutil.rmtree(fresh, ignore_errors=True)
        args = [
            "-D",
            str(fresh),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            "--text-search-config=english",
        ]
        log.info("initialising embedded PostgreSQL cluster in %s", self.cluster_dir)
        run_tool("initdb", args, self._who, self.pg_dir, timeout=120)
        fresh.rename(self.cluster_dir)

    def _launch(self) -> None:
        sockets = '"' + str(self.socket_dir).replace('"', '""') + '"'
        argv = [
            str(PG_BIN / "postgres"),
            "-D",
            str(self.cluster_dir),
            "-p",
            str(PORT),
            "-c",
            "listen_addresses=",
            "-c",
            f"unix_socket_directories={sockets}",
            "-c",
            "unix_socket_permissions=0700",
        ]
        self._server = Postmaster(argv, self._who, self.pg_dir, self.log_path)
        pid = self._server.launch()
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            lines = postmaster_lines(self.cluster_dir)
            if len(lines) >= 8 and lines[0].strip() == str(pid) and lines[7].strip() == "ready":
                return
            if not self._server.running or time.monotonic() > deadline:
                reason = "exited" if not self._server.running else f"not ready after {READY_TIMEOUT:.0f} s"
                raise EmbeddedPostgresError(
                    f"embedded PostgreSQL {reason}; last lines of {self.log_path}:\n{log_tail(self.log_path)}"
                )
            time.sleep(0.02)

    def _bootstrap(self) -> None:
        # idempotent on every start, so a crash between initdb and here heals on the next start
        try:
            conn = psycopg2.connect(self.dsn(SUPERUSER, "postgres"), connect_timeout=10)
        except psycopg2.OperationalError as exc:
            raise EmbeddedPostgresError(
                f"embedded PostgreSQL is not accepting connections: {exc}; last lines of "
                f"{self.log_path}:\n{log_tail(self.log_path)}"
            ) from exc
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(SQL_ROLE_EXISTS, (ROLE,))
                if cur.fetchone() is None:
                    cur.execute(SQL_CREATE_ROLE)
                cur.execute(SQL_DATABASE_EXISTS, (DATABASE,))
                if cur.fetchone() is None:
                    cur.execute(SQL_CREATE_DATABASE)
        finally:
            conn.close()
        self._mark_search_leakproof()

    def _mark_search_leakproof(self) -> None:
        # the app role is no superuser, so the search-index migration (0004) cannot do this itself
        conn = psycopg2.connect(self.dsn(SUPERUSER, DATABASE), connect_timeout=10)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(SQL_SEARCH_LEAKPROOF)
        finally:
            conn.close()
