#!/usr/bin/env python3
"""Two `ecg serve` replicas behind nginx on one PostgreSQL, on loopback: file store vs database store, then a replica
killed in the middle of a run. Standard library only; needs Debian's `postgresql` and `nginx-light` (or `nginx`).

    swift build -c release
    python3 tools/scaleout/scaleout.py [--requests 5000] [--compare-requests 3000] [--concurrency 32] [--rounds 2]

Steps (everything it starts lives in one temporary folder and is stopped at the end):
1. A throw-away PostgreSQL cluster (tools/scaleout/pg_cluster.sh) and nginx (one worker process) balancing two
   upstream ports round-robin, retrying a request on the other replica when its connection fails
   (`proxy_next_upstream error timeout non_idempotent`).
2. Comparison, `--rounds` times, file store then database store: two replicas (`--outputs DIR` each, durable), then
   two replicas on the database (`--database-url … --outputs none`); per phase a warm-up, then `--compare-requests`
   uploads at `--concurrency` through nginx: throughput and latency percentiles.
3. Kill run: two database replicas, `--requests` uploads through nginx; once a third of them are answered, one
   replica is killed with SIGKILL. Every upload answered 200 is then fetched by its id from the surviving replica
   directly (`GET /results/{id}`), and the table's row count is compared with the answered ids.
A 503 with Retry-After (queue full or store unavailable) is retried by the client after the advertised delay and
counted; any other non-200 answer, a connection error, or a 200 without an id is an unexpected failure.
Prints a JSON summary and a Markdown table; exits 1 when a result was lost or an unexpected failure occurred.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOUNDARY = "----ecgScaleOutBoundary51d7"


def result_id(body: bytes) -> str | None:
    """The `id` member of a JSON answer (keys are sorted, so it is read by name); None when there is none."""
    try:
        value = json.loads(body).get("id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def upload_request(port: int, file: Path) -> bytes:
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file.name}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + file.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()
    head = (f"POST /predict HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = await reader.readexactly(length) if length else b""
    return status, headers, body


class Load:
    """`total` uploads from `concurrency` keep-alive clients; 503s are retried after Retry-After."""

    def __init__(self, port: int, request: bytes, total: int, concurrency: int, timeout: float = 60):
        self.port, self.request, self.total, self.concurrency, self.timeout = port, request, total, concurrency, timeout
        self.started_count = 0
        self.ids: list[str] = []
        self.latencies: list[float] = []
        self.retried_503 = 0
        self.unexpected: list[str] = []
        self.answered = asyncio.Event()
        self.answered_threshold = None

    async def client(self):
        reader = writer = None
        while self.started_count < self.total:
            self.started_count += 1
            started = time.perf_counter()
            for attempt in range(20):
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                    writer.write(self.request)
                    await writer.drain()
                    status, headers, body = await asyncio.wait_for(read_response(reader), self.timeout)
                except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as error:
                    self.unexpected.append(f"connection: {type(error).__name__}: {error}")
                    if writer is not None:
                        writer.close()
                    reader = writer = None
                    break
                if headers.get("connection", "").lower() == "close":
                    writer.close()
                    reader = writer = None
                if status == 503 and "retry-after" in headers:
                    self.retried_503 += 1
                    await asyncio.sleep(min(float(headers["retry-after"]), 5))
                    continue
                answered_id = result_id(body) if status == 200 else None
                if answered_id:
                    self.latencies.append((time.perf_counter() - started) * 1000)
                    self.ids.append(answered_id)
                    if self.answered_threshold and len(self.ids) >= self.answered_threshold:
                        self.answered.set()
                else:
                    self.unexpected.append(f"{status}: {body[:160].decode(errors='replace')}")
                break
        if writer is not None:
            writer.close()

    async def run(self) -> dict:
        started = time.perf_counter()
        await asyncio.gather(*(self.client() for _ in range(self.concurrency)))
        elapsed = time.perf_counter() - started
        ordered = sorted(self.latencies)

        def pct(fraction):
            return round(ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))], 2) if ordered else None

        return {"requests": self.total, "concurrency": self.concurrency, "answered_200": len(self.ids),
                "retried_503": self.retried_503, "unexpected": len(self.unexpected),
                "first_unexpected": self.unexpected[:5], "seconds": round(elapsed, 2),
                "requests_per_second": round(len(self.ids) / elapsed, 1),
                "latency_ms": {"p50": pct(0.5), "p90": pct(0.9), "p99": pct(0.99)}}


class Cluster:
    """PostgreSQL, nginx and the replicas, all under one temporary folder."""

    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="ecg-scaleout-"))
        os.chmod(self.work, 0o755)
        self.replica_ports = [free_port(), free_port()]
        self.nginx_port = free_port()
        self.replicas: list[subprocess.Popen | None] = [None, None]
        self.nginx = None
        self.database_url = None

    def start_database(self):
        url = subprocess.run([str(ROOT / "tools/scaleout/pg_cluster.sh"), "start", str(self.work / "pg")],
                             check=True, capture_output=True, text=True).stdout.strip()
        self.database_url = url + "?sslmode=disable"

    def psql(self, sql: str) -> str:
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        user = self.database_url.split("//", 1)[1].split("@", 1)[0]
        port = self.database_url.rsplit(":", 1)[1].split("/", 1)[0]
        return subprocess.run([str(bindir / "psql"), "-h", "127.0.0.1", "-p", port, "-U", user, "-d", "ecg", "-At",
                               "-c", sql], check=True, capture_output=True, text=True).stdout.strip()

    def start_nginx(self):
        prefix = self.work / "nginx"
        for folder in ("logs", "temp"):
            (prefix / folder).mkdir(parents=True, exist_ok=True)
            os.chmod(prefix / folder, 0o777)
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=30s;"
                            for port in self.replica_ports)
        (prefix / "nginx.conf").write_text(f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    client_max_body_size 25m;
    client_body_buffer_size 1m;
    keepalive_requests 1000000;
    upstream ecg {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{self.nginx_port};
        location / {{
            proxy_pass http://ecg;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Request-ID $request_id;
            proxy_next_upstream error timeout non_idempotent;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
""")
        self.nginx = subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                       "-g", "daemon off;"], stderr=open(prefix / "logs/stderr.log", "w"))
        wait_listening(self.nginx_port, self.nginx)

    def start_replicas(self, label: str, store_flags: list[str]):
        for index, port in enumerate(self.replica_ports):
            log = open(self.work / f"{label}-replica{index + 1}.log", "w")
            command = [self.args.ecg, "serve", "--port", str(port), "--workers", str(self.args.workers),
                       "--public", str(self.work / "no-page")] + store_flags(index)
            self.replicas[index] = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, cwd=self.work)
        for index, port in enumerate(self.replica_ports):
            wait_listening(port, self.replicas[index])

    def stop_replicas(self):
        for process in self.replicas:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.replicas:
            if process:
                process.wait(timeout=60)
        self.replicas = [None, None]

    def close(self):
        self.stop_replicas()
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            self.nginx.wait(timeout=30)
        if self.database_url:
            subprocess.run([str(ROOT / "tools/scaleout/pg_cluster.sh"), "stop", str(self.work / "pg")],
                           capture_output=True)
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a process exited at start (status {process.returncode}); see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listening on {port} after {timeout} s")


