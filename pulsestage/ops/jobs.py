"""Background job runs: a job id in every log line (instead of a request id), timing and outcome."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pulsestage import jsonlog

log = logging.getLogger("pulsestage.jobs")


@asynccontextmanager
async def job_run(name: str, metrics=None, tenant_id: str | None = None) -> AsyncIterator[str]:
    """Run a block as job `name`: logs start and finish with the job id and duration; yields the id."""
    job_id = f"{name}-{uuid.uuid4().hex[:12]}"
    tokens = [(jsonlog.JOB_ID, jsonlog.JOB_ID.set(job_id)), (jsonlog.REQUEST_ID, jsonlog.REQUEST_ID.set(None)),
              (jsonlog.TENANT_ID, jsonlog.TENANT_ID.set(tenant_id)), (jsonlog.USER_ID, jsonlog.USER_ID.set(None))]
    started = time.perf_counter()
    log.info("job started", extra={"job": name})
    outcome = "failed"
    try:
        yield job_id
        outcome = "ok"
    except Exception:
        log.exception("job failed", extra={"job": name, "ms": round((time.perf_counter() - started) * 1000, 1)})
        raise
    finally:
        if outcome == "ok":
            log.info("job finished", extra={"job": name, "ms": round((time.perf_counter() - started) * 1000, 1)})
        if metrics is not None:
            metrics.jobs.labels(name, outcome).inc()
        for var, token in reversed(tokens):
            var.reset(token)
