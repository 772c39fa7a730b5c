"""Results: one JSON file per benchmark under bench/results/, and bench/RESULTS.md built from them.

RESULTS.md = the summary table (every benchmark: figure, bare figure, ratio, target, met) + the
details of each run + bench/findings.md (the hand-written analysis: causes and proposed fixes).
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

from bench.harness import Result

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
OUT = HERE / "RESULTS.md"
FINDINGS = HERE / "findings.md"
ORDER = ("list", "upvote", "submit", "search", "sse", "reconnect", "pulse", "summary", "coldstart", "idle", "soak")


def save(result: Result) -> Path:
    """Write results/<name>.json."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{result.name}.json"
    path.write_text(json.dumps(result.as_dict(), indent=1, default=str) + "\n")
    return path


def load() -> list[dict]:
    """Every saved result, in benchmark order."""
    found = {p.stem: json.loads(p.read_text()) for p in RESULTS.glob("*.json")}
    return [found[n] for n in ORDER if n in found]


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _met(value) -> str:
    return {True: "met", False: "**not met**", None: "—"}[value]


def _real(row: dict) -> str:
    if row["metric"].startswith(("counter =", "EXPLAIN")) and row["real"] in (0, 1) and "statements" not in row["target"]:
        return "yes" if row["real"] else "no"
    return _fmt(row["real"])


def table(results: list[dict]) -> list[str]:
    """The summary table."""
    lines = ["| benchmark | metric | PulseStage | bare | ratio | target | |", "|---|---|---|---|---|---|---|"]
    for res in results:
        if res["blocked"]:
            lines.append(f"| {res['name']} | — | not measured | — | — | see below | **blocked** |")
            continue
        for row in res["rows"]:
            unit = f" {row['unit']}" if row.get("unit") else ""
            ratio = "—" if row["ratio"] is None else f"{row['ratio'] * 100:.0f} %"
            lines.append(f"| {res['name']} | {row['metric']} | {_real(row)}{unit} | {_fmt(row['bare'])} "
                         f"| {ratio} | {row['target']} | {_met(row['met'])} |")
    return lines


def details(res: dict) -> list[str]:
    """One benchmark's section."""
    lines = [f"### {res['name']} — {res['title']}", "",
             f"Run {res['when']}, {res['seconds']} s, load average before/after "
             f"{res['details'].get('load_average_before', '?')}/{res['details'].get('load_average_after', '?')}.", ""]
    if res["blocked"]:
        lines += ["**Not measured:**", "", "```", res["blocked"], "```", ""]
    lines += [f"- {note}" for note in res["notes"]]
    extra = {k: v for k, v in res["details"].items() if not k.startswith("load_average")}
    if extra:
        lines += ["", "<details><summary>raw figures</summary>", "", "```json",
                  json.dumps(extra, indent=1, default=str)[:6000], "```", "</details>"]
    return [*lines, ""]


def write() -> Path:
    """Rebuild RESULTS.md from the saved results and findings.md."""
    results = load()
    head = [
        "# Benchmark results", "",
        "Written by `python -m bench` (`make bench`); do not edit by hand — the analysis lives in "
        "`bench/findings.md` and follows the summary; the raw figures of each run come last. Every figure comes from the real server "
        "(`pulsestage serve`, prod profile) and the bare-stack limit (`bench/bare_app.py`) measured in the "
        "same run on the same machine, so the **ratio** is the figure that travels; absolute numbers depend "
        f"on the machine ({platform.machine()}, {_cpus()} CPUs shared with other work, Python "
        f"{platform.python_version()}).", "",
        "## Summary", "", *table(results), "",
    ]
    body = ["## Details", ""]
    for res in results:
        body += details(res)
    findings = FINDINGS.read_text() if FINDINGS.exists() else ""
    OUT.write_text("\n".join(head) + "\n" + findings + "\n" + "\n".join(body) + "\n")
    return OUT


def _cpus() -> int:
    import os

    return os.cpu_count() or 0
