"""OpenAPI schemas of the Q&A area (what /openapi.json says each endpoint takes and returns)."""

from __future__ import annotations

STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
NTIME = {"type": ["string", "null"], "format": "date-time"}


def obj(required: list[str] | None = None, **props) -> dict:
    """An object schema."""
    schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


def array(items: dict) -> dict:
    """An array schema."""
    return {"type": "array", "items": items}


TEAM = obj(id=STR, tenantId=STR, name=STR, slug=STR, description=NSTR, isActive=BOOL, createdAt=TIME,
           updatedAt=TIME)
TAG = obj(["id", "name", "color"], id=STR, tenantId=STR, name=STR, description=NSTR,
          color={"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"}, createdAt=TIME, updatedAt=TIME,
          usageCount=INT)
QUESTION_TAG = obj(id=STR, questionId=STR, tagId=STR, createdAt=TIME, tag=TAG)
QUESTION = obj(
    ["id", "body", "upvotes", "status", "createdAt", "tags"],
    id=STR, tenantId=STR, body=STR, upvotes=INT,
    status={"type": "string", "enum": ["OPEN", "ANSWERED", "UNDER_REVIEW"]},
    responseText=NSTR, respondedAt=NTIME, createdAt=TIME, updatedAt=TIME, teamId=NSTR,
    team={"anyOf": [TEAM, {"type": "null"}]}, tags=array(QUESTION_TAG), isAnonymous=BOOL,
    isPinned=BOOL, pinnedAt=NTIME, isFrozen=BOOL, frozenAt=NTIME, reviewedAt=NTIME,
    moderationReasons=array(STR), moderationConfidence=NSTR, moderationProviders=array(STR),
    isMine={**BOOL, "description": "Only in responses to the author; never in live events."},
    hasUpvoted=BOOL,
    authorId={**STR, "description": "Only when the tenant attributes questions and the author chose to be named."},
    author=obj(id=STR, name=NSTR),
    message={**STR, "description": "Set when the question is held for review."},
)
QUESTION_PAGE = obj(["questions", "total", "page", "pageSize"], questions=array(QUESTION), total=INT,
                    page=INT, pageSize=INT,
                    totalCapped={**BOOL, "description": "True when there are more matches than counted"})
QUEUE_PAGE = obj(["questions", "total", "limit", "offset"], questions=array(QUESTION), total=INT,
                 limit=INT, offset=INT)
ASK = obj(["body"], body=STR, teamId={**STR, "description": "Team id or slug; default: your primary team"},
          isAnonymous={**BOOL, "description": "Only meaningful where the tenant attributes questions."})
EDIT = obj(["body"], body=STR)
RESPOND = obj(["response"], response={"type": "string", "minLength": 1, "maxLength": 10000})
PIN = obj(pinned=BOOL)
FREEZE = obj(frozen=BOOL)
UPVOTE_STATUS = obj(["hasUpvoted", "canUpvote"], hasUpvoted=BOOL, canUpvote=BOOL)
UPVOTE_BATCH = obj(["questionIds"], questionIds=array(STR))
UPVOTED = obj(["upvoted"], upvoted={"type": "object", "additionalProperties": BOOL})
TAG_BODY = obj(["name"], name=STR, description=NSTR, color=STR)
TAG_PATCH = obj(name=STR, description=NSTR, color=STR)
TAG_LINK = obj(["tagId"], tagId=STR)
TAG_LINKED = obj(["success"], success=BOOL, changed=BOOL, question=QUESTION)
REJECT = obj(reason=STR)
REJECTED = obj(["message", "questionId"], message=STR, questionId=STR)
BULK_TAG = obj(["questionIds", "tagId", "action"], questionIds=array(STR), tagId=STR,
               action={"type": "string", "enum": ["add", "remove"]})
BULK_ACTION = obj(["questionIds", "action"], questionIds=array(STR),
                  action={"type": "string", "enum": ["pin", "unpin", "freeze", "unfreeze", "delete"]})
BULK_RESULT = obj(["success", "successCount", "errorCount", "total"], success=BOOL, successCount=INT,
                  errorCount=INT, total=INT)
MODERATOR_STATS = obj(moderatorId=STR, moderatorName=NSTR, moderatorEmail=STR, questionsReviewed=INT,
                      questionsAnswered=INT, questionsPinned=INT, questionsFrozen=INT,
                      avgResponseTime={"type": ["integer", "null"]}, teamsCount=INT)
STATS = obj(["overall", "byModerator"], overall=obj(
    totalQuestionsReviewed=INT, totalQuestionsAnswered=INT, totalQuestionsPinned=INT,
    totalQuestionsFrozen=INT, activeModerators=INT, avgResponseTime={"type": ["integer", "null"]}),
    byModerator=array(MODERATOR_STATS))
PRESENTATION = obj(["active", "questionId", "teamId", "startedAt"], active=BOOL, questionId=NSTR,
                   teamId=NSTR, startedAt=NTIME)
PRESENT_START = obj(teamId=NSTR)
PRESENT_CURRENT = obj(questionId=NSTR)

LIST_QUERY = {
    "status": {"type": "string", "enum": ["open", "answered", "all"], "default": "open"},
    "team": {"type": "string", "description": "Team slug or id, or `all` (your teams; every team for admins)"},
    "teamId": STR, "tag": {"type": "string", "description": "Tag id or name"}, "tagId": STR,
    "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
    "dateFrom": {"type": "string", "format": "date"}, "dateTo": {"type": "string", "format": "date"},
    "search": STR,
    "sort": {"type": "string", "enum": ["top", "newest", "oldest", "pinned", "relevance"]},
    "page": INT, "pageSize": {"type": "integer", "minimum": 1, "maximum": 100},
}
QUEUE_QUERY = {
    "status": {"type": "string", "enum": ["open", "answered", "under_review"]}, "teamId": STR,
    "isPinned": BOOL, "isFrozen": BOOL, "needsReview": BOOL, "reviewedBy": STR,
    "limit": {"type": "integer", "minimum": 1, "maximum": 500}, "offset": INT,
}
