"""Many SSE streams from one process, for the fan-out and reconnect benchmarks (plain asyncio sockets).

`python -m bench.sse_client --port P --sessions FILE --start I --count N --control DIR` opens N
streams (one per session line; cookie sent unless --no-cookies) and reports progress to
`DIR/progress-I.json` twice a second. The driver steers all client processes through files in DIR:
`drop` (every stream closes), `rejoin` (every stream reconnects with Last-Event-ID = the last id it
saw) and `stop` (finish and print the result). `--until` is a hard stop in epoch seconds.

The result (one JSON line): how many connected and how long the last one took, HTTP refusals,
streams that ended on their own, and for every event frame (not connected/heartbeat/reset) its
delivery delay (arrival − the event's `timestamp`). After a rejoin, each stream also lists the ids
it received and when the last one arrived (seconds after the rejoin was seen).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time
from pathlib import Path

CONTROL = (b'"type":"connected"', b'"type":"heartbeat"', b'"type":"reset"')


class Stream:
    """One SSE connection's state."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self.writer: asyncio.StreamWriter | None = None
        self.last_id: str | None = None
        self.connected_at: float | None = None
        self.status: int | None = None
        self.ended_early = False
        self.after_rejoin: list[tuple[int, float]] = []
        self.resets = 0


class Steering:
    """The driver's signals, read from files by one watcher task."""

    def __init__(self, folder: Path, until: float) -> None:
        self.folder, self.until = folder, until
        self.drop, self.rejoin, self.stop = asyncio.Event(), asyncio.Event(), asyncio.Event()
        self.rejoined_at = 0.0

    async def watch(self, streams: list[Stream], label: str) -> None:
        """Poll the control files; on drop/stop abort every open connection."""
        while not self.stop.is_set():
            if time.time() >= self.until or (self.folder / "stop").exists():
                self.stop.set()
            elif not self.drop.is_set() and (self.folder / "drop").exists():
                self.drop.set()
            elif self.drop.is_set() and not self.rejoin.is_set() and (self.folder / "rejoin").exists():
                self.rejoined_at = time.time()
                self.rejoin.set()
            if self.stop.is_set() or (self.drop.is_set() and not self.rejoin.is_set()):
                for s in streams:
                    if s.writer is not None:
                        s.writer.transport.abort()
                        s.writer = None
            connected = sum(s.connected_at is not None for s in streams)
            (self.folder / f"progress-{label}.json").write_text(json.dumps({"connected": connected,
                                                                            "done": sum(s.status is not None for s in streams)}))
            await asyncio.sleep(0.05 if self.drop.is_set() else 0.5)


async def _open(args, stream: Stream, last_id: str | None) -> asyncio.StreamReader:
    reader, writer = await asyncio.open_connection(args.host, args.port, limit=1 << 20)
    extra = f"Last-Event-ID: {last_id}\r\n" if last_id else ""
    cookie = f"Cookie: {stream.cookie}\r\n" if stream.cookie else ""
    writer.write((f"GET {args.path} HTTP/1.1\r\nHost: bench.local\r\nAccept: text/event-stream\r\n"
                  f"{cookie}{extra}\r\n").encode())
    status_line = await reader.readline()
    parts = status_line.split()
    stream.status = int(parts[1]) if len(parts) > 1 else 0
    while (await reader.readline()) not in (b"\r\n", b""):
        pass  # headers
    if stream.status == 200:
        stream.writer = writer
    else:
        writer.close()
    return reader


async def _read(stream: Stream, reader, delays: list[int], steer: Steering, rejoined: bool) -> None:
    data, event_id = b"", None
    while True:
        try:
            line = await reader.readline()
        except (OSError, asyncio.IncompleteReadError, ValueError):
            line = b""
        if not line:
            planned = steer.stop.is_set() or (steer.drop.is_set() and not rejoined)
            stream.ended_early = stream.ended_early or not planned
            return
        if line.startswith(b"id:"):
            event_id = line[3:].strip().decode()
        elif line.startswith(b"data:"):
            data = line[5:].strip()
        elif line in (b"\n", b"\r\n"):
            if data and not any(marker in data for marker in CONTROL):
                now = time.time()
                delays.append(int(now * 1000 - json.loads(data).get("timestamp", 0)))
                if rejoined:
                    stream.after_rejoin.append((int(event_id or 0), round(now - steer.rejoined_at, 4)))
            elif b'"type":"reset"' in data:
                stream.resets += 1
            if event_id:
                stream.last_id = event_id
            data, event_id = b"", None


async def _life(args, stream: Stream, gate: asyncio.Semaphore, delays: list[int], started: float,
                steer: Steering) -> None:
    async with gate:
        if steer.stop.is_set():
            return
        try:
            reader = await _open(args, stream, None)
        except OSError:
            stream.status = -1
            return
    if stream.status != 200:
        return
    stream.connected_at = time.time() - started
    await _read(stream, reader, delays, steer, False)
    if steer.stop.is_set() or not steer.drop.is_set() or stream.ended_early:
        return
    await asyncio.wait({asyncio.ensure_future(steer.rejoin.wait()), asyncio.ensure_future(steer.stop.wait())},
                       return_when=asyncio.FIRST_COMPLETED)
    if steer.stop.is_set():
        return
    try:
        reader = await _open(args, stream, stream.last_id)
    except OSError:
        stream.status = -2
        return
    if stream.status == 200 and steer.stop.is_set():
        stream.writer.transport.abort()  # answered after the driver said stop: nothing left to watch
        stream.writer = None
    elif stream.status == 200:
        await _read(stream, reader, delays, steer, True)


async def main_async(args) -> dict:
    """Run every stream until told to stop; summarise."""
    lines = open(args.sessions).read().splitlines()[args.start:args.start + args.count]
    streams = [Stream(line.split("\t")[0] if args.cookies else "") for line in lines]
    delays: list[int] = []
    gate = asyncio.Semaphore(args.connect_concurrency)
    steer = Steering(Path(args.control), args.until)
    watcher = asyncio.create_task(steer.watch(streams, str(args.start)))
    started = time.time()
    await asyncio.gather(*[_life(args, s, gate, delays, started, steer) for s in streams])
    steer.stop.set()
    await watcher
    connected = [s.connected_at for s in streams if s.connected_at is not None]
    statuses: dict[str, int] = {}
    for s in streams:
        statuses[str(s.status)] = statuses.get(str(s.status), 0) + 1
    out = {"streams": len(streams), "connected": len(connected), "statuses": statuses,
           "all_connected_s": round(max(connected), 3) if connected else None,
           "ended_early": sum(s.ended_early for s in streams), "delays_ms": delays,
           "resets": sum(s.resets for s in streams)}
    if steer.rejoin.is_set():
        out["rejoin"] = [{"ids": [i for i, _ in s.after_rejoin], "status": s.status,
                          "last_s": s.after_rejoin[-1][1] if s.after_rejoin else None} for s in streams]
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
    parser.add_argument("--control", required=True, help="folder of the drop/rejoin/stop files")
    parser.add_argument("--until", type=float, required=True, help="hard stop, epoch seconds")
    parser.add_argument("--connect-concurrency", type=int, default=500)
    parser.add_argument("--no-cookies", dest="cookies", action="store_false")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.count + 256)), hard))
    print(json.dumps(asyncio.run(main_async(args))), flush=True)


if __name__ == "__main__":
    main()
