"""Merge the layers (profile TOML -> admin TOML -> environment) into one frozen, checked Config."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import Field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pulsestage import paths
from pulsestage.config.schema import (
    CONFIG_ENV,
    PROFILE_ENV,
    PROFILES,
    Config,
    dotted,
    iter_settings,
    sections,
)

EXAMPLE = "config/pulsestage.example.toml"
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


class ConfigError(Exception):
    """A configuration problem; str(error) is the one line to print."""


class _Bad(Exception):
    """A value problem, before we know where the value came from."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


Values = dict[str | None, dict[str, Any]]


def load(profile: str | None, file: str | None, environ: Mapping[str, str]) -> Config:
    """Build the Config for a profile from its TOML, the admin's TOML and the environment."""
    name = _pick_profile(profile, environ)
    profile_path = paths.config_dir() / f"{name}.toml"
    values: Values = {None: {}, **{s: {} for s in sections()}}
    _apply_toml(values, _read_toml(profile_path, "profile"), str(profile_path))
    sources = [str(profile_path)]
    admin = file or environ.get(CONFIG_ENV) or None
    if admin:
        _apply_toml(values, _read_toml(Path(admin), "admin"), admin)
        sources.append(admin)
    _apply_env(values, environ)
    built = {s: cls(**values[s]) for s, cls in sections().items()}
    return Config(profile=name, source_files=tuple(sources), **values[None], **built)


def _pick_profile(profile: str | None, environ: Mapping[str, str]) -> str:
    source, name = ("--profile", profile) if profile else (PROFILE_ENV, environ.get(PROFILE_ENV) or "dev")
    if name not in PROFILES:
        raise ConfigError(f"{source}: unknown profile '{name}'; use one of {', '.join(PROFILES)}")
    return name


def _read_toml(path: Path, kind: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        fix = (
            "check --config / PULSESTAGE_CONFIG"
            if kind == "admin"
            else "the shipped config/ folder is incomplete; reinstall PulseStage"
        )
        raise ConfigError(f"{path}: file not found; {fix}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc}); fix the syntax there") from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read ({exc.strerror}); check the path and its permissions"
        ) from None


def _apply_toml(values: Values, data: dict[str, Any], source: str) -> None:
    fields = _field_table()
    for key, value in data.items():
        if key in sections():
            if not isinstance(value, dict):
                raise ConfigError(
                    f"{source}: {key}: expected a [{key}] table; put its keys under a [{key}] line"
                )
            for sub, sub_value in value.items():
                _set_from_toml(values, fields, key, sub, sub_value, source)
        else:
            _set_from_toml(values, fields, None, key, value, source)


def _set_from_toml(
    values: Values, fields: dict, section: str | None, key: str, value: Any, source: str
) -> None:
    where = f"{source}: {dotted(section, key)}"
    if (section, key) not in fields:
        raise ConfigError(f"{where}: {_unknown(section, key, value, fields)}")
    f, typ = fields[(section, key)]
    try:
        values[section][key] = _check(_from_toml(value, typ, f.metadata["secret"]), f)
    except _Bad as bad:
        raise ConfigError(f"{where}: {bad.problem}; {bad.fix}") from None


def _apply_env(values: Values, environ: Mapping[str, str]) -> None:
    for section, f, typ in iter_settings():
        var = f.metadata["env"]
        raw = environ.get(var) if var else None
        if not raw:  # unset and empty are the same: compose files often pass VAR= for "not set"
            continue
        try:
            values[section][f.name] = _check(_from_env(raw, typ), f)
        except _Bad as bad:
            raise ConfigError(f"{var}: {dotted(section, f.name)}: {bad.problem}; {bad.fix}") from None


def _field_table() -> dict[tuple[str | None, str], tuple[Field, Any]]:
    return {(section, f.name): (f, typ) for section, f, typ in iter_settings()}


