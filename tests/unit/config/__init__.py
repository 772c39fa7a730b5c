"""Tests of pulsestage.config, with the helpers they share."""

from __future__ import annotations

import re

import pytest

from pulsestage.config import ConfigError, load_config

LINE = re.compile(r"(?P<src>[^:]+): (?P<key>[a-z_]+(\.[a-z_]+)?): (?P<problem>[^;\n]+); (?P<fix>[^\n]+)")


def admin_file(tmp_path, text: str) -> str:
    """Write an admin TOML file and return its path."""
    path = tmp_path / "admin.toml"
    path.write_text(text)
    return str(path)


def error_of(**kwargs) -> str:
    """The one-line ConfigError message load_config raises for these arguments."""
    with pytest.raises(ConfigError) as info:
        load_config(**kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message
