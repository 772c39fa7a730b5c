"""The full journey in three browsers: alice asks, bob upvotes, the moderator answers — and alice's
already-open questions page follows every step live, without a reload."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import LIVE_TIMEOUT, list_questions, mark_document, same_document, shot, team_ids


def card(page, text: str):
    """The question card (list item) whose body contains `text`."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("button", name=text, exact=True))


def test_alice_asks_bob_upvotes_moderator_answers_and_alices_page_updates_live(open_as):
    body = f"Could we publish the on-call rota for the launch week? ref {uuid.uuid4().hex[:8]}"
    answer = f"Yes: it goes on the wiki every Friday. ({uuid.uuid4().hex[:6]})"

    # Alice asks in Product, from the submit page, and sees it published.
    alice = open_as("alice", "/product")
    expect(alice.get_by_role("heading", name="Submit a Question")).to_be_visible()
    alice.get_by_label(re.compile("^Your Question")).fill(body)
    alice.get_by_role("button", name="Submit Question").click()
    expect(alice.get_by_text("Your question was submitted successfully to Product!")).to_be_visible()

    # She opens the board from the navigation (client-side) and keeps that page open from now on.
    alice.get_by_role("navigation", name="Main").get_by_role("link", name="Questions").click()
    alice.get_by_role("tab", name=re.compile(r"^All \(")).click()
    expect(alice).to_have_url(re.compile(r"/product/questions\?view=all$"))
    mine = card(alice, body)
    expect(mine).to_be_visible()
    expect(mine.get_by_role("button", name=re.compile(r"^Upvote \(0 upvotes\)"))).to_be_disabled()  # own question
    expect(alice.get_by_role("status").filter(has_text="Live").first).to_be_visible()
    mark_document(alice)
    url = alice.url
    # The team selector counts Product's open questions, hers included.
    open_before = len(list_questions(alice, status="open", teamId=team_ids(alice)["product"]))
    selector = alice.get_by_role("navigation", name="Main").get_by_role("button", name=re.compile(r"^Product \d+$"))
    expect(selector).to_have_accessible_name(f"Product {open_before}")

    # Bob, in his own browser, upvotes it.
    bob = open_as("bob", "/product/questions")
    bobs = card(bob, body)
    expect(bobs).to_be_visible()
    bobs.get_by_role("button", name="Upvote (0 upvotes)").click()
    expect(bobs.get_by_role("button", name="Remove upvote (1 upvotes)")).to_have_attribute("aria-pressed", "true")

    # Alice sees the vote arrive.
    expect(mine.get_by_role("button", name=re.compile(r"\(1 upvotes\)"))).to_be_visible(timeout=LIVE_TIMEOUT)

    # The moderator answers it from the moderation queue.
    mod = open_as("moderator", "/moderator/queue")
    expect(mod.get_by_role("heading", name="Moderation Queue")).to_be_visible()
    row = mod.get_by_role("row").filter(has_text=body)
    expect(row).to_be_visible()
    row.get_by_role("button", name="Answer").click()
    dialog = mod.get_by_role("dialog", name="Respond to Question")
    dialog.get_by_label("Your Response").fill(answer)
    dialog.get_by_role("button", name="Submit Response").click()
    expect(mod.get_by_text("Answer published")).to_be_visible()

    # Alice's page shows the answer, in place.
    expect(mine.get_by_text(answer)).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(mine.get_by_text("Answered", exact=True)).to_be_visible()
    expect(alice.get_by_role("tab", name=re.compile(r"^Answered \("))).to_be_visible()
    expect(selector).to_have_accessible_name(f"Product {open_before - 1}", timeout=LIVE_TIMEOUT)
    assert alice.url == url
    assert same_document(alice), "alice's page was reloaded"
    shot(alice, "journey-alice-after-answer")

    # Bob's open list drops it (it is no longer open), also live.
    expect(bobs).to_have_count(0, timeout=LIVE_TIMEOUT)

    # And the answer is on the question's own page.
    alice.goto(f"{url.split('/product')[0]}/profile/questions")
    expect(alice.get_by_text(answer)).to_be_visible()
    for page in (alice, bob, mod):
        assert page.js_errors == []
