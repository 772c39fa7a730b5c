"""The pulse dashboard: the 12-week trend and heatmap drawn from /api/pulse/summary, and every group
the server hides (too few answers) shown locked — a question, heatmap cells, weeks, a whole team."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import csrf_headers, shot, team_ids


def summary(page, team_id: str | None = None) -> dict:
    response = page.request.get("/api/pulse/summary?range=12w" + (f"&team={team_id}" if team_id else ""))
    assert response.status == 200, response.text()
    return response.json()


def test_team_pulse_shows_trends_and_locks_small_groups(open_as):
    alice = open_as("alice", "/engineering/pulse/dashboard")
    data = summary(alice, team_ids(alice)["engineering"])
    threshold = data["anonThreshold"]
    trend = data["summary"]["overallTrend"]
    locked_questions = [q for q in data["questions"] if q["insufficient"]]
    open_questions = [q for q in data["questions"] if not q["insufficient"]]
    # The seed's engineering team has small groups: a question nobody answered often enough, and
    # weeks below the threshold. (If the seed changes, pick another group here.)
    assert locked_questions, "expected a pulse question with too few answers in the seed"
    assert any(p["insufficient"] for p in trend) and any(not p["insufficient"] for p in trend)

    expect(alice.get_by_role("heading", name="Engineering Pulse")).to_be_visible()
    expect(alice.get_by_text("Insufficient Data for Anonymity")).to_have_count(0)
    expect(alice.get_by_text("Total Responses").locator("..")).to_contain_text(str(data["summary"]["totalResponses"]))

    # Trend: one point per shown week with its average; locked weeks marked, not drawn.
    trend_figure = alice.locator("figure").filter(has=alice.get_by_role("img", name="Pulse trend by week"))
    expect(trend_figure.locator("polyline")).not_to_have_count(0)
    expect(trend_figure.locator("circle")).to_have_count(sum(not p["insufficient"] for p in trend))
    rows = trend_figure.locator("table tbody tr")
    expect(rows).to_have_count(len(trend))
    expect(rows.locator("td:nth-child(2)")).to_have_text(
        ["insufficient data" if p["insufficient"] else f"{p['average']:.2f}" for p in trend])
    for p in trend:
        if not p["insufficient"]:
            expect(trend_figure.locator(f"circle[aria-label$='average {p['average']:.2f}, {p['responseCount']} responses']")).to_have_count(1)

    # Heatmap: every hidden cell is a lock, every shown one carries its average.
    heat = alice.get_by_role("table").filter(has_text="Average score by category and week")
    hidden = sum(cell["insufficient"] for cells in data["heatmap"].values() for cell in cells.values())
    shown = [cell["average"] for cells in data["heatmap"].values() for cell in cells.values() if not cell["insufficient"]]
    expect(heat.get_by_label(re.compile(r": insufficient data$"))).to_have_count(hidden)
    expect(heat.locator("td").filter(has_text=re.compile(r"^\d\.\d$"))).to_have_count(len(shown))
    expect(alice.get_by_role("list", name="Legend")).to_contain_text(f"Fewer than {threshold} responses")

    # Breakdown: the locked question says why; an open one shows its average.
    for q in locked_questions:
        row = alice.get_by_role("listitem").filter(has_text=q["questionText"])
        expect(row).to_contain_text(f"Insufficient responses — need {threshold} for anonymity.")
    first = open_questions[0]
    expect(alice.get_by_role("listitem").filter(has_text=first["questionText"])).to_contain_text(f"{first['overallAverage']:.2f}")
    # 1–5 and 0–10 questions are listed apart, never on one scale.
    expect(alice.get_by_text("1–5 questions", exact=True)).to_be_visible()
    expect(alice.get_by_text("0–10 questions (NPS)", exact=True)).to_be_visible()
    shot(alice, "pulse-engineering")
    assert alice.js_errors == []


def test_a_team_without_enough_answers_is_locked_as_a_whole(open_as):
    admin = open_as("admin", "/all/dashboard")
    created = admin.request.post("/api/teams", data={"name": "Design", "slug": "design",
                                                      "description": "Design reviews."}, headers=csrf_headers(admin))
    assert created.status in (200, 201), created.text()
    team = created.json()
    team = team.get("team", team)
    data = summary(admin, team["id"])
    assert data["summary"]["totalResponses"] < data["anonThreshold"]

    admin.goto("/design/pulse/dashboard")
    expect(admin.get_by_role("heading", name="Design Pulse")).to_be_visible()
    banner = admin.get_by_role("status").filter(has_text="Insufficient Data for Anonymity")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"at least {data['anonThreshold']} responses")
    expect(admin.get_by_text("Overall Score")).to_have_count(0)
    expect(admin.get_by_text(re.compile("Every week in this range has fewer than"))).to_be_visible()
    shot(admin, "pulse-locked-team")
    assert admin.js_errors == []


def test_organisation_pulse_shows_the_roll_up(open_as):
    bob = open_as("bob", "/all/pulse/dashboard")
    data = summary(bob)
    expect(bob.get_by_role("heading", name="Organization Pulse")).to_be_visible()
    expect(bob.get_by_text("Participation Rate").locator("..")).to_contain_text(
        f"{round(min(100, data['summary']['participationRate']))}%")
    # Range buttons reload the summary for 4 weeks, kept in the address.
    bob.get_by_role("button", name="4 Weeks").click()
    expect(bob).to_have_url(re.compile(r"range=4w"))
    expect(bob.get_by_role("button", name="4 Weeks")).to_have_attribute("aria-pressed", "true")
    expect(bob.locator("figure").first.locator("table tbody tr")).to_have_count(4)
    assert bob.js_errors == []
