"""The dev mail viewer: an HTML list and message pages, and a JSON API (list, get, delete all).

It listens on its own port (mail.sink_ui_port, 127.0.0.1 by default), never on the main one.
"""

from __future__ import annotations

import jinja2
from aiohttp import web

from pulsestage.http.responses import json_ok
from pulsestage.mail.dev_sink import SinkStore
from pulsestage.paths import templates_dir

STORE = web.AppKey("STORE", SinkStore)
PAGES = web.AppKey("PAGES", jinja2.Environment)
_CSP = "default-src 'none'; style-src 'self'; frame-src 'self'; img-src 'self' data:; form-action 'self'"
# A message's own HTML is shown in a sandboxed frame: its inline styles may run, scripts never.
_MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; sandbox"


def _page(request: web.Request, name: str, **context) -> web.Response:
    html = request.app[PAGES].get_template(name).render(**context)
    return web.Response(text=html, content_type="text/html", headers={"Content-Security-Policy": _CSP})


def _message(request: web.Request):
    message = request.app[STORE].get(request.match_info["id"])
    if message is None:
        raise web.HTTPNotFound(text="No such message")
    return message


async def index(request: web.Request) -> web.Response:
    """Every captured message: subject, recipients, time."""
    return _page(request, "index.html", messages=request.app[STORE].list())


async def show(request: web.Request) -> web.Response:
    """One message: headers, the text part and the HTML part."""
    return _page(request, "message.html", message=_message(request))


async def show_html(request: web.Request) -> web.Response:
    """The HTML part alone, for the sandboxed frame."""
    message = _message(request)
    return web.Response(text=message.html or "", content_type="text/html",
                        headers={"Content-Security-Policy": _MESSAGE_CSP})


async def stylesheet(request: web.Request) -> web.FileResponse:
    """The viewer's CSS."""
    return web.FileResponse(templates_dir() / "sink" / "viewer.css", headers={"Content-Type": "text/css"})


async def delete_all_form(request: web.Request) -> web.Response:
    """The list page's delete button (a form post, no script)."""
    request.app[STORE].clear()
    raise web.HTTPSeeOther("/")


async def api_list(request: web.Request) -> web.Response:
    """GET /api/messages: summaries, newest first."""
    messages = request.app[STORE].list()
    return json_ok({"messages": [m.summary() for m in messages], "total": len(messages)})


async def api_get(request: web.Request) -> web.Response:
    """GET /api/messages/{id}: everything about one message."""
    message = request.app[STORE].get(request.match_info["id"])
    if message is None:
        return json_ok({"error": "not_found", "message": "No such message"}, status=404)
    return json_ok(message.detail())


async def api_delete(request: web.Request) -> web.Response:
    """DELETE /api/messages: forget every message."""
    return json_ok({"deleted": request.app[STORE].clear()})


def make_viewer(store: SinkStore) -> web.Application:
    """The viewer application over `store`."""
    app = web.Application()
    app[STORE] = store
    app[PAGES] = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir() / "sink"), autoescape=True)
    app.router.add_get("/", index)
    app.router.add_get("/viewer.css", stylesheet)
    app.router.add_post("/delete-all", delete_all_form)
    app.router.add_get("/messages/{id}", show)
    app.router.add_get("/messages/{id}/html", show_html)
    app.router.add_get("/api/messages", api_list)
    app.router.add_get("/api/messages/{id}", api_get)
    app.router.add_delete("/api/messages", api_delete)
    return app
