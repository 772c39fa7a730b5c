"""Memory of an idle server: RSS of `pulsestage serve` (prod profile) after a short warm-up, then idle.

The warm-up touches the main paths once (list, a search, the summary, one SSE stream) so that
imports and caches a real server has loaded are counted; then the server idles for IDLE seconds
and its VmRSS is read. The bare figure is bench/bare_app.py after the same kind of warm-up.
"""

from __future__ import annotations

import threading
import time
import urllib.request

from bench import procs, sessions
from bench.cases.common import fetch, sign_in_file
from bench.harness import Result, Run

NAME = "idle"
TITLE = "Memory of an idle server (prod profile, after a warm-up)"
IDLE = 5.0
WARM = ("/api/questions?pageSize=50", "/api/questions?search=remote%20wor", "/api/pulse/summary?range=12w",
        "/api/users/me", "/api/teams")


def _touch_stream(url: str, cookie: str | None) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            response.read(200)
    except OSError:
        pass


def run() -> Result:
    """Warm up, idle, read RSS; same for the bare app."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=False)
        redis = r.redis()
        sink = r.sink()
        server = r.server(db, redis, sink)
        logins, _ = sign_in_file(r, redis, [sessions.named(db, "admin")], "admin")
        statuses = {path: fetch(server.url + path, logins[0])[0] for path in WARM}
        stream = threading.Thread(target=_touch_stream, args=(server.url + "/events", logins[0].cookie), daemon=True)
        stream.start()
        stream.join(timeout=5)
        time.sleep(IDLE)
        real_mb = procs.rss_mb(server.pid)
        bare = r.bare(db, {"BARE_TENANT": logins[0].user_id})
        for path in ("/bare/questions", "/bare/search?q=remote", "/bare/pulse/summary"):
            fetch(bare.url + path)
        time.sleep(IDLE)
        bare_mb = procs.rss_mb(bare.pid)
    result.row("RSS after warm-up, idle", real_mb, "< 150 MB", real_mb < 150, bare=bare_mb, unit="MB")
    result.details.update(warm_up_statuses=statuses)
    return result
