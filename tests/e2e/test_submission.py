"""Moderation feedback on the submit page: a refused question shows its reasons, a held one says it
is under review (and reaches the moderator's queue with its reason)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import shot


def submit(page, text: str) -> None:
    page.get_by_label(re.compile("^Your Question")).fill(text)
    page.get_by_role("button", name="Submit Question").click()


def test_profanity_is_refused_with_its_reasons_and_nothing_is_stored(open_as):
    alice = open_as("alice", "/product")
    text = f"Why is the damn build so slow every single morning? ({uuid.uuid4().hex[:6]})"
    submit(alice, text)
    refusal = alice.get_by_role("alert").filter(has_text="Content does not meet community guidelines")
    expect(refusal).to_be_visible()
    expect(refusal.get_by_text("Reasons:")).to_be_visible()
    expect(refusal.get_by_role("listitem")).to_have_text(["Contains profanity"])
    expect(refusal.get_by_text(re.compile(r"\(Reference: mod_\d+_[0-9a-f]+\)"))).to_be_visible()
    # The text stays in the box so it can be rephrased; nothing was stored.
    expect(alice.get_by_label(re.compile("^Your Question"))).to_have_value(text)
    shot(alice, "submit-refused")
    mine = alice.request.get("/api/users/me/questions").json()
    mine = mine if isinstance(mine, list) else mine.get("questions", [])
    assert all(q["body"] != text for q in mine)
    assert alice.js_errors == []


def test_shouting_is_held_for_review_and_reaches_the_moderation_queue(open_as):
    alice = open_as("alice", "/product")
    tag = uuid.uuid4().hex[:6]
    text = f"WHY DOES THE STAGING DEPLOY TAKE FORTY MINUTES EVERY SINGLE TIME {tag.upper()}"
    submit(alice, text)
    held = alice.get_by_text(re.compile("Your question is under review"))
    expect(held).to_be_visible()
    expect(alice.get_by_role("link", name="My Questions").last).to_be_visible()
    shot(alice, "submit-under-review")

    # Not on the public board; on My Questions as waiting for review.
    board = open_as("bob", "/product/questions")
    expect(board.get_by_role("heading", name="Questions")).to_be_visible()
    expect(board.get_by_text(text)).to_have_count(0)
    alice.get_by_role("link", name="My Questions").last.click()
    expect(alice).to_have_url(re.compile(r"/profile/questions$"))
    mine = alice.get_by_role("listitem").filter(has_text=text)
    expect(mine).to_be_visible()
    expect(mine.get_by_text(re.compile("review", re.I)).first).to_be_visible()

    # The moderator's Under Review queue lists it with the filter's reason and confidence.
    mod = open_as("moderator", "/moderator/queue?status=under_review")
    row = mod.get_by_role("row").filter(has_text=text[:60])
    expect(row).to_be_visible()
    expect(row.get_by_text("Flagged (medium confidence): Excessive capitalization")).to_be_visible()
    expect(row.get_by_role("button", name="✓ Approve")).to_be_visible()
    for page in (alice, board, mod):
        assert page.js_errors == []
