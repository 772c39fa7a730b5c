"""Admin changes the organisation's theme: a live preview for the admin only (Cancel restores it);
once saved, everyone's next page load uses it. Its own module: the theme is tenant-wide."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import shot

TEAL_LIGHT = "#0D9488"  # Refined Teal, the default (ui.md §12.1)
PURPLE_LIGHT = "#7C3AED"  # Modern Purple
PURPLE_DARK = "#A78BFA"


def primary(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim()").upper()


def primary_button_background(page) -> str:
    return page.get_by_role("link", name="Submit Question").evaluate("el => getComputedStyle(el).backgroundColor")


def test_admin_theme_change_reaches_everyone_on_their_next_page_load(open_as):
    bob = open_as("bob", "/product/questions")
    expect(bob.get_by_role("heading", name="Questions")).to_be_visible()
    assert primary(bob) == TEAL_LIGHT
    assert primary_button_background(bob) == "rgb(13, 148, 136)"

    admin = open_as("admin", "/admin?tab=settings")
    expect(admin.get_by_role("heading", name="Theme & Appearance")).to_be_visible()
    themes = admin.get_by_role("radiogroup", name="Theme")
    expect(themes.get_by_role("radio", name="Refined Teal")).to_have_attribute("aria-checked", "true")

    # Clicking a theme previews it at once, for the admin only; Cancel puts the saved one back.
    themes.get_by_role("radio", name="Modern Purple").click()
    assert primary(admin) == PURPLE_LIGHT
    expect(admin.get_by_text("You have unsaved changes")).to_be_visible()
    admin.get_by_role("button", name="Cancel").click()
    assert primary(admin) == TEAL_LIGHT
    expect(themes.get_by_role("radio", name="Refined Teal")).to_have_attribute("aria-checked", "true")

    # Pick it again and save.
    themes.get_by_role("radio", name="Modern Purple").click()
    admin.get_by_role("button", name="Save All Changes").click()
    expect(admin.get_by_text("Settings saved.")).to_be_visible()
    expect(admin.get_by_role("button", name="Save All Changes")).to_be_disabled()
    assert primary(admin) == PURPLE_LIGHT
    shot(admin, "theme-saved-admin")
    assert admin.request.get("/api/admin/tenant-settings").json()["settings"]["branding"]["theme"] == "modern-purple"

    # Bob's open page keeps its theme until his next page load, which shows the new one.
    assert primary(bob) == TEAL_LIGHT
    bob.reload()
    expect(bob.get_by_role("heading", name="Questions")).to_be_visible()
    bob.wait_for_function(f"getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim().toUpperCase() === '{PURPLE_LIGHT}'")
    assert primary_button_background(bob) == "rgb(124, 58, 237)"
    shot(bob, "theme-bob-next-load")

    # In dark mode bob gets the theme's dark palette.
    bob.get_by_role("button", name="Switch to dark mode").click()
    assert primary(bob) == PURPLE_DARK
    assert bob.evaluate("document.documentElement.classList.contains('dark')")

    # Someone signing in fresh sees it on the sign-in page already.
    visitor = open_as(None, "/login")
    expect(visitor.get_by_role("heading", name="Sign In")).to_be_visible()
    visitor.wait_for_function(f"getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim().toUpperCase() === '{PURPLE_LIGHT}'")
    for page in (bob, admin, visitor):
        assert page.js_errors == []
