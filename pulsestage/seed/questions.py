"""The demo Q&A questions (seed-data.md §3.6 and §6), with their answers, tags and upvote counts.

Each upvote count is backed by that many real upvote rows from colleagues in the question's team.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN, ANSWERED, UNDER_REVIEW = "OPEN", "ANSWERED", "UNDER_REVIEW"


@dataclass(frozen=True, slots=True)
class DemoQuestion:
    """One question; `author` is a login username, `moderation` is (reasons, confidence, providers)."""

    team: str
    status: str
    author: str
    upvotes: int
    body: str
    answer: str | None = None
    tags: tuple[str, ...] = ()
    moderation: tuple[tuple[str, ...], str, tuple[str, ...]] | None = None


def _q(team, status, author, upvotes, body, answer=None, tags=(), moderation=None) -> DemoQuestion:
    return DemoQuestion(team, status, author, upvotes, body, answer, tuple(tags), moderation)


E, P = "engineering", "product"
TECH, PROC, QUEST, FEAT = "Technical", "Process", "Question", "Feature Request"

DEFAULT_QUESTIONS = (
    _q(E, ANSWERED, "bob", 8, "How do I get started with our CI/CD pipeline for a new service?",
       "Start with the pipeline guide in the engineering handbook, copy the reference workflow file "
       "into your repository, ask the platform team to add the deployment secrets, and push to main: "
       "the first green build deploys to staging automatically.", (TECH,)),
    _q(E, ANSWERED, "moderator", 6, "What is our process for handling dependency vulnerabilities?",
       "Automated dependency updates and nightly scanning open pull requests for us. Critical and "
       "high findings must be patched within 48 hours; everything else goes into the next sprint.",
       (TECH, PROC)),
    _q(E, ANSWERED, "alice", 12, "What is our code review process, and is there an SLA for reviews?",
       "Every pull request needs two approvals. Reviews are due within 24 hours, 48 hours for large "
       "changes - which is one more reason to keep pull requests small.", (PROC,)),
    _q(E, ANSWERED, "bob", 9, "How should we run database migrations without breaking older app versions?",
       "Use expand and contract: add the new structure, deploy code that writes both, backfill, "
       "switch reads, and only then remove the old structure in a later release.", (TECH,)),
    _q(E, ANSWERED, "alice", 7, "Do we load test before major releases?",
       "Yes. Before each major release we run k6 scenarios against staging at three times the "
       "expected peak and compare latency and error rates with the previous release.", (TECH,)),
    _q(E, OPEN, "bob", 15, "Should we move our public API from REST to GraphQL?", tags=(TECH,)),
    _q(E, OPEN, "alice", 11, "What is the plan for upgrading our services to the next Node.js LTS?",
       tags=(TECH,)),
    _q(E, OPEN, "moderator", 14, "Should we adopt Rust for our most performance-critical microservices?",
       tags=(TECH,)),
    _q(E, OPEN, "bob", 5, "What are the recommended database connection pool settings for our Node services?",
       tags=(TECH,)),
    _q(E, OPEN, "alice", 13, "What is our disaster recovery plan for the production database?",
       tags=(TECH,)),
    _q(E, ANSWERED, "alice", 12, "What are our best practices for error handling across microservices?",
       "Fail fast at the edges, return structured errors with a request id, retry only idempotent "
       "calls with back-off, and put circuit breakers around every remote dependency.", (TECH,)),
    _q(E, ANSWERED, "bob", 16, "What is the parental leave policy?",
       "Sixteen weeks of fully paid leave for every parent, with a flexible, part-time return over "
       "the following month if you want it.", (QUEST,)),
    _q(E, ANSWERED, "alice", 19,
       "How much is the professional development budget, and what can it be used for?",
       "Everyone has $2,000 a year for courses, books and conferences, plus company licences for "
       "the main online learning platforms.", (QUEST,)),
    _q(E, ANSWERED, "moderator", 14, "How does the performance review process work?",
       "Reviews happen twice a year in five steps: self-review, peer feedback, manager review, "
       "calibration, and a one-to-one conversation about goals for the next half.", (PROC,)),
    _q(E, ANSWERED, "bob", 10, "Do we have a referral bonus for new hires?",
       "Yes: $3,000 for engineering hires and $2,000 for other roles, paid once the new colleague "
       "has been with us for 90 days.", (QUEST,)),
    _q(E, OPEN, "alice", 18, "When will the new benefits package be announced?", tags=(QUEST,)),
    _q(E, OPEN, "bob", 22, "Could we add dedicated mental-health days to our PTO policy?",
       tags=(FEAT,)),
    _q(E, OPEN, "alice", 8, "What is the policy for attending conferences?", tags=(PROC,)),
    _q(E, OPEN, "moderator", 6, "How do we nominate someone for employee of the month?", tags=(PROC,)),
    _q(E, OPEN, "bob", 11, "Do we offer relocation support for people moving to another office?",
       tags=(QUEST,)),
    _q(P, ANSWERED, "alice", 15, "What are the product priorities for Q1?",
       "Three themes: the mobile app redesign, performance work on the slowest pages, and "
       "enterprise single sign-on.", (QUEST,)),
    _q(P, ANSWERED, "bob", 13, "How do we gather and prioritise customer feedback?",
       "All feedback lands in one feedback tool, tagged by theme; product managers review it "
       "weekly and bring the top themes to roadmap planning.", (PROC,)),
    _q(P, ANSWERED, "alice", 11, "What is our strategy for iOS versus Android?",
       "Feature parity on both platforms, built from a shared cross-platform code base so that "
       "neither platform waits for the other.", (QUEST,)),
    _q(P, ANSWERED, "moderator", 17, "How do we measure product-market fit?",
       "We track NPS, retention by signup cohort, and run the 'how would you feel if you could no "
       "longer use it' survey every quarter.", (QUEST,)),
    _q(P, ANSWERED, "bob", 8, "Which product analytics tools do we use?",
       "An event analytics tool for funnels and cohorts, plus session replay for usability "
       "questions; ask the data team for access.", (TECH,)),
    _q(P, OPEN, "bob", 20, "What is our approach to using AI and machine learning in our products?",
       tags=(FEAT,)),
    _q(P, OPEN, "alice", 16, "Should we build a desktop app or invest in a progressive web app?",
       tags=(FEAT,)),
    _q(P, OPEN, "moderator", 19, "How do we balance new features against technical debt?", tags=(PROC,)),
    _q(P, OPEN, "bob", 12, "What are the plans for international expansion and localisation?",
       tags=(QUEST,)),
    _q(P, OPEN, "alice", 14, "How are we making sure our designs meet WCAG accessibility standards?",
       tags=(FEAT,)),
    _q(P, OPEN, "bob", 23, "Can we get standing desks in the new office?", tags=(FEAT,)),
    _q(P, ANSWERED, "alice", 5, "How do I submit expenses for the team offsite?",
       "Submit them in the expense tool within 30 days with receipts attached; anything over $500 "
       "needs your manager's approval first.", (PROC,)),
    _q(P, UNDER_REVIEW, "bob", 3,
       "WHY DO WE HAVE SO MANY POINTLESS MEETINGS EVERY SINGLE WEEK?! NOBODY CAN GET ANY REAL WORK DONE!",
       moderation=(("Excessive capitalization",), "medium", ("local",))),
    _q(E, UNDER_REVIEW, "alice", 7,
       "Could someone clarify how unused PTO carries over into next year?",
       moderation=(("Contains profanity",), "low", ("local",))),
    _q(E, UNDER_REVIEW, "moderator", 4,
       "What is the deprecation timeline for API v1, and where will the v2 migration guide be published?",
       moderation=(("Spam detected (excessive URLs, numbers, or repeated characters)",), "medium",
                   ("local",))),
    _q(P, UNDER_REVIEW, "bob", 9,
       "How are we tracking NPS and customer satisfaction after the latest release?",
       moderation=(("Contains profanity",), "low", ("local",))),
)

ACME_QUESTIONS = (
    _q(E, OPEN, "alice", 5, "What is our cloud infrastructure strategy for next year?",
       tags=("Infrastructure",)),
    _q(E, OPEN, "bob", 3, "How are we planning to scale the database as customers grow?",
       tags=("Infrastructure",)),
    _q(P, OPEN, "alice", 6, "Which features are planned for Q2?", tags=("Roadmap",)),
    _q(P, ANSWERED, "bob", 4, "How do we measure product success?",
       "We look at engagement, retention and revenue, reviewed together every month.", ("Roadmap",)),
    _q("marketing", OPEN, "alice", 5, "What is our content marketing strategy?"),
    _q("marketing", OPEN, "bob", 2, "How should we approach social media this year?"),
)
