"""A local SMTP sink: accepts every message and appends `time<TAB>recipients<TAB>subject<TAB>message-id`
to a file.

Run as `python -m bench.sink --port P --out FILE`. It runs in its own process so that counting
mail never competes with the server's event loop; the file is appended to, so a sink restarted on
the same port keeps counting into the same file. `--fail-first N` answers 451 to the first N
messages (a provider having a bad minute).
"""

from __future__ import annotations

import argparse
import asyncio
import email
import signal
import time

from aiosmtpd.smtp import SMTP


class Recorder:
    """aiosmtpd handler that records each accepted message as one line."""

    def __init__(self, path: str, fail_first: int) -> None:
        self._file = open(path, "a", buffering=1)  # noqa: SIM115 - open for the process lifetime
        self._refuse = fail_first

    async def handle_DATA(self, server, session, envelope) -> str:
        """Record (or refuse) one message."""
        if self._refuse > 0:
            self._refuse -= 1
            return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.content)
        subject, message_id = (" ".join((message.get(name) or "").split()) for name in ("Subject", "Message-ID"))
        self._file.write(f"{time.time():.6f}\t{','.join(envelope.rcpt_tos)}\t{subject}\t{message_id}\n")
        return "250 OK"


async def serve(port: int, path: str, fail_first: int) -> None:
    """Listen on 127.0.0.1:port until SIGTERM."""
    loop = asyncio.get_running_loop()
    handler = Recorder(path, fail_first)
    server = await loop.create_server(lambda: SMTP(handler, hostname="bench-sink"), "127.0.0.1", port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


def main() -> None:
    """Parse arguments and serve."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.out, args.fail_first))


if __name__ == "__main__":
    main()
