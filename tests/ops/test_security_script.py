"""packaging/security.sh: a scanner that could not audit is never reported clean."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "security.sh"


def _fake(folder: Path, name: str, output: str, code: int) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\ncat <<'OUT'\n{output}\nOUT\nexit {code}\n")
    path.chmod(0o755)


def _run(tmp_path: Path, pip_audit: tuple[str, int], npm: tuple[str, int]) -> tuple[int, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    _fake(bin_dir, "bandit", "", 0)
    _fake(bin_dir, "hadolint", "", 0)
    _fake(bin_dir, "pip-audit", *pip_audit)
    _fake(bin_dir, "npm", *npm)
    env = {**os.environ, "BIN": str(bin_dir), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, done.stdout


@pytest.mark.parametrize("message", [
    "ERROR:pip_audit._cli:aiohappyeyeballs: Dependency not found on PyPI and could not be audited",
    "ConnectionError: HTTPSConnectionPool(host='pypi.org'): Max retries exceeded",
])
def test_unreachable_service_is_could_not_audit(tmp_path, message):
    code, out = _run(tmp_path, (message, 1), ("found 0 vulnerabilities", 0))
    assert code == 2
    assert "[COULD NOT AUDIT] pip-audit" in out and "NOT a clean result" in out
    assert "[CLEAN]" in out and "security: INCOMPLETE" in out


def test_all_clean_and_findings(tmp_path):
    code, out = _run(tmp_path, ("No known vulnerabilities found", 0), ("found 0 vulnerabilities", 0))
    assert code == 0 and out.strip().endswith("every scanner is clean")
    code, out = _run(tmp_path / "x", ("Found 2 known vulnerabilities in 1 package", 1),
                     ("npm error audit endpoint returned an error", 1))
    assert code == 1 and "[FINDINGS]        pip-audit Found 2 known" in out
    assert "[COULD NOT AUDIT] npm audit" in out
