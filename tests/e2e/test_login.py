"""Sign-in in a real browser: each demo user signs in from the login page's buttons and sees the
navigation of their role."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_USERS, PHONE, me, shot

# user -> (e-mail, home team slug, sees the moderator entry, sees the admin entries)
EXPECTED = {
    "alice": ("alice@pulsestage.app", "engineering", False, False),
    "bob": ("bob@pulsestage.app", "product", False, False),
    "moderator": ("moderator@pulsestage.app", "product", True, False),
    "admin": ("admin@pulsestage.app", "engineering", True, True),
}


def test_login_page_offers_every_demo_user(page):
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    for user in DEMO_USERS:
        expect(page.get_by_role("link", name=f"Continue as {user.capitalize()}")).to_be_visible()
    expect(page.get_by_text("Demo data is reset every day.")).to_be_visible()
    assert page.title() == "Sign In | PulseStage"
    assert page.js_errors == []


@pytest.mark.parametrize("user", DEMO_USERS)
def test_demo_user_signs_in_from_the_login_button_and_sees_role_navigation(page, user):
    email, home, moderates, administers = EXPECTED[user]
    page.goto("/login")
    assert me_status(page) == 401
    page.get_by_role("link", name=f"Continue as {user.capitalize()}").click()
    page.wait_for_url(re.compile(rf"/{home}/dashboard$"))
    assert me(page)["email"] == email

    nav = page.get_by_role("navigation", name="Main")
    for label in ("Dashboard", "Questions", "Pulse"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(page.get_by_role("region", name="Demo mode")).to_be_visible()

    page.get_by_role("button", name=re.compile("^Account menu for")).click()
    menu = page.get_by_role("menu")
    expect(menu.get_by_role("menuitem", name="View Profile")).to_be_visible()
    expect(menu.get_by_role("menuitem", name="My Questions")).to_be_visible()
    expect(menu.get_by_role("menuitem", name="Logout")).to_be_visible()
    expect(menu.get_by_role("menuitem", name="Moderator Dashboard")).to_have_count(1 if moderates else 0)
    expect(menu.get_by_role("menuitem", name="Admin Panel")).to_have_count(1 if administers else 0)
    expect(menu.get_by_role("menuitem", name="Health Dashboard")).to_have_count(1 if administers else 0)
    shot(page, f"menu-{user}")

    # The role guard agrees with the menu: a participant asking for /admin gets the Forbidden panel.
    page.keyboard.press("Escape")
    page.goto("/admin")
    if administers:
        expect(page.get_by_role("heading", name="Admin Panel")).to_be_visible()
    else:
        expect(page.get_by_role("heading", name="Access Denied")).to_be_visible()
    assert page.js_errors == []


@pytest.mark.parametrize("user", ["bob", "admin"])
def test_phone_menu_sheet_holds_the_role_navigation(open_as, user):
    _, home, moderates, administers = EXPECTED[user]
    page = open_as(None, "/login", viewport=PHONE)
    page.get_by_role("link", name=f"Continue as {user.capitalize()}").click()
    page.wait_for_url(re.compile(rf"/{home}/dashboard$"))
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Questions", exact=True)).to_be_hidden()  # behind the menu button on phones
    menu_button = page.get_by_role("button", name="Open menu")
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    sheet = page.locator("#mobile-sheet")
    for label in ("Dashboard", "Questions", "Pulse", "View Profile", "My Questions"):
        expect(sheet.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(sheet.get_by_role("link", name="Moderator Dashboard")).to_have_count(1 if moderates else 0)
    expect(sheet.get_by_role("link", name="Admin Panel")).to_have_count(1 if administers else 0)
    shot(page, f"menu-sheet-{user}-360", full_page=False)
    sheet.get_by_role("link", name="Questions", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{home}/questions$"))
    expect(sheet).to_be_hidden()


def test_sign_out_returns_to_login(page):
    page.goto("/login")
    page.get_by_role("link", name="Continue as Bob").click()
    page.wait_for_url(re.compile(r"/product/dashboard$"))
    page.get_by_role("button", name=re.compile("^Account menu for")).click()
    page.get_by_role("menuitem", name="Logout").click()
    page.wait_for_url(re.compile(r"/login"))
    assert me_status(page) == 401


def test_csp_blocks_nothing_the_app_needs(page):
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto("/login")
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Continue as Alice").click()
    page.wait_for_url(re.compile(r"/engineering/dashboard$"))
    page.wait_for_load_state("networkidle")
    assert violations == []


def me_status(page) -> int:
    return page.request.get("/api/users/me").status
