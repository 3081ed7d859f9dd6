#!/usr/bin/env python3
"""Bounded loopback load test of POST /predict: N uploads of one file at a fixed concurrency over keep-alive
connections, standard library only (asyncio streams; the multipart body is built once).

    python3 tools/loadtest/loadtest.py --url http://127.0.0.1:5000 --file samples/sample_ecg.csv \
        --requests 10000 --concurrency 32 [--pid SERVER_PID] [--outputs json_outputs]

Prints one JSON object: status counts, errors, latency percentiles (ms), throughput (requests/s), and with --pid
the server's RSS before and after and its peak (VmHWM), with --outputs the number of result files written.
Only loopback addresses are accepted. Exit status 1 when any response had another status than --expect-status
(default 200) or a 200 came without an id.
"""

import argparse
import asyncio
import json
import os
import sys
import time
import urllib.parse
from pathlib import Path

BOUNDARY = "----ecgLoadTestBoundary9f3a2c"


def result_id(body: bytes) -> str | None:
    """The `id` member of a JSON answer (keys are sorted, so it is read by name); None when there is none."""
    try:
        value = json.loads(body).get("id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def multipart_request(host: str, port: int, path: str, file: Path) -> bytes:
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file.name}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + file.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n").encode()
    return head + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return status, body


async def worker(host, port, request, counter, total, latencies, statuses, failures, timeout, expected):
    reader = writer = None
    while True:
        if counter[0] >= total:
            break
        counter[0] += 1
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status, body = await asyncio.wait_for(read_response(reader), timeout)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            if status != expected:
                failures.append(f"{status}: {body[:200].decode(errors='replace')}")
            elif status == 200 and not result_id(body):
                failures.append(f"200 without an id: {body[:120]!r}")
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as error:
            statuses["connection_error"] = statuses.get("connection_error", 0) + 1
            failures.append(f"{type(error).__name__}: {error}")
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def memory_kb(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return round(sorted_values[index], 3)


async def run(args) -> dict:
    url = urllib.parse.urlparse(args.url)
    host, port = url.hostname, url.port or 80
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
        raise SystemExit("refusing a non-loopback target: this load test only runs against this machine")
    request = multipart_request(host, port, url.path.rstrip("/") + "/predict", Path(args.file))
    latencies, statuses, failures, counter = [], {}, [], [0]
    before = memory_kb(args.pid) if args.pid else None
    files_before = len(os.listdir(args.outputs)) if args.outputs else None
    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(worker(host, port, request, counter, args.requests, latencies, statuses, failures, args.timeout,
                         args.expect_status)
                         for _ in range(args.concurrency))),
        args.deadline)
    elapsed = time.perf_counter() - started
    after = memory_kb(args.pid) if args.pid else None
    latencies.sort()
    result = {
        "requests": args.requests, "concurrency": args.concurrency, "file": Path(args.file).name,
        "file_bytes": Path(args.file).stat().st_size,
        "statuses": {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
        "errors": len(failures), "first_errors": failures[:5],
        "seconds": round(elapsed, 3), "requests_per_second": round(len(latencies) / elapsed, 1),
        "latency_ms": {"p50": percentile(latencies, 0.5), "p90": percentile(latencies, 0.9),
                       "p99": percentile(latencies, 0.99), "max": round(latencies[-1], 3) if latencies else None,
                       "mean": round(sum(latencies) / len(latencies), 3) if latencies else None},
    }
    if before:
        result["server_rss_mb"] = {"before": round(before["VmRSS"] / 1024, 1), "after": round(after["VmRSS"] / 1024, 1),
                                   "peak": round(after["VmHWM"] / 1024, 1)}
    if args.outputs:
        result["result_files_written"] = len(os.listdir(args.outputs)) - files_before
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--file", required=True)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=30, help="per request, seconds")
    parser.add_argument("--deadline", type=float, default=600, help="whole run, seconds")
    parser.add_argument("--expect-status", type=int, default=200,
                        help="status every response must have (e.g. 422 with a flat signal, to time the HTTP layer alone)")
    parser.add_argument("--pid", type=int, help="server process id, for RSS")
    parser.add_argument("--outputs", help="server's results folder, to count files written")
    args = parser.parse_args()
    if not (1 <= args.requests <= 1_000_000 and 1 <= args.concurrency <= 1024):
        raise SystemExit("--requests must be 1…1000000 and --concurrency 1…1024")
    result = asyncio.run(run(args))
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
