"""The composed e-mail reads back, through the standard library's own parser, as what was meant."""

from __future__ import annotations

from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

import pytest

from pulsestage.mail.job import MailJob, PermanentFailure
from pulsestage.mail.mime import compose, header_line


def a_job(**over) -> MailJob:
    values = {"tenant_id": "t1", "template": "pulse_invitation", "to": "alice@example.com",
              "subject": "How was your week?", "html": "<p>Hi <b>Alice</b></p>\n", "text": "Hi Alice\n",
              "headers": {"List-Unsubscribe": "<https://ps.test/u/abc>",
                          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
              "idempotency_key": "pulse-invite:1f2e"}
    return MailJob(**{**values, **over})


def parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


def content(part) -> str:
    """A part's text with the wire's CRLF line ends read as newlines, as a mail client shows it."""
    return part.get_content().replace("\r\n", "\n")


def test_headers_and_both_alternatives_read_back() -> None:
    mid, raw = compose(a_job(), "Pulse Stage", "noreply@ps.test")
    message = parse(raw)
    assert mid == "<pulse-invite-1f2e@ps.test>" == message["Message-ID"]
    assert message["From"] == "Pulse Stage <noreply@ps.test>"
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "How was your week?"
    assert message["Date"].datetime is not None
    assert message["List-Unsubscribe"] == "<https://ps.test/u/abc>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.iter_parts()
    assert (text.get_content_type(), content(text)) == ("text/plain", "Hi Alice\n")
    assert (html.get_content_type(), content(html)) == ("text/html", "<p>Hi <b>Alice</b></p>\n")
    assert message.defects == [] and text.defects == [] and html.defects == []
    assert all(line.endswith(b"\r") or not line for line in raw.split(b"\n")[:-1])  # CRLF throughout


def test_unicode_long_lines_and_awkward_text_survive() -> None:
    body = "Grüße aus Köln — ünïcödé ✓\n" + "word " * 60 + "\n.starts with a dot\ntrailing space   \nno final break"
    subject = "Wöchentliche Umfrage: wie geht es dem Team? " * 3
    job = a_job(subject=subject, text=body, html=f"<p>{'x' * 2000}</p>", to="bob@example.com")
    _, raw = compose(job, "Zoë's Pulse", "noreply@ps.test")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    message = parse(raw)
    assert message["Subject"] == subject
    assert message["From"].addresses[0].display_name == "Zoë's Pulse"
    text, html = message.iter_parts()
    assert content(text) == body + "\n"
    assert content(html) == f"<p>{'x' * 2000}</p>\n"


def test_a_line_break_in_a_header_value_never_starts_a_header() -> None:
    job = a_job(subject="Answered:\r\nBcc: everyone@example.com", headers={"X-Note": "one\ntwo"})
    message = parse(compose(job, "P", "noreply@ps.test")[1])
    assert message["Bcc"] is None
    assert message["Subject"] == "Answered: Bcc: everyone@example.com"
    assert message["X-Note"] == "one two"
    assert header_line("Subject", "a\n\nb") == "Subject: a b\r\n"


def test_the_message_id_is_stable_and_the_boundary_is_not() -> None:
    first_id, first = compose(a_job(), "P", "noreply@ps.test")
    again_id, again = compose(a_job(), "P", "noreply@ps.test")
    assert first_id == again_id
    assert parse(first).get_boundary() != parse(again).get_boundary()


def test_a_long_non_ascii_sender_name_is_folded_into_short_encoded_words() -> None:
    name = "Ünïcode Pulse Team of the Very Long Department Name " * 3
    _, raw = compose(a_job(), name, "noreply@ps.test")
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert all(len(word) <= 75 for word in head.replace("\r\n", " ").split() if word.startswith("=?"))
    # decoded as RFC 2047 says (the space between adjacent encoded words is not text); the stdlib's
    # address parser would add spaces of its own there, mail clients do not
    unfolded = head.replace("\r\n ", " ")
    words, address = next(line for line in unfolded.split("\r\n") if line.startswith("From: "))[6:].split(" <")
    assert str(make_header(decode_header(words))) == name and address == "noreply@ps.test>"


def test_a_lone_carriage_return_ends_a_line_and_a_bad_header_name_is_refused() -> None:
    text, _ = parse(compose(a_job(text="one\rtwo\r\nthree"), "P", "noreply@ps.test")[1]).iter_parts()
    assert content(text) == "one\ntwo\nthree\n"
    with pytest.raises(PermanentFailure):
        compose(a_job(headers={"X-Evil\r\nBcc": "everyone@example.com"}), "P", "noreply@ps.test")
