"""The effective configuration as TOML-like text, secrets masked, for `pulsestage config check`."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from pulsestage.config.schema import Config, iter_settings

MASK = "********"


def format_value(value: Any) -> str:
    """One value written the TOML way (strings quoted, booleans lower-case, tuples as arrays)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid TOML basic strings
    if isinstance(value, tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return repr(value)


def mask_url(url: str) -> str:
    """The URL with its password (in the user info or a password= query) replaced by ********."""
    netloc = urlsplit(url).netloc
    userinfo, at, host = netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if at and password:
        # edit the text rather than urlunsplit(), which rewrites unix:///path as unix:/path
        url = url.replace(f"//{netloc}", f"//{user}:{MASK}@{host}", 1)
    return re.sub(r"(?i)([?&]password=)[^&#]*", rf"\g<1>{MASK}", url)


def shown(value: Any, metadata: Any) -> Any:
    """The value as it may be displayed: secrets become ******** (empty stays empty, so unset is visible)."""
    if metadata.get("secret") and value:
        return MASK
    if metadata.get("dsn") and value:
        return mask_url(value)
    return value


def render(config: Config) -> str:
    """The effective config, one [section] per block, secrets masked."""
    lines = [f"# profile: {config.profile}", f"# files: {', '.join(config.source_files) or '(none)'}"]
    current: str | None = None
    for section, f, _ in iter_settings():
        if section != current:
            lines += ["", f"[{section}]"]
            current = section
        holder = getattr(config, section) if section else config
        lines.append(f"{f.name} = {format_value(shown(getattr(holder, f.name), f.metadata))}")
    return "\n".join(lines) + "\n"
