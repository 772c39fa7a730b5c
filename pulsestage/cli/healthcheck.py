"""`pulsestage healthcheck`: the container health check (GET /health/live), so the image needs no curl."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request


def add_parser(sub) -> None:
    """Register the sub-command."""
    parser = sub.add_parser("healthcheck", help="exit 0 if the local server answers /health/live")
    parser.add_argument("--url", help="base URL (default http://127.0.0.1:$PORT, PORT default 3000)")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds to wait (default 3)")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Probe liveness; print one line only on failure (health checks run every few seconds)."""
    # deliberately no config loading: a broken config file must not make a live server look dead
    base = (args.url or f"http://127.0.0.1:{os.environ.get('PORT') or '3000'}").rstrip("/")
    if not base.startswith(("http://", "https://")):
        print(f"pulsestage healthcheck: --url must start with http:// or https://, got {base}", file=sys.stderr)
        return 2
    try:
        # the scheme is checked above, so urlopen cannot be pointed at file:// (bandit B310)
        with urllib.request.urlopen(f"{base}/health/live", timeout=args.timeout) as response:  # nosec B310
            body = json.loads(response.read() or b"{}")
            if response.status == 200 and body.get("status") == "alive":
                return 0
            print(f"pulsestage healthcheck: {base}/health/live answered {response.status}", file=sys.stderr)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"pulsestage healthcheck: {base}/health/live: {exc}", file=sys.stderr)
    return 1
