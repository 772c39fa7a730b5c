"""Browser tests: a real `pulsestage serve` on a fresh seeded database, driven by system Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.servers import ServeProcess

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (the browser tests need it)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def live_server(database, open_tmp):
    """`pulsestage serve` (test profile) on the test's own seeded database."""
    server = ServeProcess({
        "PULSESTAGE_PROFILE": "test", "DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(open_tmp),
        "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0", "PUBLIC_URL": "http://127.0.0.1:0",
    })
    server.wait_ready(timeout=60)
    yield server
    server.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/e2e/screenshots/ (not committed)."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, user: str, path: str = "/") -> None:
    """Sign in through the demo route, as the login page's button does."""
    page.goto(f"/auth/demo?user={user}&tenant=default&redirect={path}")
    page.wait_for_load_state("networkidle")
