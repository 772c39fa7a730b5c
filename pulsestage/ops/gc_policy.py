"""The garbage collector's settings for a long-running server.

CPython's cycle collector runs a young collection every 700 net container allocations and, now
and then, a full one over every tracked object. With 10,000 open streams that is about a million
objects: the full passes showed up as 18 % of the server's CPU during a connect storm and as the
delivery spikes of the fan-out (bench/findings.md, finding 31). So, once start-up is done:

- everything alive then (modules, configuration, pools, caches) is frozen, never scanned again;
- young collections wait for 20,000 net allocations, middle ones for 50 young ones, full ones for
  100 middle ones (CPython also skips a full pass until the objects promoted since the last one
  reach a quarter of the old generation, so the cost stays proportional to growth).

Objects freed by reference counting do not count towards the thresholds, so a server that only
handles requests rarely collects at all; cyclic garbage is still collected, in larger batches.
"""

from __future__ import annotations

import gc
import logging

THRESHOLDS = (20_000, 50, 100)

log = logging.getLogger("pulsestage.server")


def settle(enabled: bool) -> None:
    """After start-up: collect once, freeze what is left, and raise the thresholds (if `enabled`)."""
    if not enabled:
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    log.info("garbage collector tuned", extra={"frozen": gc.get_freeze_count(), "thresholds": list(THRESHOLDS)})
