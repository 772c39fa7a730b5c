"""The default retry schedule outlasts an hour-long provider outage before anything is dead-lettered."""

from __future__ import annotations

from pulsestage.config.schema import MailConfig
from pulsestage.mail.job import backoff_seconds


def test_default_retries_span_about_an_hour() -> None:
    mail = MailConfig()
    delays = [backoff_seconds(mail.backoff_base_seconds, n) for n in range(1, mail.max_attempts)]
    assert mail.max_attempts == 12
    assert delays[:3] == [2.0, 4.0, 8.0] and max(delays) <= 3600  # doubling, each capped at an hour
    assert 3600 <= sum(delays) <= 75 * 60  # ≈ 68 minutes between the first attempt and the last


def test_backoff_is_capped_at_an_hour() -> None:
    assert backoff_seconds(2.0, 30) == 3600.0
