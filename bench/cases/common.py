"""Helpers the HTTP benchmarks share: signing people in, alternating real and bare rounds."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable

from bench import scratch, sessions, wrk
from bench.harness import Run
from bench.procs import Redis

ROUNDS = 2  # real and bare alternate, so a noisy neighbour hits both alike


def team_ids(db: str, sso_id: str) -> list[str]:
    """The teams a demo user belongs to (what the list shows them), sorted."""
    rows = scratch.query(db, "SELECT m.team_id FROM team_membership m JOIN app_user u ON u.id = m.user_id "
                             "JOIN tenant t ON t.id = u.tenant_id WHERE t.slug = 'default' AND u.sso_id = %(s)s "
                             "ORDER BY m.team_id", {"s": sso_id})
    return [r[0] for r in rows]


def sign_in_file(run: Run, redis: Redis, people: list[tuple[str, str]], label: str) -> tuple[list, str]:
    """Sessions for `people`, and the file the Lua scripts read them from."""
    logins = sessions.sign_in(redis.url, people)
    return logins, str(sessions.write_file(logins, run.dir / f"sessions-{label}.tsv"))


def fetch(url: str, login: sessions.Login | None = None, method: str = "GET", body: dict | None = None,
          timeout: float = 30) -> tuple[int, object]:
    """One request with a session (cookie + CSRF); returns (status, parsed JSON or text)."""
    headers = {"Accept": "application/json"}
    if login is not None:
        headers |= {"Cookie": login.cookie, "X-CSRF-Token": login.csrf}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), exc.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def alternate(real: Callable[[], wrk.WrkResult], bare: Callable[[], wrk.WrkResult],
              rounds: int = ROUNDS) -> tuple[dict, dict]:
    """Run bare, real, bare, real ...; return the combined figures of each side."""
    sides: dict[str, list[wrk.WrkResult]] = {"real": [], "bare": []}
    for _ in range(rounds):
        sides["bare"].append(bare())
        sides["real"].append(real())
    return combine(sides["real"]), combine(sides["bare"])


def combine(results: list[wrk.WrkResult]) -> dict:
    """Requests/s over all rounds; the worst round's percentiles (the honest p99)."""
    requests = sum(r.requests for r in results)
    seconds = sum(r.seconds for r in results)
    statuses: dict[str, int] = {}
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
        for k, v in r.errors.items():
            errors[k] = errors.get(k, 0) + v
    return {"rps": requests / seconds if seconds else 0.0, "requests": requests, "seconds": round(seconds, 2),
            "p50_ms": max(r.p50_ms for r in results), "p90_ms": max(r.p90_ms for r in results),
            "p99_ms": max(r.p99_ms for r in results), "max_ms": max(r.max_ms for r in results),
            "statuses": statuses, "errors": errors, "rounds": [r.summary() for r in results]}
