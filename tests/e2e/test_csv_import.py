"""Admin → Users → Import CSV: the preview lists the bad row's problem (line, field, reason) and
writes nothing; only the commit of a clean file creates the people."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import shot

GOOD_1 = "nina.import@example.com,Nina Import,engineering,member"
BAD = "omar.import@example.com,Omar Import,marketing,member"  # no such team in `default`
GOOD_2 = "paula.import@example.com,Paula Import,product,moderator"
FIXED = "omar.import@example.com,Omar Import,product,member"
HEADER = "email,name,homeTeam,role"


def csv_file(*rows: str) -> dict:
    return {"name": "people.csv", "mimeType": "text/csv", "buffer": "\n".join([HEADER, *rows, ""]).encode()}


def imported_emails(page) -> set[str]:
    users = page.request.get("/api/admin/users").json()["users"]
    return {u["email"] for u in users if u["email"].endswith(".import@example.com")}


def tile(dialog, label: str):
    return dialog.locator("dl > div").filter(has=dialog.page.get_by_text(label, exact=True)).locator("dd")


def test_csv_import_previews_the_bad_row_and_writes_nothing_until_commit(open_as):
    admin = open_as("admin", "/admin?tab=users")
    expect(admin.get_by_role("heading", name="User Management")).to_be_visible()
    admin.get_by_role("button", name="Import CSV").click()
    dialog = admin.get_by_role("dialog", name="Import Users from CSV")
    expect(dialog).to_be_visible()

    dialog.get_by_label("Select CSV File").set_input_files(files=[csv_file(GOOD_1, BAD, GOOD_2)])
    expect(dialog.get_by_text(re.compile(r"Selected: people\.csv \(\d+\.\d KB\)"))).to_be_visible()
    dialog.get_by_role("button", name="Preview").click()

    expect(dialog.get_by_role("alert")).to_have_text("Found 1 error. Fix the file and preview again.")
    expect(tile(dialog, "Total Rows")).to_have_text("3")
    expect(tile(dialog, "Valid")).to_have_text("2")
    expect(tile(dialog, "Errors")).to_have_text("1")

    rows = dialog.locator("tbody tr")
    expect(rows).to_have_count(3)
    bad = rows.filter(has_text="omar.import@example.com")
    # The row names its line in the file (header = line 1), the field and the reason.
    expect(bad.locator("td").first).to_have_text("3")
    expect(bad).to_contain_text("homeTeam")
    expect(bad).to_contain_text("Home team 'marketing' not found")
    for good in ("nina.import@example.com", "paula.import@example.com"):
        expect(rows.filter(has_text=good)).to_contain_text("Ready")
        expect(rows.filter(has_text=good)).to_contain_text("create")
    # With an error in the preview there is no way to commit, and nothing was written.
    expect(dialog.get_by_role("button", name="Import Users")).to_have_count(0)
    bad.scroll_into_view_if_needed()
    shot(admin, "csv-import-preview-error", full_page=False)
    assert imported_emails(admin) == set()

    # A corrected file previews clean; nothing is written until Import Users.
    dialog.get_by_label("Select CSV File").set_input_files(files=[csv_file(GOOD_1, FIXED, GOOD_2)])
    dialog.get_by_role("button", name="Preview").click()
    expect(dialog.get_by_role("status").filter(has_text="Ready to import 3 user(s).")).to_be_visible()
    expect(tile(dialog, "Errors")).to_have_text("0")
    assert imported_emails(admin) == set()
    dialog.get_by_role("button", name="Import Users").click()

    expect(dialog).to_be_hidden()
    expect(admin.get_by_role("status").filter(has_text="Imported 3 users.")).to_be_visible()
    assert imported_emails(admin) == {"nina.import@example.com", "omar.import@example.com", "paula.import@example.com"}
    admin.get_by_placeholder("Search by email, name, or team...").fill("import@example.com")
    expect(admin.get_by_role("row").filter(has_text="Paula Import")).to_contain_text("moderator")
    assert admin.js_errors == []