def _unknown(section: str | None, key: str, value: Any, fields: dict) -> str:
    if section is None and key == "profile":
        return "the profile cannot be set in a file; choose it with --profile or PULSESTAGE_PROFILE"
    if section is None and isinstance(value, dict):
        near = difflib.get_close_matches(key, list(sections()), n=1)
        hint = f"did you mean [{near[0]}]?" if near else "remove it or fix its name"
        return f"unknown section; {hint} (all keys are in {EXAMPLE})"
    known = [dotted(s, k) for s, k in fields if s == section]
    near = difflib.get_close_matches(dotted(section, key), known, n=1)
    hint = f"did you mean {near[0]}?" if near else "remove it or fix its name"
    return f"unknown key; {hint} (all keys are in {EXAMPLE})"


def _kind(typ: Any) -> str:
    return {bool: "bool", int: "int", float: "float", str: "str"}.get(typ, "list")


def _expected(kind: str) -> str:
    return {
        "bool": "true or false",
        "int": "a whole number",
        "float": "a number",
        "str": "a quoted string",
        "list": 'a list of strings such as ["a", "b"]',
    }[kind]


def _from_toml(value: Any, typ: Any, secret: bool) -> Any:
    kind = _kind(typ)
    ok = {
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "str": isinstance(value, str),
        "list": isinstance(value, list) and all(isinstance(v, str) for v in value),
    }[kind]
    if not ok:
        shown = "" if secret else f" {value!r}"
        quotes = " (no quotes)" if isinstance(value, str) and kind != "list" else ""
        raise _Bad(
            f"expected {_expected(kind)}, got {type(value).__name__}{shown}",
            f"write {_expected(kind)}{quotes}",
        )
    return float(value) if kind == "float" else tuple(value) if kind == "list" else value


def _from_env(raw: str, typ: Any) -> Any:
    kind = _kind(typ)
    text = raw.strip()
    if kind == "bool":
        if text.lower() in TRUE_WORDS + FALSE_WORDS:
            return text.lower() in TRUE_WORDS
        raise _Bad(f"'{raw}' is not a boolean", "use true/false, 1/0 or yes/no")
    if kind in ("int", "float"):
        try:
            return int(text) if kind == "int" else float(text)
        except ValueError:
            example = "3000" if kind == "int" else "2.5"
            raise _Bad(
                f"'{raw}' is not {_expected(kind)}", f"use {_expected(kind)} such as {example}"
            ) from None
    if kind == "list":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def _check(value: Any, f: Field) -> Any:
    """Apply the field's declared checks; return the value, normalised (choices keep their spelling)."""
    meta = f.metadata
    if "choices" in meta:
        match = [c for c in meta["choices"] if c.lower() == str(value).lower()]
        if not match:
            raise _Bad(f"'{value}' is not allowed", f"use one of {', '.join(meta['choices'])}")
        value = match[0]
    low, high = meta.get("min"), meta.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise _Bad(f"{value} is out of range", f"use a value {span}")
    if "schemes" in meta and not (value == "" and f.default == ""):
        _check_url(value, f)
    if "pattern" in meta and not re.fullmatch(meta["pattern"], value):
        raise _Bad(f"'{value}' is not {meta['pattern_hint']}", f"use {meta['pattern_hint']}")
    return value


def _check_url(value: str, f: Field) -> None:
    # Never echo the URL itself: a database or Redis URL may carry a password.
    schemes = f.metadata["schemes"]
    example = f.metadata.get("example") or f.default
    try:
        parts = urlsplit(value)
    except ValueError:
        raise _Bad("bad URL: it cannot be parsed", f"use a URL such as {example}") from None
    if parts.scheme.lower() not in schemes:
        got = f"scheme '{parts.scheme}'" if parts.scheme else "no scheme"
        raise _Bad(
            f"bad URL: {got}, expected {' or '.join(s + '://' for s in schemes)}",
            f"use a URL such as {example}",
        )
    if "://" not in value or (parts.scheme.lower() in ("http", "https") and not parts.hostname):
        raise _Bad("bad URL: no host", f"use a URL such as {example}")
