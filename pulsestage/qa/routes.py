"""The Q&A route table: one block per guard (who may call what, at a glance)."""

from __future__ import annotations

from aiohttp import web

from pulsestage.http.routing import add_routes
from pulsestage.qa import moderation_routes, presentation_routes, questions_routes, tags_routes


def setup_routes(app: web.Application) -> None:
    """Register questions, upvotes, tags, moderation and presentation routes.

    Fixed paths (`/api/questions/search`, `/api/questions/upvote-status`) are registered before
    `/api/questions/{id}` so they are never read as an id.
    """
    add_routes(app, "participant", [
        *questions_routes.ROUTES,
        *tags_routes.PARTICIPANT_ROUTES,
        *presentation_routes.PARTICIPANT_ROUTES,
    ])
    add_routes(app, "moderator", [
        *moderation_routes.MODERATOR_ROUTES,
        *tags_routes.MODERATOR_ROUTES,
        *presentation_routes.MODERATOR_ROUTES,
    ])
    add_routes(app, "admin", [
        *moderation_routes.ADMIN_ROUTES,
        *tags_routes.ADMIN_ROUTES,
    ])
