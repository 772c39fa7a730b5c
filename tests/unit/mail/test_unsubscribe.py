"""Unsubscribe tokens: they name tenant, user and kind, cannot be forged or re-aimed, and the
one-click header appears only with an https link (RFC 8058)."""

from __future__ import annotations

from pulsestage.mail.unsubscribe import Claim, UnsubscribeLinks, kind_of, masked

LINKS = UnsubscribeLinks("s" * 40, "https://pulse.example.com/")


def test_a_token_round_trips_and_nothing_else_passes() -> None:
    claim = Claim("tenant-1", "user-1", "pulse")
    token = LINKS.token(claim)
    assert LINKS.claim(token) == claim and claim.column == "pulse_emails"
    payload, signature = token.split(".")
    other = LINKS.token(Claim("tenant-1", "user-2", "pulse")).split(".")[0]
    for forged in (f"{other}.{signature}", f"{payload}.{signature[:-1]}A", payload, "", None, "x.y",
                   UnsubscribeLinks("t" * 40, "https://pulse.example.com").token(claim)):
        assert LINKS.claim(forged) is None, forged
    assert LINKS.claim(LINKS.token(Claim("t", "u", "notifications"))).column == "email_notifications"


def test_headers_and_kinds() -> None:
    claim = Claim("t", "u", "notifications")
    headers = LINKS.headers(claim)
    assert headers["List-Unsubscribe"] == f"<https://pulse.example.com/mail/unsubscribe?token={LINKS.token(claim)}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(UnsubscribeLinks("s" * 40, "http://localhost:3000").headers(claim)) == {"List-Unsubscribe"}
    assert kind_of("pulse_invitation") == kind_of("pulse_reminder") == "pulse"
    assert {kind_of(t) for t in ("welcome", "question_answered", "question_approved", "question_rejected")} == \
        {"notifications"}
    assert masked("alice.smith@example.com") == "a…@example.com"
