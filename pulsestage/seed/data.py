"""The fixed demo dataset as plain data: tenants, teams, tags, users, pulse questions, settings.

This is the documented demo (spec/README.md, "The demo seed is the documented one"): exactly two
teams in `default`, the 50 users of seed-data.md §3.6 without the General team, and a small second
tenant `acme` whose login users share usernames with `default` so isolation can be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pulsestage.seed.questions import ACME_QUESTIONS, DEFAULT_QUESTIONS, DemoQuestion

DEFAULT_SLUG = "default"
ACME_SLUG = "acme"
MAIL_DOMAIN = "pulsestage.app"


@dataclass(frozen=True, slots=True)
class DemoTeam:
    """A team, created if its slug is missing."""

    slug: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class DemoTag:
    """A tag, created if its name is missing."""

    name: str
    color: str
    description: str


@dataclass(frozen=True, slots=True)
class DemoUser:
    """A user with a primary team and (team slug, role) memberships."""

    email: str
    name: str
    sso_id: str
    primary_team: str
    memberships: tuple[tuple[str, str], ...]
    login: bool = False


@dataclass(frozen=True, slots=True)
class PulseQuestionSpec:
    """A pulse question; `offset` shifts its demo scores so the heatmap has some texture."""

    category: str
    text: str
    scale: str = "LIKERT_1_5"
    offset: float = 0.0


@dataclass(frozen=True, slots=True)
class DemoTenant:
    """Everything the seed writes for one tenant."""

    slug: str
    name: str
    teams: tuple[DemoTeam, ...]
    tags: tuple[DemoTag, ...]
    users: tuple[DemoUser, ...]
    questions: tuple[DemoQuestion, ...]
    settings: dict | None = None
    # team slug -> (average score 12 weeks ago, average score last week); empty = no pulse data
    pulse_trends: dict[str, tuple[float, float]] = field(default_factory=dict)


def login_user(username: str, name: str, primary: str, *memberships: tuple[str, str]) -> DemoUser:
    """A demo-login user: e-mail `<username>@pulsestage.app`, sso id = username."""
    return DemoUser(f"{username}@{MAIL_DOMAIN}", name, username, primary, memberships, login=True)


def dummy_user(name: str, team: str) -> DemoUser:
    """A colleague who cannot log in: member of their primary team only."""
    local = re.sub(r"['\s]", ".", name.lower())
    return DemoUser(f"{local}@{MAIL_DOMAIN}", name, local.replace(".", "-"), team, ((team, "member"),))


TEAMS = (
    DemoTeam("engineering", "Engineering",
             "Technical development, infrastructure and engineering culture discussions."),
    DemoTeam("product", "Product", "Product strategy, roadmap and prioritisation discussions."),
)

TAGS = (
    DemoTag("Currently Presenting", "#10B981", "The question being shown in presentation mode."),
    DemoTag("Feature Request", "#3B82F6", "A suggestion for a new feature or an improvement."),
    DemoTag("Bug", "#EF4444", "A report of something that does not work."),
    DemoTag("Question", "#8B5CF6", "A general inquiry."),
    DemoTag("Process", "#F59E0B", "How we work: internal processes and policies."),
    DemoTag("Technical", "#06B6D4", "A technical or engineering topic."),
)

ENGINEERING_PEOPLE = (
    "Sarah Chen", "Marcus Johnson", "Priya Patel", "David Kim", "Emily Rodriguez", "James Wilson",
    "Aisha Mohammed", "Ryan O'Connor", "Zara Ali", "Tom Anderson", "Maya Singh", "Kevin Liu",
    "Samantha White", "Raj Sharma", "Nicole Adams", "Tyler Brooks", "Jasmine Foster", "Connor Walsh",
    "Aaliyah Green", "Brandon Scott", "Mia Cooper", "Derek Hayes", "Luna Patel",
)
PRODUCT_PEOPLE = (
    "Jessica Taylor", "Michael Brown", "Sophia Garcia", "Daniel Lee", "Olivia Martinez",
    "Chris Thompson", "Fatima Hassan", "Alex Rivera", "Grace Park", "Jordan Smith", "Ethan Clark",
    "Isabella Reed", "Nathan Moore", "Ava Bennett", "Lucas Torres", "Emma Collins", "Mason Wright",
    "Chloe Murphy", "Logan Baker", "Lily Hughes", "Caleb Fisher", "Zoe Russell", "Noah Campbell",
)

# Creation order matters: cohorts are consecutive slices of this list (seed-data.md §3.7).
USERS = (
    login_user("admin", "Admin (Demo)", "engineering", ("engineering", "admin"), ("product", "admin")),
    login_user("alice", "Alice (Demo User)", "engineering",
               ("engineering", "member"), ("product", "member")),
    login_user("bob", "Bob (Demo User)", "product", ("product", "member")),
    login_user("moderator", "Moderator (Demo)", "product",
               ("product", "moderator"), ("engineering", "moderator")),
    *(dummy_user(name, "engineering") for name in ENGINEERING_PEOPLE),
    *(dummy_user(name, "product") for name in PRODUCT_PEOPLE),
)

PULSE_SETTINGS = {
    "enabled": True, "anonThreshold": 5, "defaultCadence": "weekly", "defaultTime": "09:00",
    "rotatingCohorts": True, "channelSlack": False, "channelEmail": True,
}

PULSE_QUESTIONS = (
    PulseQuestionSpec("recognition", "How recognized do you feel for your contributions this week?",
                      offset=-0.2),
    PulseQuestionSpec("alignment", "How aligned do you feel with your team's goals and priorities?",
                      offset=0.1),
    PulseQuestionSpec("support", "How supported do you feel by your manager and team?", offset=0.2),
    PulseQuestionSpec("wellbeing", "How would you rate your work-life balance this week?", offset=-0.3),
    PulseQuestionSpec("confidence", "How confident are you in the direction of the organization?"),
    PulseQuestionSpec("growth", "How satisfied are you with your opportunities to learn and grow?",
                      offset=0.1),
    PulseQuestionSpec("communication", "How effective is communication within your team?"),
    PulseQuestionSpec("autonomy", "How empowered do you feel to make decisions in your work?",
                      offset=0.1),
    PulseQuestionSpec("nps", "How likely are you to recommend this company as a place to work?",
                      scale="NPS_0_10"),
    PulseQuestionSpec("energy", "How energized do you feel about your work this week?"),
)

COHORT_COUNT = 5
HISTORY_WEEKS = 12

DEFAULT_TENANT = DemoTenant(
    slug=DEFAULT_SLUG,
    name="Default Organization",
    teams=TEAMS,
    tags=TAGS,
    users=USERS,
    questions=DEFAULT_QUESTIONS,
    settings={"pulse": PULSE_SETTINGS},
    # Engineering improves by 0.6 over the 12 weeks, Product declines by 0.3 (spec/README.md).
    pulse_trends={"engineering": (3.3, 3.9), "product": (3.9, 3.6)},
)

ACME_TENANT = DemoTenant(
    slug=ACME_SLUG,
    name="Acme Corp",
    teams=(
        DemoTeam("engineering", "Engineering", "Engineering questions for Acme."),
        DemoTeam("product", "Product", "Product questions for Acme."),
        DemoTeam("marketing", "Marketing", "Marketing questions for Acme."),
    ),
    tags=(
        DemoTag("Currently Presenting", "#10B981", "The question being shown in presentation mode."),
        DemoTag("Infrastructure", "#06B6D4", "Cloud, databases and operations."),
        DemoTag("Roadmap", "#3B82F6", "What we build next."),
    ),
    users=(
        # Same usernames and e-mails as in `default`, but different people in a different tenant.
        login_user("admin", "Admin (Acme Demo)", "engineering",
                   ("engineering", "admin"), ("product", "admin"), ("marketing", "admin")),
        login_user("alice", "Alice (Acme Demo User)", "engineering",
                   ("engineering", "member"), ("product", "member")),
        login_user("bob", "Bob (Acme Demo User)", "product", ("product", "member")),
        login_user("moderator", "Moderator (Acme Demo)", "product",
                   ("product", "moderator"), ("engineering", "moderator")),
        DemoUser("alice.admin@acme.com", "Alice Anderson", "alice.admin@acme.com", "engineering",
                 (("engineering", "admin"),)),
        DemoUser("charlie.owner@acme.com", "Charlie Chen", "charlie.owner@acme.com", "product",
                 (("product", "owner"), ("marketing", "admin"))),
        DemoUser("david@acme.com", "David Martinez", "david@acme.com", "engineering",
                 (("engineering", "moderator"),)),
        DemoUser("emily.member@acme.com", "Emily Evans", "emily.member@acme.com", "engineering",
                 (("engineering", "member"), ("product", "member"))),
    ),
    questions=ACME_QUESTIONS,
)

TENANTS = (DEFAULT_TENANT, ACME_TENANT)


def tenants_for(slug: str | None) -> tuple[DemoTenant, ...]:
    """The demo tenants to seed: all of them, or the one named (ValueError if unknown)."""
    if slug is None:
        return TENANTS
    for tenant in TENANTS:
        if tenant.slug == slug:
            return (tenant,)
    known = ", ".join(t.slug for t in TENANTS)
    raise ValueError(f"unknown demo tenant {slug!r}; the demo data has: {known}")
