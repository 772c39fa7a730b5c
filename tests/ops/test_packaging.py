"""Compose and Kubernetes examples, checked by reading: images, probes, grace periods, no secrets."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from pulsestage.config.schema import ServerConfig

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
_PROD_SERVER = tomllib.loads((ROOT / "config" / "prod.toml").read_text()).get("server", {})
# an orchestrator must wait for the readiness delay and then the drain before it kills
SHUTDOWN = (_PROD_SERVER.get("drain_delay_seconds", ServerConfig().drain_delay_seconds)
            + _PROD_SERVER.get("shutdown_timeout_seconds", ServerConfig().shutdown_timeout_seconds))


class Loader(yaml.SafeLoader):
    """Understands Compose's !override / !reset tags."""


Loader.add_constructor("!override", lambda loader, node: loader.construct_sequence(node)
                       if isinstance(node, yaml.SequenceNode) else loader.construct_mapping(node))
Loader.add_constructor("!reset", lambda loader, node: None)


def _load(name: str) -> list[dict]:
    return [doc for doc in yaml.load_all((PACKAGING / name).read_text(), Loader=Loader) if doc]


def test_compose_runs_app_postgres_and_redis():
    [compose] = _load("compose.yaml")
    services = compose["services"]
    assert services["postgres"]["image"] == "postgres:16-alpine"
    assert services["redis"]["image"] == "redis:7-alpine"
    app = services["app"]
    assert app["environment"]["PULSESTAGE_PROFILE"] == "prod"
    assert app["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert int(app["stop_grace_period"].rstrip("s")) > SHUTDOWN
    assert "${SESSION_SECRET:?" in app["environment"]["SESSION_SECRET"]  # no secret shipped, refused if unset
    [prod] = _load("compose.prod.yaml")
    assert prod["services"]["app2"]["ports"] == ["127.0.0.1:3001:3000"]


def test_kubernetes_probes_follow_the_runbook():
    [deployment] = _load("kubernetes/deployment.yaml")
    spec = deployment["spec"]["template"]["spec"]
    [container] = spec["containers"]
    assert container["livenessProbe"] == {"httpGet": {"path": "/health/live", "port": 3000},
                                          "initialDelaySeconds": 10, "periodSeconds": 30}
    assert container["readinessProbe"] == {"httpGet": {"path": "/health/ready", "port": 3000},
                                           "initialDelaySeconds": 5, "periodSeconds": 10}
    assert spec["terminationGracePeriodSeconds"] > SHUTDOWN
    assert spec["securityContext"]["runAsNonRoot"] is True
    kinds = {doc["kind"] for name in ("service.yaml", "configmap.yaml", "secret.example.yaml",
                                      "backup-cronjob.yaml") for doc in _load(f"kubernetes/{name}")}
    assert kinds == {"Service", "ConfigMap", "Secret", "PersistentVolumeClaim", "CronJob"}
