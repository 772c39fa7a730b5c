"""Writes a demo tenant's tags and questions, with their tags and real upvote rows."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pulsestage.seed.data import MAIL_DOMAIN, DemoTenant, DemoUser
from pulsestage.seed.questions import ANSWERED, DemoQuestion
from pulsestage.seed.rows import Clock, id_map, insert_rows, new_id

TAG_COLUMNS = ("id", "tenant_id", "name", "color", "description", "created_at", "updated_at")
QUESTION_COLUMNS = (
    "id", "tenant_id", "body", "upvotes", "status", "response_text", "responded_at", "created_at",
    "updated_at", "team_id", "author_id", "is_anonymous", "moderation_reasons",
    "moderation_confidence", "moderation_providers",
)
QUESTION_TAG_COLUMNS = ("id", "tenant_id", "question_id", "tag_id", "created_at")
UPVOTE_COLUMNS = ("id", "tenant_id", "question_id", "user_id", "created_at")
QUESTION_SPACING = timedelta(hours=9)  # 36 questions spread over the last two weeks


def write_qa(cur, tenant_id: str, demo: DemoTenant, team_ids: dict, user_ids: dict,
             clock: Clock) -> int:
    """Create missing tags and questions; a question's tags and upvotes come with it, once."""
    rng = random.Random(42)
    start = clock.now - QUESTION_SPACING * (len(demo.questions) + 1)
    added = insert_rows(cur, "tag", TAG_COLUMNS, [
        (new_id(), tenant_id, t.name, t.color, t.description, start, start) for t in demo.tags])
    tag_ids = id_map(cur, "tag", "name", tenant_id)
    cur.execute("SELECT body FROM question WHERE tenant_id = %s", (tenant_id,))
    existing = {body for (body,) in cur.fetchall()}

    questions, question_tags, upvotes = [], [], []
    for position, q in enumerate(demo.questions):
        created = clock.now - QUESTION_SPACING * (len(demo.questions) - position)
        # Draw upvoters even for skipped questions so every run makes the same choices.
        voters = pick_upvoters(rng, q, demo.users, user_ids)
        if q.body in existing or q.team not in team_ids:
            continue
        question_id = new_id()
        questions.append(question_row(tenant_id, question_id, q, team_ids, user_ids, created, clock.now))
        question_tags += [(new_id(), tenant_id, question_id, tag_ids[name], created)
                          for name in q.tags if name in tag_ids]
        upvotes += [(new_id(), tenant_id, question_id, user_id, vote_time(rng, created, clock.now))
                    for user_id in voters]
    added += insert_rows(cur, "question", QUESTION_COLUMNS, questions)
    added += insert_rows(cur, "question_tag", QUESTION_TAG_COLUMNS, question_tags)
    added += insert_rows(cur, "upvote", UPVOTE_COLUMNS, upvotes)
    return added


def question_row(tenant_id: str, question_id: str, q: DemoQuestion, team_ids: dict, user_ids: dict,
                 created: datetime, now: datetime) -> tuple:
    """The question's columns; the counter equals the number of upvote rows written with it."""
    answered = q.status == ANSWERED
    responded = trim_ms(created + (now - created) / 2) if answered else None
    reasons, confidence, providers = q.moderation or ((), None, ())
    return (
        question_id, tenant_id, q.body, q.upvotes, q.status, q.answer if answered else None,
        responded, created, responded or created, team_ids[q.team],
        user_ids.get(author_email(q.author)), True, list(reasons), confidence, list(providers),
    )


def pick_upvoters(rng: random.Random, q: DemoQuestion, users: tuple[DemoUser, ...],
                  user_ids: dict) -> list[str]:
    """`q.upvotes` distinct voters, never the author: colleagues in the question's team first.

    Demo-login users vote only when a tenant is too small otherwise, so someone trying the demo
    can still upvote the seeded questions.
    """
    author = author_email(q.author)
    candidates = [u for u in users if u.email != author and u.email in user_ids]
    tiers = (
        [u for u in candidates if not u.login and any(t == q.team for t, _ in u.memberships)],
        [u for u in candidates if not u.login and all(t != q.team for t, _ in u.memberships)],
        [u for u in candidates if u.login],
    )
    chosen: list[str] = []
    for tier in tiers:
        wanted = min(q.upvotes - len(chosen), len(tier))
        chosen += [user_ids[u.email] for u in rng.sample(tier, wanted)]
    if len(chosen) < q.upvotes:
        raise ValueError(f"demo question {q.body[:40]!r} wants {q.upvotes} upvotes "
                         f"but only {len(chosen)} users can give one")
    return chosen


def vote_time(rng: random.Random, created: datetime, now: datetime) -> datetime:
    """A moment between the question's creation and now."""
    return trim_ms(created + (now - created) * rng.random())


def author_email(username: str) -> str:
    """Authors are demo-login users, named by username."""
    return f"{username}@{MAIL_DOMAIN}"


def trim_ms(moment: datetime) -> datetime:
    """Drop microseconds below the millisecond, as timestamp(3) would."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
