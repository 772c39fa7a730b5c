"""Every main page at 1280 px and at 360 px, and in dark mode: it renders (its heading, no skeleton
or spinner left, no sideways scrolling on a phone), axe-core finds no serious or critical WCAG 2.1
A/AA violation, and a full-page screenshot goes to tests/e2e/screenshots/<page>-<variant>.png for a
human to look at."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, list_questions, shot, team_ids


@dataclass(frozen=True)
class MainPage:
    name: str
    user: str | None
    path: str | Callable  # a path, or a function of a signed-in page returning one
    heading: str | re.Pattern
    after: Callable | None = None  # runs once the heading shows (e.g. close an overlay)


def answered_question(page) -> str:
    return f"/questions/{list_questions(page, status='answered', teamId=team_ids(page)['engineering'])[0]['id']}"


def pending_check_in(page) -> str:
    invites = page.request.get("/api/pulse/my-invites").json()["invites"]
    assert invites, "the seed gives the moderator a pending pulse invite"
    return f"/pulse/check-in?token={invites[0]['token']}"


def close_presentation_help(page) -> None:
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()


PAGES = [
    MainPage("login", None, "/login", "Sign In"),
    MainPage("dashboard", "alice", "/engineering/dashboard", re.compile("^Welcome back, Alice!")),
    MainPage("dashboard-all", "alice", "/all/dashboard", re.compile("^Welcome back, Alice!")),
    MainPage("questions", "alice", "/engineering/questions", "Questions"),
    MainPage("questions-answered", "alice", "/engineering/questions?view=answered", "Questions"),
    MainPage("submit", "alice", "/engineering", "Submit a Question"),
    MainPage("question-detail", "alice", answered_question, re.compile(".+")),
    MainPage("profile", "alice", "/profile", "Alice (Demo User)"),
    MainPage("my-questions", "moderator", "/profile/questions", "Moderator (Demo)"),
    MainPage("pulse-dashboard", "alice", "/engineering/pulse/dashboard", "Engineering Pulse"),
    MainPage("pulse-check-in", "moderator", pending_check_in, "Your Weekly Pulse"),
    MainPage("moderator-dashboard", "moderator", "/moderator", "Moderator Dashboard"),
    MainPage("moderation-queue", "moderator", "/moderator/queue", "Moderation Queue"),
    MainPage("presentation", "moderator", "/engineering/open/present", re.compile("."), close_presentation_help),
    MainPage("admin-teams", "admin", "/admin?tab=teams", "Admin Panel"),
    MainPage("admin-tags", "admin", "/admin?tab=tags", "Admin Panel"),
    MainPage("admin-users", "admin", "/admin?tab=users", "Admin Panel"),
    MainPage("admin-settings", "admin", "/admin?tab=settings", "Admin Panel"),
    MainPage("admin-pulse", "admin", "/admin/pulse/settings", "Weekly Pulse Settings"),
    MainPage("admin-audit", "admin", "/admin/audit", "Audit Log"),
    MainPage("admin-health", "admin", "/admin/health", "System Health Dashboard"),
    MainPage("moderation-stats", "admin", "/moderator/stats", "Moderation Stats"),
    MainPage("export", "admin", "/moderator/export", "Export Data"),
    MainPage("not-found", "alice", "/engineering/no/such/page", re.compile("Not Found", re.I)),
]


VARIANTS = {"1280": (DESKTOP, "light"), "360": (PHONE, "light"), "1280-dark": (DESKTOP, "dark")}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("main_page", PAGES, ids=[p.name for p in PAGES])
def test_main_page_renders_is_accessible_and_is_screenshotted(open_as, main_page, variant):
    viewport, scheme = VARIANTS[variant]
    page = open_as(main_page.user, None, viewport=viewport)
    page.emulate_media(color_scheme=scheme)  # no stored preference: the app follows the system mode
    path = main_page.path(page) if callable(main_page.path) else main_page.path
    page.goto(path)
    heading = page.get_by_role("heading", level=1 if main_page.name != "login" else 2, name=main_page.heading).first
    expect(heading).to_be_visible()
    if main_page.after:
        main_page.after(page)
    # Nothing still loading: no skeletons, busy regions or spinners left.
    expect(page.locator(".animate-pulse, [aria-busy='true']")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Loading\b.*(\.\.\.|…)$"))).to_have_count(0)
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("document.documentElement.classList.contains('dark')") == (scheme == "dark")
    shot(page, f"{main_page.name}-{variant}")

    if viewport is PHONE:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{main_page.name} scrolls sideways by {overflow}px at 360px"
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"{len(violations)} serious/critical axe violations on {path}:\n" + "\n".join(violations))
    assert page.js_errors == []
