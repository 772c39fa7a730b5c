"""`python -m bench [NAME ...]`: run the benchmarks (all by default) and rewrite bench/RESULTS.md."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
import time
import traceback

from bench import report
from bench.harness import Result, load_average

CASES = ("list", "upvote", "submit", "search", "sse", "reconnect", "pulse", "summary", "coldstart", "idle")
MODULES = {"list": "list_questions", "upvote": "upvote", "submit": "submit", "search": "search",
           "sse": "sse_fanout", "reconnect": "sse_reconnect", "pulse": "pulse_send", "summary": "summary",
           "coldstart": "cold_start", "idle": "idle_memory"}
log = logging.getLogger("bench")


def run_case(name: str) -> Result:
    """Run one benchmark; a crash is recorded as a blocked result, never hidden."""
    module = importlib.import_module(f"bench.cases.{MODULES[name]}")
    started = time.monotonic()
    load_before = load_average()
    try:
        result = module.run()
    except Exception as exc:
        result = Result(name, module.TITLE, blocked=f"{type(exc).__name__}: {str(exc).strip()[:1500]}")
        log.error("%s failed:\n%s", name, traceback.format_exc())
    result.seconds = round(time.monotonic() - started, 1)
    result.details["load_average_before"] = load_before
    result.details["load_average_after"] = load_average()
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse names, run them, save each result, rewrite RESULTS.md."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(CASES)}")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite RESULTS.md")
    parser.add_argument("--report-only", action="store_true", help="only rebuild RESULTS.md from bench/results/")
    args = parser.parse_args(argv)
    if args.report_only:
        print(report.write())
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    names = args.names or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(CASES)}")
    failed = 0
    for name in names:
        log.info("running %s", name)
        result = run_case(name)
        report.save(result)
        print(json.dumps({"name": name, "blocked": result.blocked,
                          "rows": [[r.metric, r.real, r.bare, r.ratio, r.target, r.met] for r in result.rows]}),
              flush=True)
        failed += result.blocked is not None
    if not args.no_report:
        report.write()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
