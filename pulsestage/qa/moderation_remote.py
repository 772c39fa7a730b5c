"""The optional second filter: an OpenAI-compatible moderation endpoint (behaviours.md §9.2).

It only ever adds an opinion. Any failure — no key, timeout, refused connection, an error status,
a body of the wrong shape — returns None, and the submission goes on with the local verdict.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiohttp

from pulsestage.qa.moderation_filter import Verdict

log = logging.getLogger("pulsestage.qa.moderation")

MODEL = "text-moderation-latest"
CATEGORY_REASONS = {
    "hate": "Hate speech detected",
    "hate/threatening": "Threatening hate speech detected",
    "harassment": "Harassment detected",
    "harassment/threatening": "Threatening harassment detected",
    "self-harm": "Self-harm content detected",
    "self-harm/intent": "Self-harm intent detected",
    "self-harm/instructions": "Self-harm instructions detected",
    "sexual": "Sexual content detected",
    "sexual/minors": "Sexual content involving minors detected",
    "violence": "Violent content detected",
    "violence/graphic": "Graphic violent content detected",
}


@dataclass(frozen=True, slots=True)
class RemoteModeration:
    """Where the endpoint is and how long to wait for it."""

    api_key: str
    url: str
    timeout_seconds: float

    @property
    def enabled(self) -> bool:
        """Configured with both a key and a URL."""
        return bool(self.api_key and self.url)


async def check_remote(settings: RemoteModeration, text: str) -> Verdict | None:
    """The endpoint's verdict, or None when it is not configured or does not answer properly."""
    if not settings.enabled:
        return None
    try:
        timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.post(
                settings.url, json={"input": text, "model": MODEL},
                headers={"Authorization": f"Bearer {settings.api_key}"},
            ) as response:
                if response.status != 200:
                    log.warning("moderation endpoint refused", extra={"status": response.status})
                    return None
                payload = await response.json(content_type=None)
        return parse(payload)
    except (TimeoutError, aiohttp.ClientError, ValueError, KeyError, TypeError) as exc:
        log.warning("moderation endpoint unavailable", extra={"error": type(exc).__name__})
        return None


def parse(payload: dict) -> Verdict:
    """Turn `{"results": [{"flagged", "categories", "category_scores"}]}` into a verdict."""
    result = payload["results"][0]
    categories = result.get("categories") or {}
    scores = [float(v) for v in (result.get("category_scores") or {}).values()]
    top = max(scores, default=0.0)
    confidence = "high" if top > 0.8 else "medium" if top > 0.5 else "low"
    reasons = tuple(text for name, text in CATEGORY_REASONS.items() if categories.get(name) is True)
    return Verdict(bool(result.get("flagged")), reasons, confidence, ("openai",))