async def fetch_all(port: int, ids: list[str], concurrency: int = 16) -> dict:
    """GET /results/{id} for every id from one replica; counts what is missing or wrong."""
    queue = list(ids)
    missing, wrong = [], []

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            result_id = queue.pop()
            writer.write(f"GET /results/{result_id} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            await writer.drain()
            status, _, body = await read_response(reader)
            if status != 200:
                missing.append(f"{result_id}: {status}")
            elif json.loads(body).get("id") != result_id:
                wrong.append(result_id)
        writer.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return {"fetched": len(ids), "missing": len(missing), "wrong": len(wrong), "first_missing": missing[:5]}


async def kill_run(cluster: Cluster, request: bytes, args) -> dict:
    load = Load(cluster.nginx_port, request, args.requests, args.concurrency)
    load.answered_threshold = args.requests // 3
    killed_at = {}

    async def killer():
        await load.answered.wait()
        victim = cluster.replicas[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        killed_at["answered_before_kill"] = len(load.ids)

    kill_task = asyncio.create_task(killer())
    result = await load.run()
    await kill_task
    result.update(killed_at)
    result["killed_replica_exit"] = cluster.replicas[0].returncode
    result["served_by_survivor"] = await fetch_all(cluster.replica_ports[1], load.ids)
    result["rows_in_table"] = int(cluster.psql("SELECT count(*) FROM ecg_results"))
    result["distinct_answered_ids"] = len(set(load.ids))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ecg", default=str(ROOT / ".build/release/ecg"))
    parser.add_argument("--file", default=str(ROOT / "samples/sample_ecg.csv"))
    parser.add_argument("--requests", type=int, default=5000, help="uploads in the kill run")
    parser.add_argument("--compare-requests", type=int, default=3000, help="uploads per comparison phase")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1, help="analysis workers per replica")
    parser.add_argument("--rounds", type=int, default=2, help="file/database comparison rounds")
    parser.add_argument("--database-connections", type=int, default=16, help="pool size per database replica")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, nginx.conf)")
    args = parser.parse_args()
    args.ecg = str(Path(args.ecg).resolve())
    if not Path(args.ecg).exists():
        raise SystemExit(f"{args.ecg} not found: run `swift build -c release` first (or pass --ecg)")

    cluster = Cluster(args)
    summary = {"started_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()), "workers_per_replica": args.workers,
               "database_connections_per_replica": args.database_connections,
               "concurrency": args.concurrency, "load_average_before": os.getloadavg()[0]}
    try:
        cluster.start_database()
        cluster.start_nginx()
        request = upload_request(cluster.nginx_port, Path(args.file))
        database_flags = lambda _: ["--database-url", cluster.database_url, "--outputs", "none",
                                    "--database-connections", str(args.database_connections)]
        file_flags = lambda index: ["--outputs", str(cluster.work / f"json_outputs-{index + 1}")]
        rounds = []
        for round_index in range(args.rounds):
            phases = {}
            for label, flags in (("file", file_flags), ("database", database_flags)):
                cluster.start_replicas(f"{label}{round_index + 1}", flags)
                asyncio.run(Load(cluster.nginx_port, request, args.warmup, args.concurrency).run())
                phases[label] = asyncio.run(Load(cluster.nginx_port, request, args.compare_requests,
                                                 args.concurrency).run())
                cluster.stop_replicas()
            rounds.append(phases)
        summary["comparison"] = rounds
        for label in ("file", "database"):
            summary[f"{label}_median"] = {
                "requests_per_second": statistics.median(r[label]["requests_per_second"] for r in rounds),
                "p50_ms": statistics.median(r[label]["latency_ms"]["p50"] for r in rounds)}
        summary["throughput_ratio_database_over_file"] = round(
            summary["database_median"]["requests_per_second"] / summary["file_median"]["requests_per_second"], 3)
        summary["p50_ratio_database_over_file"] = round(
            summary["database_median"]["p50_ms"] / summary["file_median"]["p50_ms"], 3)

        cluster.psql("TRUNCATE ecg_results")
        cluster.start_replicas("kill", database_flags)
        summary["kill_run"] = asyncio.run(kill_run(cluster, request, args))
    finally:
        cluster.close()

    kill = summary["kill_run"]
    lost = kill["served_by_survivor"]["missing"] + kill["served_by_survivor"]["wrong"]
    summary["lost_results"] = lost
    summary["unexpected_failures"] = kill["unexpected"] + sum(
        r[label]["unexpected"] for r in summary["comparison"] for label in ("file", "database"))
    print(json.dumps(summary, indent=2))
    print()
    print("| run | store | uploads | answered 200 | 503 retried | unexpected | requests/s | p50 ms | p99 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for index, phases in enumerate(summary["comparison"]):
        for label, result in phases.items():
            print(f"| round {index + 1} | {label} | {result['requests']:,} | {result['answered_200']:,} | "
                  f"{result['retried_503']} | {result['unexpected']} | {result['requests_per_second']} | "
                  f"{result['latency_ms']['p50']} | {result['latency_ms']['p99']} |")
    print(f"| kill run | database | {kill['requests']:,} | {kill['answered_200']:,} | {kill['retried_503']} | "
          f"{kill['unexpected']} | {kill['requests_per_second']} | {kill['latency_ms']['p50']} | "
          f"{kill['latency_ms']['p99']} |")
    print(f"\nkill run: replica 1 SIGKILLed after {kill.get('answered_before_kill')} answers; "
          f"{kill['served_by_survivor']['fetched']} answered ids fetched from replica 2: "
          f"{kill['served_by_survivor']['missing']} missing, {kill['served_by_survivor']['wrong']} wrong; "
          f"{kill['rows_in_table']} rows for {kill['distinct_answered_ids']} distinct answered ids")
    print(f"database/file: throughput {summary['throughput_ratio_database_over_file']}x, "
          f"p50 {summary['p50_ratio_database_over_file']}x (medians over {args.rounds} rounds)")
    return 1 if lost or summary["unexpected_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
