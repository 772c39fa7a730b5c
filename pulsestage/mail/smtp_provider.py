"""Delivery over SMTP with aiosmtplib (also how the dev sink receives mail)."""

from __future__ import annotations

import asyncio
import contextlib
import time

import aiosmtplib

from pulsestage.mail.job import MailJob, PermanentFailure
from pulsestage.mail.mime import compose


class SmtpProvider:
    """Sends jobs over kept-open SMTP connections (host, port, none/starttls/tls, optional login).

    Each concurrent send takes an idle connection or opens one, so the worker's loops each keep
    one session instead of paying connect, EHLO, STARTTLS and login per message. A connection that
    failed is dropped (the next send opens a fresh one); one idle for `idle_seconds` or used for
    `max_per_connection` messages is closed, as servers limit both. A kept connection the server
    closed meanwhile is noticed on the next send, which then goes once more over a fresh one.
    """

    name = "smtp"

    def __init__(self, *, host: str, port: int, security: str, user: str, password: str,
                 from_name: str, from_address: str, timeout: float = 30.0, max_per_connection: int = 100,
                 idle_seconds: float = 30.0) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self.password = user, password
        self.from_name, self.from_address = from_name, from_address
        self.timeout = timeout
        self.max_per_connection, self.idle_seconds = max_per_connection, idle_seconds
        self._idle: list[tuple[aiosmtplib.SMTP, int, float]] = []  # (connection, messages sent, idle since)
        self.connections = 0  # opened so far (for tests and logs)

    async def send(self, job: MailJob) -> str:
        """Deliver; returns the Message-ID. 5xx answers are permanent failures, the rest transient."""
        message_id, raw = compose(job, self.from_name, self.from_address)
        options = [] if job.to.isascii() else ["SMTPUTF8"]  # an internationalised address travels as UTF-8
        client, used = await self._take()
        try:
            try:
                await client.sendmail(self.from_address, [job.to], raw, mail_options=options)
            except aiosmtplib.SMTPServerDisconnected:
                if not used:
                    raise
                await _drop(client)  # the server closed the kept connection meanwhile: once more, fresh
                client, used = await self._open(), 0
                await client.sendmail(self.from_address, [job.to], raw, mail_options=options)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            await _drop(client)
            raise PermanentFailure(f"recipient refused: {exc}") from exc
        except aiosmtplib.SMTPResponseException as exc:
            await _drop(client)
            if 500 <= exc.code < 600:
                raise PermanentFailure(f"SMTP {exc.code}: {exc.message}") from exc
            raise
        except BaseException:
            await _drop(client)
            raise
        await self._give_back(client, used + 1)
        return message_id

    async def close(self) -> None:
        """Quit every kept connection."""
        idle, self._idle = self._idle, []
        for client, _, _ in idle:
            await _drop(client, polite=True)

    async def _take(self) -> tuple[aiosmtplib.SMTP, int]:
        now = time.monotonic()
        while self._idle:
            client, used, since = self._idle.pop()
            if client.is_connected and now - since < self.idle_seconds:
                return client, used
            await _drop(client, polite=client.is_connected)
        return await self._open(), 0

    async def _open(self) -> aiosmtplib.SMTP:
        login = bool(self.user and self.password)  # log in only when both are set
        client = aiosmtplib.SMTP(
            hostname=self.host, port=self.port, timeout=self.timeout, use_tls=self.security == "tls",
            start_tls=self.security == "starttls", username=self.user if login else None,
            password=self.password if login else None)
        await client.connect()  # connects, upgrades with STARTTLS and logs in, as configured
        self.connections += 1
        return client

    async def _give_back(self, client: aiosmtplib.SMTP, used: int) -> None:
        if used >= self.max_per_connection:
            await _drop(client, polite=True)
        else:
            self._idle.append((client, used, time.monotonic()))


async def _drop(client: aiosmtplib.SMTP, *, polite: bool = False) -> None:
    """Close a connection: QUIT when it is healthy (`polite`), else just close the socket."""
    if polite:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.quit(), 5)
            return
    client.close()
