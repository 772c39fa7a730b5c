"""Process-wide readiness facts that probes report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Readiness:
    """What start-up has completed; /health/ready reports 503 until migrations are done."""

    migrations_done: bool = False
    migrations_error: str | None = None
    draining: bool = False
