"""The PyInstaller executable on a fresh data dir: ready, SPA, and a demo sign-in.

Build it first with `make binary` (dist/pulsestage) or point PULSESTAGE_BINARY at one; building
inside the test would take most of a minute.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
from pathlib import Path

import aiohttp
import pytest

from tests.support.serve_process import free_port

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PULSESTAGE_BINARY") or REPO / "dist" / "pulsestage")
pytestmark = [pytest.mark.slow, pytest.mark.binary]


async def test_binary_starts_on_a_fresh_machine():
    assert BINARY.is_file(), f"no binary at {BINARY}: run make test-binary (it builds it first)"
    folder = Path(tempfile.mkdtemp(prefix="pulsestage-binary-"))
    folder.chmod(0o755)  # as root, the embedded PostgreSQL runs as an unprivileged user
    shutil.copy2(BINARY, folder / "pulsestage")  # away from the checkout: nothing but the binary
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "PULSESTAGE_DATA_DIR": str(folder / "data"),
           "PORT": str(port), "HOST": "127.0.0.1", "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0"}
    log = (folder / "serve.log").open("wb")
    proc = await asyncio.create_subprocess_exec(str(folder / "pulsestage"), "serve", cwd=folder, env=env,
                                                stdout=log, stderr=asyncio.subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            for _ in range(300):
                assert proc.returncode is None, (folder / "serve.log").read_text()[-3000:]
                try:
                    async with http.get(base + "/health/ready") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.3)
            else:
                raise AssertionError("not ready:\n" + (folder / "serve.log").read_text()[-3000:])
            async with http.get(base + "/auth/demo", params={"user": "admin", "tenant": "default"},
                                allow_redirects=False) as r:
                assert r.status == 302
            async with http.get(base + "/auth/session") as r:
                assert (await r.json())["authenticated"] is True
            async with http.get(base + "/", headers={"Accept": "text/html"}) as r:
                assert r.status == 200 and "<html" in await r.text()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 40)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
    assert proc.returncode == 0
