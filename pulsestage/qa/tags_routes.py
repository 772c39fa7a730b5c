"""HTTP routes for tags and the tags on questions."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_permission, require_user
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_created, json_ok
from pulsestage.http.validation import Checker, json_body
from pulsestage.qa import schemas as s
from pulsestage.qa import tags_service
from pulsestage.qa.questions_routes import caller_of

COLOR = r"#[0-9A-Fa-f]{6}"


@doc(summary="Every tag of the organisation, by name", response=s.array(s.TAG))
async def list_tags(request: web.Request) -> web.Response:
    """Tags."""
    await require_permission(request, "tag.view")
    return json_ok(await tags_service.list_tags(request.app[keys.PG_POOL], request[keys.TENANT]))


@doc(summary="Create a tag", body=s.TAG_BODY, response=s.TAG, status=201)
async def create_tag(request: web.Request) -> web.Response:
    """New tag."""
    user = await require_permission(request, "tag.create")
    check = Checker(await json_body(request))
    name = check.string("name", min_len=1, max_len=100)
    description = check.string("description", required=False, max_len=500) or None
    color = check.string("color", required=False, pattern=COLOR)
    check.done()
    return json_created(await tags_service.create_tag(request.app[keys.PG_POOL], caller_of(request, user),
                                                      name, description, color))


@doc(summary="Change a tag", body=s.TAG_PATCH, response=s.TAG)
async def update_tag(request: web.Request) -> web.Response:
    """Edit tag."""
    user = await require_permission(request, "tag.edit")
    data = await json_body(request)
    check = Checker(data)
    changes: dict[str, str | None] = {}
    if "name" in data:
        changes["name"] = check.string("name", min_len=1, max_len=100)
    if "description" in data:
        changes["description"] = check.string("description", required=False, max_len=500) or None
    if "color" in data:
        changes["color"] = check.string("color", pattern=COLOR)
    check.done()
    return json_ok(await tags_service.update_tag(request.app[keys.PG_POOL], caller_of(request, user),
                                                 request.match_info["id"], changes))


@doc(summary="Delete a tag (it leaves every question)", response=s.obj(success=s.BOOL))
async def delete_tag(request: web.Request) -> web.Response:
    """Remove tag."""
    user = await require_permission(request, "tag.delete")
    await tags_service.delete_tag(request.app[keys.PG_POOL], caller_of(request, user), request.match_info["id"])
    return json_ok({"success": True})


@doc(summary="Put a tag on a question", body=s.TAG_LINK, response=s.TAG_LINKED)
async def add_question_tag(request: web.Request) -> web.Response:
    """Tag a question."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    tag_id = check.string("tagId", min_len=1, max_len=100)
    check.done()
    return json_ok(await tags_service.tag_question(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                                   caller_of(request, user), request.match_info["id"], tag_id, True))


@doc(summary="Take a tag off a question", response=s.TAG_LINKED)
async def remove_question_tag(request: web.Request) -> web.Response:
    """Untag a question."""
    user = await require_user(request)
    return json_ok(await tags_service.tag_question(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                                   caller_of(request, user), request.match_info["id"],
                                                   request.match_info["tagId"], False))


PARTICIPANT_ROUTES = [("GET", "/api/tags", list_tags)]
MODERATOR_ROUTES = [
    ("POST", "/api/tags", create_tag),
    ("POST", "/api/questions/{id}/tags", add_question_tag),
    ("DELETE", "/api/questions/{id}/tags/{tagId}", remove_question_tag),
]
ADMIN_ROUTES = [
    ("PUT", "/api/tags/{id}", update_tag),
    ("DELETE", "/api/tags/{id}", delete_tag),
]
