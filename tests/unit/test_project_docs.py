"""Docs and tooling stay true: Make targets documented, README's two commands, docs present."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_make_target_has_a_description():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-zA-Z][a-zA-Z0-9_-]*):", makefile, re.M)
    undocumented = [t for t in targets if not re.search(rf"^{t}:.*##", makefile, re.M)]
    assert undocumented == []


def test_make_help_lists_every_phony_target():
    makefile = (ROOT / "Makefile").read_text()
    phony = set(re.findall(r"^\.PHONY: (\S+)", makefile, re.M))
    shown = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    missing = [t for t in phony if not re.search(rf"^\s+{re.escape(t)}\s", shown, re.M)]
    assert missing == []


def test_readme_states_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_user_facing_docs_exist_and_are_linked():
    readme = (ROOT / "README.md").read_text()
    for page in ("user-guide", "moderator-guide", "admin-guide", "pulse-and-email", "operations", "configuration"):
        assert (ROOT / "docs" / f"{page}.md").is_file(), page
        assert f"docs/{page}.md" in readme, page


def test_ci_runs_the_readme_test_command():
    assert "make validate-ci" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^validate-ci:.*\n(\t.*\n)*\t\$\(MAKE\) test\n", makefile, re.M)
