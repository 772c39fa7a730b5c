"""The answer links of an invitation e-mail, and the context the invitation and reminder templates get."""

from __future__ import annotations

from urllib.parse import urlencode

LIKERT = (
    (1, "Not at all", "#DC2626", "😞 "), (2, "A little", "#EA580C", "🙁 "), (3, "Somewhat", "#CA8A04", "😐 "),
    (4, "Mostly", "#65A30D", "🙂 "), (5, "Completely", "#16A34A", "😄 "),
)
SCALES = {"LIKERT_1_5": (1, 5), "NPS_0_10": (0, 10)}


def score_range(scale: str) -> tuple[int, int]:
    """(lowest, highest) score of a scale."""
    return SCALES[scale]


def respond_url(public_url: str, token: str, tenant_slug: str, score: int | None = None) -> str:
    """The one-tap page for a token (the tenant is named so any host name works)."""
    params = {"token": token}
    if score is not None:
        params["score"] = str(score)
    params["tenant"] = tenant_slug
    return f"{public_url.rstrip('/')}/pulse/respond?{urlencode(params)}"


def answer_links(public_url: str, token: str, tenant_slug: str, scale: str) -> list[dict]:
    """One link per score: Likert 1-5 with faces red→green, NPS 0-10 coloured as detractor/passive/promoter."""
    if scale == "LIKERT_1_5":
        return [{"score": s, "label": label, "color": color, "face": face,
                 "url": respond_url(public_url, token, tenant_slug, s)} for s, label, color, face in LIKERT]
    links = []
    for s in range(0, 11):
        color = "#DC2626" if s <= 6 else "#CA8A04" if s <= 8 else "#16A34A"
        label = "not at all likely" if s == 0 else "extremely likely" if s == 10 else str(s)
        links.append({"score": s, "label": label, "color": color, "face": "",
                      "url": respond_url(public_url, token, tenant_slug, s)})
    return links


def invite_context(public_url: str, tenant_slug: str, *, name: str | None, token: str, question_text: str,
                   scale: str, expires_days: int, threshold: int) -> dict:
    """What the pulse_invitation and pulse_reminder templates are rendered with."""
    return {
        "user_name": name or "there",
        "question_text": question_text,
        "scale": scale,
        "answer_links": answer_links(public_url, token, tenant_slug, scale),
        "expires_days": expires_days,
        "anon_threshold": threshold,
    }
