"""create_app(config): the table of contents of the server."""

from __future__ import annotations

import time
import weakref

import aiohttp_session
from aiohttp import web

from pulsestage import keys
from pulsestage.admin import audit_routes
from pulsestage.admin import routes as admin_routes
from pulsestage.auth import routes as auth_routes
from pulsestage.auth.sessions import make_storage
from pulsestage.config import Config
from pulsestage.db.contexts import database_context
from pulsestage.events import routes as events_routes
from pulsestage.events.bus import event_bus_context
from pulsestage.http import health, metrics, openapi, spa
from pulsestage.http.errors import errors_middleware
from pulsestage.http.metrics import Metrics, metrics_middleware, metrics_port_context
from pulsestage.http.middlewares import body_limit, csrf_middleware, request_context, tenant_middleware
from pulsestage.http.ratelimit import RateLimiter, rate_limit_middleware
from pulsestage.http.security import add_security_headers
from pulsestage.mail import routes as mail_routes
from pulsestage.mail.contexts import mail_sink_context, mail_worker_context
from pulsestage.ops.backup_schedule import backup_schedule_context
from pulsestage.ops.state import Readiness
from pulsestage.pulse import routes as pulse_routes
from pulsestage.pulse.scheduler import pulse_scheduler_context
from pulsestage.qa import routes as qa_routes
from pulsestage.qa.presentation import PresentationStore
from pulsestage.redis_context import make_client, redis_context
from pulsestage.setup import routes as setup_routes
from pulsestage.teams import routes as teams_routes
from pulsestage.users import routes as users_routes


def create_app(config: Config) -> web.Application:
    """Build the application: keys, cleanup contexts, middlewares, then each area's routes."""
    app = web.Application(client_max_size=config.server.max_body_bytes)

    # 1. keys
    app[keys.CONFIG] = config
    app[keys.STARTED_AT] = time.monotonic()
    app[keys.READINESS] = Readiness()
    app[keys.REDIS] = make_client(config.redis.url)
    app[keys.SSE_STREAMS] = weakref.WeakSet()
    app[keys.SESSION_STORAGE] = make_storage(config, app[keys.REDIS])
    app[keys.PRESENTATION] = PresentationStore(app[keys.REDIS])
    app[keys.METRICS] = Metrics()
    app[keys.RATE_LIMITER] = RateLimiter(config.rate_limit.enabled, app[keys.REDIS], config.server.trust_proxy)

    # 2. cleanup contexts, in dependency order (each stops in reverse order)
    app.cleanup_ctx.append(redis_context)
    app.cleanup_ctx.append(database_context)
    app.cleanup_ctx.append(event_bus_context)  # after Redis: it relays through it
    app.cleanup_ctx.append(metrics_port_context)
    app.cleanup_ctx.append(mail_sink_context)  # before the worker, which delivers into it in dev
    app.cleanup_ctx.append(mail_worker_context)  # after the database and Redis: mailer and queue use both
    app.cleanup_ctx.append(pulse_scheduler_context)  # after the mailer it queues invitations with
    app.cleanup_ctx.append(backup_schedule_context)  # after the database it dumps

    # 3. middlewares, outermost first (the reasons are in http/middlewares.py)
    app.middlewares.extend([
        request_context,
        metrics_middleware,  # outside errors: it sees the final status of every response
        errors_middleware,
        body_limit,
        aiohttp_session.session_middleware(app[keys.SESSION_STORAGE]),
        tenant_middleware,
        rate_limit_middleware,  # keyed by tenant, so after it; before CSRF and handlers, so floods cost little
        csrf_middleware,
    ])
    app.on_response_prepare.append(add_security_headers)

    # 4. routes; the SPA catch-all must stay last
    health.setup_routes(app)
    openapi.setup_routes(app)
    auth_routes.setup_routes(app)
    teams_routes.setup_routes(app)
    users_routes.setup_routes(app)
    admin_routes.setup_routes(app)
    audit_routes.setup_routes(app)
    qa_routes.setup_routes(app)
    events_routes.setup_routes(app)
    setup_routes.setup_routes(app)
    metrics.setup_routes(app)
    mail_routes.setup_routes(app)
    pulse_routes.setup_routes(app)
    spa.setup_routes(app)
    return app
