"""The bytes of an outgoing e-mail, composed directly.

Every e-mail we send has the same shape: a handful of headers we set and a multipart/alternative
body with a text and an HTML part. Building that through the standard library's `EmailMessage`
(header registry, content manager, generator) took most of the worker's CPU per message, so it is
composed here with the C codecs instead: quoted-printable bodies through `binascii`, RFC 2047
encoded words through `email.header` only for headers that are not plain ASCII. Lines end in
CRLF; SMTP dot-stuffing is the client's job.
"""

from __future__ import annotations

import binascii
import re
import secrets
from email.header import Header
from email.utils import formataddr, formatdate

from pulsestage.mail.job import MailJob, PermanentFailure

_ID_SAFE = re.compile(r"[^A-Za-z0-9.\-_]")
_BREAKS = re.compile(r"[\r\n]+")
_WORD_LIMIT = 74  # email.header may overrun its limit by one; RFC 2047 allows 75 per encoded word
_LINE_ENDS = re.compile(r"\r\n?")  # CRLF and a lone CR both end a line, as they did in EmailMessage
_NAME = re.compile(r"[!-9;-~]+")  # RFC 5322 field name: printable ASCII except the colon
CRLF = "\r\n"
_LINE_LIMIT = 998  # RFC 5322's hard limit; a longer ASCII header is folded at its spaces


def message_id(job: MailJob, from_address: str) -> str:
    """A Message-ID stable across retries: a redelivered job is recognisably the same message."""
    domain = from_address.rsplit("@", 1)[-1] or "pulsestage.local"
    return f"<{_ID_SAFE.sub('-', job.idempotency_key)}@{domain}>"


def compose(job: MailJob, from_name: str, from_address: str) -> tuple[str, bytes]:
    """(Message-ID, the whole message as bytes): headers, then the text and HTML alternatives."""
    mid = message_id(job, from_address)
    boundary = "=_pulsestage_" + secrets.token_hex(12)
    headers = [("Subject", job.subject), ("Date", formatdate(localtime=False)), ("Message-ID", mid),
               *job.headers.items(), ("MIME-Version", "1.0"),
               ("Content-Type", f'multipart/alternative; boundary="{boundary}"')]
    # the address as given (an internationalised one travels as UTF-8, with SMTPUTF8)
    head = (from_line(from_name, from_address) + f"To: {_BREAKS.sub(' ', job.to)}\r\n"
            + "".join(header_line(name, value) for name, value in headers))
    delimiter = f"--{boundary}\r\n".encode()
    return mid, b"".join((
        head.encode(), b"\r\n",
        delimiter, _part("text/plain", job.text),
        delimiter, _part("text/html", job.html),
        f"--{boundary}--\r\n".encode(),
    ))


def from_line(name: str, address: str) -> str:
    """`From: name <address>`; a non-ASCII name as encoded words folded to RFC 2047's 75 characters."""
    name = _BREAKS.sub(" ", name)
    if name.isascii():
        return f"From: {formataddr((name, address))}\r\n"
    return f"From: {_folded('From', name)} <{address}>\r\n"


def header_line(name: str, value: str) -> str:
    """`Name: value` + CRLF; line breaks in the value become spaces, never a new header.

    ASCII stays as it is (a link in List-Unsubscribe must not be split); anything else becomes
    RFC 2047 encoded words, folded. A name that is not a header name is refused for good.
    """
    if not _NAME.fullmatch(name):
        raise PermanentFailure(f"not a header name: {name!r}")
    value = _BREAKS.sub(" ", value)
    if value.isascii() and len(name) + 2 + len(value) <= _LINE_LIMIT:
        return f"{name}: {value}\r\n"
    return f"{name}: {_folded(name, value)}\r\n"


def _folded(name: str, value: str) -> str:
    """`value` folded for header `name`: at spaces when ASCII, else as RFC 2047 encoded words."""
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, header_name=name).encode(linesep=CRLF, maxlinelen=_WORD_LIMIT)


def _part(content_type: str, body: str) -> bytes:
    encoded = binascii.b2a_qp(_LINE_ENDS.sub("\n", body).encode("utf-8"), istext=True)
    if not encoded.endswith(b"\n"):
        encoded += b"\n"  # the text ends with a line break, as EmailMessage.set_content made it
    encoded += b"\n"  # the line break before a boundary belongs to the boundary
    return (f'Content-Type: {content_type}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() + encoded.replace(b"\n", b"\r\n")
