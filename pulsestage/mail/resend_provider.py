"""Delivery through Resend's HTTP API (POST /emails) with the aiohttp client."""

from __future__ import annotations

from email.utils import formataddr

import aiohttp

from pulsestage.mail.job import MailJob, PermanentFailure


class ResendError(Exception):
    """Resend answered with a transient error (rate limit, server error)."""


class ResendProvider:
    """One aiohttp session for the worker's lifetime; Idempotency-Key on every request."""

    name = "resend"

    def __init__(self, *, api_key: str, base_url: str, from_name: str, from_address: str,
                 timeout: float = 30.0) -> None:
        self.api_key = api_key
        self.url = base_url.rstrip("/") + "/emails"
        self.sender = formataddr((from_name, from_address))
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def payload(self, job: MailJob) -> dict:
        """The JSON body Resend documents: from, to (list), subject, html, text, headers."""
        body: dict = {"from": self.sender, "to": [job.to], "subject": job.subject, "html": job.html,
                      "text": job.text}
        if job.headers:
            body["headers"] = dict(job.headers)
        return body

    async def send(self, job: MailJob) -> str:
        """Deliver; returns Resend's id. 4xx (except 429) is permanent; 429, 5xx and network errors retry."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        headers = {
            "Authorization": f"Bearer {self.api_key}",
            "Content-Type": "application/json",
            # Resend keeps the key 24 h: a retry of an accepted request is not sent again.
            "Idempotency-Key": job.idempotency_key[:256],
        }
        async with self._session.post(self.url, json=self.payload(job), headers=headers) as response:
            text = await response.text()
            if response.status == 200:
                return (await response.json()).get("id", "")
            detail = f"Resend {response.status}: {text[:300]}"
            if response.status == 429 or response.status >= 500:
                raise ResendError(detail)
            raise PermanentFailure(detail)

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None
