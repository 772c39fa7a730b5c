"""What a seed run left behind: row counts per tenant and table, for tests and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

# The tenant tables, in the order a reader meets them.
COUNTED_TABLES = (
    "tenant_settings", "team", "app_user", "team_membership", "user_preferences", "tag",
    "question", "question_tag", "upvote", "pulse_question", "pulse_schedule", "pulse_cohort",
    "pulse_invite", "pulse_response", "audit_log",
)


@dataclass(frozen=True, slots=True)
class SeedReport:
    """Row counts per tenant slug and table after a seed run, plus what the run changed."""

    counts: dict[str, dict[str, int]]
    added: int
    reset: bool
    seconds: float

    def count(self, tenant_slug: str, table: str) -> int:
        """Rows of `table` in the tenant after the run."""
        return self.counts[tenant_slug][table]

    def as_lines(self) -> list[str]:
        """A short human summary: one headline, then one line per table."""
        slugs = list(self.counts)
        action = "Reset and seeded" if self.reset else "Seeded"
        lines = [f"{action} tenant(s) {', '.join(slugs)} in {self.seconds:.2f} s; "
                 f"{self.added} row(s) added."]
        width = max(len(t) for t in COUNTED_TABLES)
        lines.append(f"  {'table':<{width}}" + "".join(f" {s:>9}" for s in slugs))
        for table in COUNTED_TABLES:
            cells = "".join(f" {self.counts[s].get(table, 0):>9}" for s in slugs)
            lines.append(f"  {table:<{width}}{cells}")
        return lines
