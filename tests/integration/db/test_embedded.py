"""The embedded PostgreSQL lifecycle: persistence, exclusive ownership, crash recovery, root handling."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import aiopg
import psycopg2
import pytest

from pulsestage.db.embedded import EmbeddedPostgres, EmbeddedPostgresError
from pulsestage.db.embedded_proc import PG_BIN, SERVICE_USER

REPO = Path(__file__).resolve().parents[3]
AS_ROOT = os.geteuid() == 0
OWNER_SCRIPT = """
import sys, time
from pathlib import Path
from pulsestage.db.embedded import EmbeddedPostgres
EmbeddedPostgres(Path(sys.argv[1])).start_sync()
print("READY", flush=True)
time.sleep(120)
"""


@pytest.fixture
def base_dir():
    """A scratch folder the unprivileged postgres user can traverse (pytest's tmp root is 0700)."""
    base = Path(tempfile.mkdtemp(prefix="ps-pg-", dir="/tmp"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def servers():
    """Every EmbeddedPostgres a test creates, stopped at teardown even if the test failed."""
    made: list[EmbeddedPostgres] = []
    yield lambda data_dir: made.append(EmbeddedPostgres(data_dir)) or made[-1]
    for pg in made:
        pg.stop_sync()


@pytest.fixture
def spawn_owner():
    """Start a separate PulseStage-like process that owns a data dir; killed at teardown."""
    procs: list[subprocess.Popen] = []

    def spawn(data_dir: Path, wait_ready: bool = True) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", OWNER_SCRIPT, str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        procs.append(proc)
        if wait_ready:
            assert proc.stdout.readline().strip() == "READY", proc.stderr.read()
        return proc

    yield spawn
    for proc in procs:
        proc.kill()
        proc.wait()


def child_env() -> dict[str, str]:
    """The environment for owner subprocesses: ours, with the repo importable."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def cluster_pids(cluster: Path) -> list[int]:
    """Live processes (postmaster and backends) whose working directory is `cluster`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if state != "Z" and Path(os.readlink(entry / "cwd")) == cluster:
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue
    return found


def query(dsn: str, sql: str, *params) -> list[tuple]:
    """Run one statement in autocommit mode and return its rows (if any)."""
    conn = psycopg2.connect(dsn)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def postmaster_pid(pg: EmbeddedPostgres) -> int:
    """The pid recorded in postmaster.pid."""
    return int((pg.cluster_dir / "postmaster.pid").read_text().split()[0])


async def test_start_stop_restart_keeps_data(base_dir, servers):
    data_dir = base_dir / "data"
    pg = servers(data_dir)
    dsn = await pg.start()
    assert dsn == f"host={data_dir}/pg/run port=5432 dbname=ama user=app"
    async with aiopg.connect(dsn) as conn, conn.cursor() as cur:
        await cur.execute("CREATE TABLE notes (body text)")
        await cur.execute("INSERT INTO notes VALUES ('kept')")
        await cur.execute("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")
        assert await cur.fetchone() == (False, True)
        # the migrations create a NOLOGIN NOBYPASSRLS role, so app must be able to
        await cur.execute("CREATE ROLE tenant_reader NOLOGIN NOBYPASSRLS")
        await cur.execute("SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'ama'")
        assert await cur.fetchone() == ("app",)
        await cur.execute("SHOW listen_addresses")
        assert await cur.fetchone() == ("",)
    await pg.stop()
    assert cluster_pids(pg.cluster_dir) == []

    dsn = await pg.start()  # (how fast: the coldstart benchmark in bench/)
    assert query(dsn, "SELECT body FROM notes") == [("kept",)]
    await pg.stop()
    await pg.stop()  # idempotent


@pytest.mark.skipif(not AS_ROOT, reason="root-only behaviour: postgres runs as an unprivileged user")
def test_as_root_runs_unprivileged_and_leaves_parents_alone(base_dir, servers):
    modes_before = {p: p.stat().st_mode for p in (base_dir, base_dir.parent)}
    pg = servers(base_dir / "data")
    pg.start_sync()
    status = Path(f"/proc/{postmaster_pid(pg)}/status").read_text()
    uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    assert uid != 0
    assert pg.pg_dir.stat().st_uid == uid
    assert (base_dir / "data").stat().st_uid == 0  # only the pg tree is handed over
    assert {p: p.stat().st_mode for p in modes_before} == modes_before
    assert SERVICE_USER in Path("/etc/passwd").read_text() or uid == 65534


@pytest.mark.skipif(not AS_ROOT, reason="root-only behaviour: the unprivileged user must reach the data dir")
def test_as_root_unreachable_data_dir_is_a_clear_error(base_dir, servers):
    private = base_dir / "private"
    private.mkdir(mode=0o700)
    pg = servers(private / "data")
    with pytest.raises(EmbeddedPostgresError, match=r"cannot reach the data dir .*private \(mode 0700"):
        pg.start_sync()
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert not (private / "data" / "pg" / "data").exists()


def test_second_process_gets_clear_error(base_dir, servers):
    data_dir = base_dir / "data"
    pg = servers(data_dir)
    dsn = pg.start_sync()
    second = subprocess.run(
        [sys.executable, "-c", OWNER_SCRIPT, str(data_dir)],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=30,
    )
    assert second.returncode != 0
    expected = (
        f"{data_dir} is in use by another PulseStage process (pid {os.getpid()}); "
        "stop it first or use another PULSESTAGE_DATA_DIR"
    )
    assert expected in second.stderr
    assert query(dsn, "SELECT 1") == [(1,)]


def test_sigkill_of_owner_then_clean_restart(base_dir, servers, spawn_owner):
    data_dir = base_dir / "data"
    pg = servers(data_dir)
    query(pg.start_sync(), "CREATE TABLE t AS SELECT 42 AS n")
    pg.stop_sync()

    owner = spawn_owner(data_dir)
    with pytest.raises(
        EmbeddedPostgresError, match=rf"in use by another PulseStage process \(pid {owner.pid}\)"
    ):
        pg.start_sync()
    old = postmaster_pid(pg)
    owner.send_signal(signal.SIGKILL)
    owner.wait()

    dsn = pg.start_sync()
    assert postmaster_pid(pg) != old
    assert query(dsn, "SELECT n FROM t") == [(42,)]
    pg.stop_sync()
    assert cluster_pids(pg.cluster_dir) == []


def test_orphaned_postmaster_is_stopped_before_start(base_dir, servers, caplog):
    pg = servers(base_dir / "data")
    pg.start_sync()
    pg.stop_sync()
    # what the wheel's own layer leaves behind after a SIGKILL: a detached server nobody stops
    owner = pg.pg_dir.stat().st_uid
    identity = {"user": owner, "group": pg.pg_dir.stat().st_gid, "extra_groups": []} if AS_ROOT else {}
    subprocess.run(
        [
            str(PG_BIN / "pg_ctl"),
            "start",
            "-w",
            "-D",
            str(pg.cluster_dir),
            "-l",
            str(pg.log_path),
            "-o",
            f"-c listen_addresses= -k {pg.socket_dir}",
        ],
        check=True,
        capture_output=True,
        cwd=pg.pg_dir,
        timeout=30,
        **identity,
    )
    orphan = postmaster_pid(pg)

    dsn = pg.start_sync()
    assert f"stopping orphaned PostgreSQL (pid {orphan})" in caplog.text
    assert orphan not in cluster_pids(pg.cluster_dir)
    assert postmaster_pid(pg) != orphan
    assert query(dsn, "SELECT current_database()") == [("ama",)]
    pg.stop_sync()
    assert cluster_pids(pg.cluster_dir) == []


@pytest.mark.parametrize("holder", ["dead", "alive-not-postgres"])
def test_stale_postmaster_pid_is_ignored(base_dir, servers, holder):
    pg = servers(base_dir / "data")
    pg.start_sync()
    pg.stop_sync()
    other = subprocess.Popen(["sleep", "30"])
    if holder == "dead":
        other.kill()
        other.wait()
    try:
        (pg.cluster_dir / "postmaster.pid").write_text(f"{other.pid}\n{pg.cluster_dir}\n")
        assert query(pg.start_sync(), "SELECT 1") == [(1,)]
        assert other.poll() is None or holder == "dead"  # an unrelated process is never signalled
    finally:
        other.kill()
        other.wait()


def test_long_data_dir_uses_private_socket_dir_in_tmp(base_dir, servers):
    data_dir = base_dir / ("x" * 90) / "data"
    pg = servers(data_dir)
    dsn = pg.start_sync()
    sock = pg.socket_dir
    try:
        assert sock.parent == Path("/tmp") and f"host={sock} " in dsn
        assert stat.S_IMODE(sock.lstat().st_mode) == 0o700
        assert query(dsn, "SELECT 1") == [(1,)]
    finally:
        pg.stop_sync()
        shutil.rmtree(sock, ignore_errors=True)


def test_failed_start_reports_the_server_log_and_releases_the_dir(base_dir, servers):
    pg = servers(base_dir / "data")
    pg.start_sync()
    pg.stop_sync()
    conf = pg.cluster_dir / "postgresql.auto.conf"
    original = conf.read_text()
    conf.write_text(original + "shared_buffers = 'lots'\n")
    with pytest.raises(EmbeddedPostgresError, match=r"(?s)exited; last lines of .*shared_buffers"):
        pg.start_sync()
    conf.write_text(original)
    assert query(pg.start_sync(), "SELECT 1") == [(1,)]
