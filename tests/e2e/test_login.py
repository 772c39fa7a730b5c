"""Sign-in in a real browser: the login page offers the demo users and signs one in."""

from __future__ import annotations

import re

from tests.e2e.conftest import shot


def test_login_page_lists_demo_users_and_signs_in(page):
    page.goto("/login")
    page.wait_for_load_state("networkidle")
    for user in ("alice", "bob", "moderator", "admin"):
        assert page.get_by_role("button", name=re.compile(user, re.I)).count() >= 1 or \
            page.get_by_text(re.compile(user, re.I)).count() >= 1
    shot(page, "login")
    page.get_by_text(re.compile("alice", re.I)).first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    shot(page, "after-login-alice")
    assert "/login" not in page.url
    me = page.request.get("/api/users/me")
    assert me.status == 200
    assert me.json()["email"] == "alice@pulsestage.app"
    assert page.js_errors == []


def test_csp_blocks_nothing_the_app_needs(page):
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto("/login")
    page.wait_for_load_state("networkidle")
    assert violations == []
