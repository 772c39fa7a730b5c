"""Presentation mode driven only from the keyboard, and "currently presenting" seen live by others."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import LIVE_TIMEOUT, list_questions, mark_document, same_document, shot, team_ids


def open_product_questions(page) -> list[dict]:
    """Product's open, not yet reviewed questions as the deck orders them: most upvoted first."""
    questions = list_questions(page, status="open", teamId=team_ids(page)["product"])
    unreviewed = [q for q in questions if not any(t["tag"]["name"] == "Reviewed" for t in q.get("tags", []))]
    return sorted(unreviewed, key=lambda q: -q["upvotes"])


def test_presentation_is_keyboard_driven_and_everyone_sees_what_is_presented(open_as):
    bob = open_as("bob", "/product/questions")
    expect(bob.get_by_role("heading", name="Questions")).to_be_visible()
    expect(bob.get_by_text("Presenting now")).to_have_count(0)
    mark_document(bob)

    mod = open_as("moderator", "/product/questions")
    deck = open_product_questions(mod)
    assert len(deck) >= 3, deck
    n = len(deck)

    # Enter presentation mode from the keyboard: Tab to the monitor button, press Enter.
    start = mod.get_by_role("link", name="Start Presentation Mode")
    for _ in range(40):
        mod.keyboard.press("Tab")
        if start.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the Start Presentation Mode button is not reachable with Tab")
    mod.keyboard.press("Enter")
    expect(mod).to_have_url(re.compile(r"/product/open/present$"))

    # The shortcut overlay shows for a few seconds on entry; ? toggles it; Esc closes it first
    # (without leaving presentation mode).
    help_overlay = mod.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_overlay).to_be_visible()
    shot(mod, "presentation-help")
    expect(help_overlay).to_be_hidden(timeout=6000)
    mod.keyboard.press("?")
    expect(help_overlay).to_be_visible()
    for key in ("Space", "Enter", "H", "Esc", "?"):
        expect(help_overlay.get_by_text(re.compile(re.escape(key)))).not_to_have_count(0)
    mod.keyboard.press("Escape")
    expect(help_overlay).to_be_hidden()
    expect(mod).to_have_url(re.compile(r"/product/open/present$"))
    mod.keyboard.press("?")
    expect(help_overlay).to_be_visible()
    mod.keyboard.press("?")
    expect(help_overlay).to_be_hidden()

    position = mod.get_by_text(re.compile(r"• Question \d+ of \d+"))
    heading = mod.get_by_role("heading", level=1)

    def showing(i: int) -> None:
        expect(position).to_have_text(re.compile(rf"Question {i + 1} of {n}$"))
        expect(heading).to_have_text(deck[i]["body"])

    def bob_sees_presenting(i: int) -> None:
        # Live updates arrive one by one (untag the old, tag the new, presentation changed): wait
        # for the new question to be marked, then for it to be the only one.
        live_cards = bob.get_by_role("listitem").filter(has_text="Presenting now")
        expect(live_cards.filter(has_text=deck[i]["body"])).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(live_cards).to_have_count(1, timeout=LIVE_TIMEOUT)

    # The most upvoted question comes first, and bob's open page marks it without a reload.
    showing(0)
    expect(mod.get_by_text(f"{deck[0]['upvotes']}", exact=True)).to_be_visible()
    bob_sees_presenting(0)
    expect(bob.get_by_text("● Live presentation")).to_be_visible()
    shot(mod, "presentation-first")

    # Space and Enter move on (marking the previous ones Reviewed); bob follows.
    mod.keyboard.press("Space")
    showing(1)
    bob_sees_presenting(1)
    mod.keyboard.press("Enter")
    showing(2)
    bob_sees_presenting(2)

    # End jumps to the last one without marking; H goes back to the highest-upvoted unreviewed
    # question — the third, since the first two were reviewed with Space and Enter.
    mod.keyboard.press("End")
    showing(n - 1)
    bob_sees_presenting(n - 1)
    mod.keyboard.press("h")
    showing(2)
    bob_sees_presenting(2)

    reviewed = [q["id"] for q in open_product_questions(mod)]
    assert deck[0]["id"] not in reviewed and deck[1]["id"] not in reviewed and deck[2]["id"] in reviewed

    # Esc leaves presentation mode, back to where it started; bob's mark disappears live.
    mod.keyboard.press("Escape")
    expect(mod).to_have_url(re.compile(r"/product/questions$"))
    expect(bob.get_by_text("Presenting now")).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(bob.get_by_text("● Live presentation")).to_have_count(0)
    assert same_document(bob), "bob's page was reloaded"
    assert mod.request.get("/api/presentation").json().get("active") in (False, None)
    for page in (bob, mod):
        assert page.js_errors == []
