"""Delivery over SMTP with aiosmtplib (also how the dev sink receives mail)."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import formataddr, formatdate

import aiosmtplib

from pulsestage.mail.job import MailJob, PermanentFailure

_ID_SAFE = re.compile(r"[^A-Za-z0-9.\-_]")


def build_message(job: MailJob, from_name: str, from_address: str) -> EmailMessage:
    """A multipart/alternative message (text, then HTML) with a Message-ID stable across retries."""
    message = EmailMessage()
    message["From"] = formataddr((from_name, from_address))
    message["To"] = job.to
    message["Subject"] = job.subject
    message["Date"] = formatdate(localtime=False)
    domain = from_address.rsplit("@", 1)[-1] or "pulsestage.local"
    # The idempotency key makes the Message-ID stable, so a redelivered job is recognisable as the
    # same message by the receiving side (duplicate suppression keys on Message-ID).
    message["Message-ID"] = f"<{_ID_SAFE.sub('-', job.idempotency_key)}@{domain}>"
    for name, value in job.headers.items():
        message[name] = value
    message.set_content(job.text)
    message.add_alternative(job.html, subtype="html")
    return message


class SmtpProvider:
    """Sends each job in its own SMTP session (host, port, none/starttls/tls, optional login)."""

    name = "smtp"

    def __init__(self, *, host: str, port: int, security: str, user: str, password: str,
                 from_name: str, from_address: str, timeout: float = 30.0) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self.password = user, password
        self.from_name, self.from_address = from_name, from_address
        self.timeout = timeout

    async def send(self, job: MailJob) -> str:
        """Deliver; returns the Message-ID. 5xx answers are permanent failures, the rest transient."""
        message = build_message(job, self.from_name, self.from_address)
        login = self.user and self.password  # log in only when both are set
        try:
            await aiosmtplib.send(
                message, hostname=self.host, port=self.port, timeout=self.timeout,
                use_tls=self.security == "tls", start_tls=self.security == "starttls",
                username=self.user if login else None, password=self.password if login else None,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"recipient refused: {exc}") from exc
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600:
                raise PermanentFailure(f"SMTP {exc.code}: {exc.message}") from exc
            raise
        return message["Message-ID"]

    async def close(self) -> None:
        """Nothing is kept open between jobs."""
