"""Many SSE streams from one process, for the fan-out and reconnect benchmarks (plain asyncio sockets).

`python -m bench.sse_client --port P --sessions FILE --start I --count N --until EPOCH [...]` opens
N streams (one per session line, cookie sent), reads frames until EPOCH, and prints one JSON line:
how many connected and when, HTTP refusals, streams that ended early, and for every event frame
(anything but connected/heartbeat/reset) its delivery delay (arrival − the event's `timestamp`).

With `--drop-at T --rejoin-at T2` every stream closes at T and reconnects at T2 with
`Last-Event-ID` set to the last id it saw; the JSON then lists, per stream, the ids received after
rejoining and when the last of them arrived (seconds after T2).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time

CONTROL = (b'"type":"connected"', b'"type":"heartbeat"', b'"type":"reset"')


class Stream:
    """One SSE connection's state."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self.last_id: str | None = None
        self.connected_at: float | None = None
        self.status: int | None = None
        self.ended_early = False
        self.after_rejoin: list[tuple[int, float]] = []
        self.resets = 0


async def _open(args, stream: Stream, last_id: str | None) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection(args.host, args.port, limit=1 << 20)
    extra = f"Last-Event-ID: {last_id}\r\n" if last_id else ""
    cookie = f"Cookie: {stream.cookie}\r\n" if stream.cookie else ""
    writer.write((f"GET {args.path} HTTP/1.1\r\nHost: bench.local\r\nAccept: text/event-stream\r\n"
                  f"{cookie}{extra}\r\n").encode())
    status_line = await reader.readline()
    stream.status = int(status_line.split()[1]) if len(status_line.split()) > 1 else 0
    while (await reader.readline()) not in (b"\r\n", b""):
        pass  # headers
    return reader, writer


async def _read(args, stream: Stream, reader, delays: list[int], stop_at: float, rejoined_at: float | None) -> None:
    data, event_id = b"", None
    while time.time() < stop_at:
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=max(0.01, stop_at - time.time()))
        except TimeoutError:
            return
        if not line:
            stream.ended_early = time.time() < stop_at - 0.5
            return
        if line.startswith(b"id:"):
            event_id = line[3:].strip().decode()
        elif line.startswith(b"data:"):
            data = line[5:].strip()
        elif line in (b"\n", b"\r\n"):
            if data and not any(marker in data for marker in CONTROL):
                now = time.time()
                stamp = json.loads(data).get("timestamp", 0)
                delays.append(int(now * 1000 - stamp))
                if rejoined_at is not None:
                    stream.after_rejoin.append((int(event_id or 0), round(now - rejoined_at, 4)))
            elif b'"type":"reset"' in data:
                stream.resets += 1
            if event_id:
                stream.last_id = event_id
            data, event_id = b"", None


async def _life(args, stream: Stream, gate: asyncio.Semaphore, delays: list[int], started: float) -> None:
    async with gate:
        try:
            reader, writer = await _open(args, stream, None)
        except OSError:
            stream.status = -1
            return
    if stream.status != 200:
        writer.close()
        return
    stream.connected_at = time.time() - started
    first_stop = args.drop_at or args.until
    await _read(args, stream, reader, delays, first_stop, None)
    writer.close()
    if not args.drop_at or stream.ended_early:
        return
    await asyncio.sleep(max(0.0, args.rejoin_at - time.time()))
    try:
        reader, writer = await _open(args, stream, stream.last_id)
    except OSError:
        stream.status = -2
        return
    if stream.status != 200:
        writer.close()
        return
    await _read(args, stream, reader, delays, args.until, args.rejoin_at)
    writer.close()


async def main_async(args) -> dict:
    """Run every stream to the end; summarise."""
    lines = open(args.sessions).read().splitlines()[args.start:args.start + args.count]
    streams = [Stream(line.split("\t")[0] if args.cookies else "") for line in lines]
    delays: list[int] = []
    gate = asyncio.Semaphore(args.connect_concurrency)
    started = time.time()
    await asyncio.gather(*[_life(args, s, gate, delays, started) for s in streams])
    connected = [s.connected_at for s in streams if s.connected_at is not None]
    statuses: dict[str, int] = {}
    for s in streams:
        statuses[str(s.status)] = statuses.get(str(s.status), 0) + 1
    out = {"streams": len(streams), "connected": len(connected), "statuses": statuses,
           "all_connected_s": round(max(connected), 3) if connected else None,
           "ended_early": sum(s.ended_early for s in streams), "delays_ms": delays,
           "resets": sum(s.resets for s in streams)}
    if args.drop_at:
        out["rejoin"] = [{"ids": [i for i, _ in s.after_rejoin], "last_s": s.after_rejoin[-1][1] if s.after_rejoin else None,
                          "status": s.status} for s in streams]
    return out


def main() -> None:
    """Parse arguments, raise the open-files limit, run, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/events")
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--until", type=float, required=True, help="epoch seconds at which to stop")
    parser.add_argument("--drop-at", type=float, default=0.0)
    parser.add_argument("--rejoin-at", type=float, default=0.0)
    parser.add_argument("--connect-concurrency", type=int, default=500)
    parser.add_argument("--no-cookies", dest="cookies", action="store_false")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.count + 256)), hard))
    print(json.dumps(asyncio.run(main_async(args))), flush=True)


if __name__ == "__main__":
    main()
