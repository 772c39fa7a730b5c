"""Browser tests: a real `pulsestage serve` on a fresh seeded database, driven by system Chromium.

One server (and one database copy of the seeded template) per test module: tests in a module share
it, so a module only holds tests that do not disturb each other. `fresh_server` gives one test a
server of its own when it changes tenant-wide state.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.servers import ServeProcess

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--font-render-hinting=none"]
SHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 360, "height": 740}
DEMO_USERS = ("alice", "bob", "moderator", "admin")
LIVE_TIMEOUT = 5000  # ms: how long a live (SSE) update may take to show in another browser


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


def _start_server(dsn: str, folder: Path) -> ServeProcess:
    server = ServeProcess({
        "PULSESTAGE_PROFILE": "test", "DATABASE_URL": dsn, "PULSESTAGE_DATA_DIR": str(folder),
        "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0", "PUBLIC_URL": "http://127.0.0.1:0",
    })
    try:
        server.wait_ready(timeout=60)
    except BaseException:
        server.stop()
        raise
    return server


def _open_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="pulsestage-e2e-"))
    folder.chmod(0o755)  # the embedded server's unprivileged user must enter it
    return folder


@pytest.fixture(scope="module")
def module_database(pg_server, seeded_template):
    """A fresh copy of the seeded database for one test module; yields its owner DSN."""
    name, dsn = pg_server.create(template=seeded_template)
    yield dsn
    pg_server.drop(name)


@pytest.fixture(scope="module")
def live_server(module_database):
    """`pulsestage serve` (test profile) on the module's own seeded database."""
    folder = _open_folder()
    server = _start_server(module_database, folder)
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fresh_server(database, open_tmp):
    """A server on a database of its own, for a test that changes tenant-wide state."""
    server = _start_server(database, open_tmp)
    yield server
    server.stop()


def _new_page(browser, base_url: str, viewport: dict, contexts: list):
    context = browser.new_context(base_url=base_url, viewport=viewport, reduced_motion="reduce",
                                  color_scheme="light", locale="en-GB", timezone_id="UTC")
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page pointed at the module's live server."""
    contexts: list = []
    yield _new_page(browser, live_server.url, DESKTOP, contexts)
    for context in contexts:
        context.close()


def _opener(browser, server):
    contexts: list = []

    def open_page(user: str | None = None, path: str = "/", viewport: dict | None = None):
        """A page in a browser context of its own (its own cookies), signed in as `user` if given."""
        page = _new_page(browser, server.url, viewport or DESKTOP, contexts)
        if user:
            sign_in_quietly(page, user)
        if path:
            page.goto(path)
        return page

    return open_page, contexts


@pytest.fixture
def open_as(browser, live_server):
    """Factory: `open_as("alice", "/product/questions")` → a page signed in as alice in its own context."""
    open_page, contexts = _opener(browser, live_server)
    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def open_fresh(browser, fresh_server):
    """Like `open_as`, against `fresh_server`."""
    open_page, contexts = _opener(browser, fresh_server)
    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page, or just the viewport — e.g. with a dialog open) under
    tests/e2e/screenshots/ (git-ignored), for a human to look at."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="initial")
    return path


def sign_in(page, user: str, path: str = "/") -> None:
    """Sign in through the demo route, as the login page's button does."""
    page.goto(f"/auth/demo?user={user}&tenant=default&redirect={quote(path, safe='/')}")
    page.wait_for_load_state("networkidle")


def sign_in_quietly(page, user: str) -> None:
    """Sign the page's browser context in through the demo route without rendering anything (the
    session cookie lands in the context); the login page's buttons are tested in test_login.py."""
    response = page.context.request.get(f"/auth/demo?user={user}&tenant=default&redirect=/api/csrf-token")
    assert response.ok, response.text()


def me(page) -> dict:
    """GET /api/users/me with the page's cookies."""
    response = page.request.get("/api/users/me")
    assert response.status == 200, response.text()
    return response.json()


def team_ids(page) -> dict[str, str]:
    """Team slug -> id, as the signed-in user sees them."""
    return {t["slug"]: t["id"] for t in page.request.get("/api/teams").json()}


def list_questions(page, **params: str) -> list[dict]:
    """GET /api/questions with query parameters (status, teamId, ...); the list of questions."""
    response = page.request.get("/api/questions", params=params)
    assert response.status == 200, response.text()
    body = response.json()
    return body if isinstance(body, list) else body["questions"]


def csrf_headers(page) -> dict[str, str]:
    """Headers for an unsafe API call made with the page's session."""
    token = page.request.get("/api/csrf-token").json()["csrfToken"]
    return {"X-CSRF-Token": token, "Accept": "application/json"}


def mark_document(page) -> None:
    """Tag the current document, so `same_document(page)` tells whether it was reloaded since."""
    page.evaluate("window.__e2eDocument = 'kept'")


def same_document(page) -> bool:
    """True while the document marked by `mark_document` is still the one shown (no reload)."""
    return page.evaluate("window.__e2eDocument === 'kept'")


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core (WCAG 2.x A/AA rules) in the page; the violations of the given impacts, readable."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        "resultTypes": ["violations"],
    })
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in impacts:
            continue
        for node in violation["nodes"][:6]:
            found.append(f"{violation['id']} ({violation['impact']}): {node['target']} — "
                         f"{node.get('failureSummary', '').splitlines()[-1] if node.get('failureSummary') else ''} "
                         f"| {node['html'][:160]}")
    return found
