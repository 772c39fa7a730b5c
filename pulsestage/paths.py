"""The one resolver for files PulseStage needs at run time (checkout, wheel, PyInstaller)."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def root() -> Path:
    """Top folder holding config/ and frontend_dist/ (checkout, bundle or installed copy)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    checkout = _PACKAGE.parent
    if (checkout / "config").is_dir():
        return checkout
    # an installed wheel carries its resources inside the package
    return _PACKAGE / "_bundled"


def config_dir() -> Path:
    """Folder of the shipped profiles."""
    return root() / "config"


def frontend_dist() -> Path:
    """Folder of the built SPA."""
    return root() / "frontend_dist"


def migrations_dir() -> Path:
    """Folder of the numbered .sql migrations."""
    return _PACKAGE / "db" / "migrations"


def templates_dir() -> Path:
    """Folder of the jinja2 templates (pages and e-mails)."""
    return _PACKAGE / "templates"
