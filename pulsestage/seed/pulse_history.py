"""Plans 12 weeks of pulse history: invites and anonymous responses that agree with each other.

The shape (documented in docs/admin-guide-demo-data.md): every past Monday four of the five
cohorts are asked two questions each, and the fifth cohort rests; the rest and the question pairs
rotate so every cohort meets every question over time. About 80 % of invites are answered. Each
answered invite is COMPLETED and has exactly one response carrying the user's team and week, so
for every (team, week, question) the responses equal the completed invites. Engineering's scores
drift up and Product's down along the tenant's `pulse_trends`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from pulsestage.seed.data import HISTORY_WEEKS, PulseQuestionSpec
from pulsestage.seed.rows import Clock, new_id

INVITE_COLUMNS = ("id", "tenant_id", "user_id", "team_id", "channel", "question_id", "token",
                  "week_start", "expires_at", "sent_at", "status", "created_at")
RESPONSE_COLUMNS = ("id", "tenant_id", "team_id", "question_id", "score", "comment", "week_start")
SEND_HOUR = 9  # the schedule's 09:00
LOW_COMMENTS = (
    "Would love more visibility into how priorities are decided.",
    "We need more support during peak times.",
    "Looking forward to seeing this improve.",
    "Some progress, but there is still room to grow.",
)
HIGH_COMMENTS = (
    "Great week - the team really pulled together.",
    "Feeling good about where we are heading.",
)


@dataclass(frozen=True, slots=True)
class Member:
    """A user as the pulse sees them: id, primary team id and slug."""

    user_id: str
    team_id: str
    team_slug: str


@dataclass(frozen=True, slots=True)
class PulseQuestion:
    """A stored pulse question with its spec."""

    id: str
    spec: PulseQuestionSpec


def cohort_slices(members: list[Member], count: int) -> list[list[Member]]:
    """`count` consecutive slices of ceil(n / count) members (seed-data.md §3.7)."""
    size = -(-len(members) // count)
    return [members[i * size:(i + 1) * size] for i in range(count)]


def pairs_for_week(week: int, cohorts: int) -> dict[int, int]:
    """cohort index -> question pair index for history week `week` (0 = oldest); one cohort rests.

    The `week // cohorts` term shifts the pairs each cycle, so the resting cohort misses a
    different pair every time instead of always the same one.
    """
    resting = week % cohorts
    return {c: (c + week + week // cohorts) % cohorts for c in range(cohorts) if c != resting}


def team_mean(trends: dict[str, tuple[float, float]], team_slug: str, week: int) -> float:
    """The expected Likert average of a team in history week `week`, on a straight line."""
    # A team the demo did not create (kept from before a non-reset run) follows the average line.
    first, last = trends.get(team_slug) or (
        sum(t[0] for t in trends.values()) / len(trends), sum(t[1] for t in trends.values()) / len(trends))
    return first + (last - first) * week / (HISTORY_WEEKS - 1)


def expected_score(mean: float, spec: PulseQuestionSpec) -> float:
    """The score a team with Likert average `mean` gives on average (NPS mapped onto 0-10)."""
    if spec.scale == "NPS_0_10":
        return 2 * mean - 0.6
    return mean + spec.offset


def draw_score(rng: random.Random, mean: float, spec: PulseQuestionSpec) -> int:
    """A plausible integer score around the expected one."""
    if spec.scale == "NPS_0_10":
        return min(10, max(0, round(rng.gauss(expected_score(mean, spec), 1.6))))
    return min(5, max(1, round(rng.gauss(expected_score(mean, spec), 0.8))))


def settle(rng: random.Random, scores: list[int], target_total: int, low: int, high: int) -> None:
    """Nudge random scores by one until they add up to `target_total`.

    Without this, rounding noise on ~30 answers per team and week (±0.15) hides a trend of
    0.05 a week; with it each week sits on its team's line and the scores keep their spread.
    """
    target_total = min(high * len(scores), max(low * len(scores), target_total))
    gap = target_total - sum(scores)
    step = 1 if gap > 0 else -1
    while gap:
        i = rng.randrange(len(scores))
        if low <= scores[i] + step <= high:
            scores[i] += step
            gap -= step


def draw_comment(rng: random.Random, score: int, spec: PulseQuestionSpec) -> str | None:
    """Sometimes a short remark: more often on low scores."""
    low, high = (6, 9) if spec.scale == "NPS_0_10" else (2, 5)
    if score <= low and rng.random() < 0.35:
        return rng.choice(LOW_COMMENTS)
    if score >= high and rng.random() < 0.1:
        return rng.choice(HIGH_COMMENTS)
    return None


def plan_history(tenant_id: str, cohorts: list[list[Member]], questions: list[PulseQuestion],
                 trends: dict[str, tuple[float, float]], clock: Clock) -> tuple[list, list]:
    """Invite rows (COMPLETED / EXPIRED) and response rows for the last HISTORY_WEEKS weeks."""
    rng = random.Random(42)
    invites: list[tuple] = []
    answered: dict[tuple, list[tuple[Member, PulseQuestion]]] = {}
    for week in range(HISTORY_WEEKS):
        monday = clock.monday(HISTORY_WEEKS - week)
        sent = clock.at(monday, SEND_HOUR)
        # Expire at the next Monday 00:00, which is never later than this week's start.
        expires = clock.at(monday + timedelta(days=7))
        answer_rate = rng.uniform(0.74, 0.89)
        for cohort, pair in pairs_for_week(week, len(cohorts)).items():
            for member in cohorts[cohort]:
                for question in questions[2 * pair:2 * pair + 2]:
                    done = rng.random() < answer_rate
                    invites.append(invite_row(tenant_id, member, question, monday, sent, expires,
                                              "COMPLETED" if done else "EXPIRED"))
                    if done:
                        key = (member.team_slug, week, question.spec.scale)
                        answered.setdefault(key, []).append((member, question))
    responses = []
    for (team_slug, week, scale), group in answered.items():
        mean = team_mean(trends, team_slug, week)
        scores = [draw_score(rng, mean, q.spec) for _, q in group]
        target = sum(expected_score(mean, q.spec) for _, q in group)
        settle(rng, scores, round(target), *((0, 10) if scale == "NPS_0_10" else (1, 5)))
        monday = clock.monday(HISTORY_WEEKS - week)
        responses += [
            (new_id(), tenant_id, member.team_id, q.id, score, draw_comment(rng, score, q.spec), monday)
            for (member, q), score in zip(group, scores, strict=True)
        ]
    # Stored order must not line responses up with invites: shuffle before writing.
    rng.shuffle(responses)
    return invites, responses


def plan_pending(tenant_id: str, cohorts: list[list[Member]], questions: list[PulseQuestion],
                 clock: Clock) -> tuple[list, int]:
    """This week's run: cohort 0 (the four login users among them) gets one open invite each.

    Returns the rows and the index of the question asked, for the schedule's rotation state.
    """
    pair = pairs_for_week(HISTORY_WEEKS, len(cohorts)).get(0, 0)
    index = (2 * pair + 1) % len(questions)
    expires = clock.now + timedelta(days=7)
    rows = [
        (new_id(), tenant_id, m.user_id, m.team_id, "EMAIL", questions[index].id, new_id(),
         clock.this_monday, expires, None, "PENDING", clock.now)
        for m in cohorts[0]
    ]
    return rows, index


def invite_row(tenant_id: str, member: Member, question: PulseQuestion, monday: date, sent,
               expires, status: str) -> tuple:
    """One past invite; the token is a fresh random UUID like a real send's."""
    return (new_id(), tenant_id, member.user_id, member.team_id, "EMAIL", question.id, new_id(),
            monday, expires, sent, status, sent)
