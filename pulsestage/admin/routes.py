"""The administration area's route tables: settings, exports, status, demo reset.

(The audit trail registers its own routes in audit_routes.py.)
"""

from __future__ import annotations

from aiohttp import web

from pulsestage.admin import demo_reset, export_routes, settings_routes, status_routes
from pulsestage.http.routing import add_routes


def setup_routes(app: web.Application) -> None:
    """Register every administration route owned here."""
    settings_routes.setup_routes(app)
    export_routes.setup_routes(app)
    add_routes(app, "admin", [("GET", "/api/admin/health", status_routes.admin_health)])
    demo_reset.setup_routes(app)
