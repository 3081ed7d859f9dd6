#!/usr/bin/env python3
"""Soak test of `ecg serve` on loopback: mixed valid and invalid uploads at a fixed concurrency, the server SIGKILLed
and restarted mid-run, then the result store checked.

Uploads (round robin over the mix): the sample CSV, the sample PNG, an EDF fixture (valid); the same files cut in half,
random bytes named .csv/.png/.edf, an unsupported type, and a body one byte over the upload limit (invalid).
Checks, each printed with its count:
  - no 5xx other than 503 (backpressure); connection errors are counted separately and are expected only while the
    server is down between a SIGKILL and its restart;
  - the server never exits on its own (only the SIGKILLs this script sends);
  - RSS of each server life, sampled every 2 s: growth from the end of warm-up to the end of that life < 10 %;
  - every 200 answer's result is on disk afterwards (`OUTPUTS/<saved_as>`, valid JSON, same `id`) and served by
    `GET /results/{id}`;
  - no `.partial` files left in the outputs folder.
Exit status 0 when every check passes.

  swift build -c release --product ecg
  nice -n 10 tools/soak/soak.py --ecg .build/release/ecg --duration 1800     # the full 30-minute run
  nice -n 10 tools/soak/soak.py --ecg .build/release/ecg --duration 240      # a short validation run
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def multipart(name, data, fields=None):
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in (fields or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def uploads(max_upload_bytes):
    csv = (ROOT / "samples/sample_ecg.csv").read_bytes()
    png = (ROOT / "samples/sample_ecg.png").read_bytes()
    edf = sorted((ROOT / "Tests/Fixtures/edf").glob("*.edf"))[0].read_bytes()
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(4096))
    return [
        ("valid-csv", "ecg.csv", csv, {}),
        ("valid-png", "ecg.png", png, {}),
        ("valid-edf", "ecg.edf", edf, {}),
        ("valid-csv", "ecg.csv", csv, {"include_trace": "true"}),
        ("truncated-csv", "cut.csv", csv[: len(csv) // 2], {}),
        ("truncated-png", "cut.png", png[: len(png) // 2], {}),
        ("truncated-edf", "cut.edf", edf[: len(edf) // 2], {}),
        ("garbage-csv", "noise.csv", garbage, {}),
        ("garbage-png", "noise.png", garbage, {}),
        ("garbage-edf", "noise.edf", garbage, {}),
        ("unsupported", "notes.docx", csv, {}),
        ("oversize", "big.csv", b"0" * (max_upload_bytes + 1), {}),
    ]


class Server:
    def __init__(self, ecg, outputs, max_upload_mb, log):
        self.ecg, self.outputs, self.max_upload_mb, self.log = ecg, outputs, max_upload_mb, log
        self.process = None
        self.port = None
        self.killed_by_us = set()

    def start(self):
        self.process = subprocess.Popen(
            [self.ecg, "serve", "--host", "127.0.0.1", "--port", "0", "--outputs", str(self.outputs),
             "--max-upload-mb", str(self.max_upload_mb), "--queue-depth", "16"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            self.log.write(line)
            match = re.search(r"serving on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()
                return
        raise SystemExit("the server did not start")

    def _drain(self, process):
        for line in process.stderr:
            self.log.write(line)

    def rss_kb(self):
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def kill(self):
        self.killed_by_us.add(self.process.pid)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ecg", default=str(ROOT / ".build/release/ecg"))
    parser.add_argument("--duration", type=float, default=1800, help="seconds of load (default 30 minutes)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--kills", type=int, default=2, help="SIGKILL + restart this many times, evenly spaced")
    parser.add_argument("--warmup", type=float, default=0.2, help="fraction of each server life that is warm-up")
    parser.add_argument("--max-upload-mb", type=int, default=2)
    parser.add_argument("--outputs", help="results folder (default: a new temporary folder, removed on success)")
    args = parser.parse_args()

    outputs = Path(args.outputs or tempfile.mkdtemp(prefix="ecg-soak-"))
    outputs.mkdir(parents=True, exist_ok=True)
    log = open(outputs.parent / f"{outputs.name}-server.log", "w")
    server = Server(args.ecg, outputs, args.max_upload_mb, log)
    server.start()
    mix = uploads(args.max_upload_mb << 20)

    lock = threading.Lock()
    statuses = {}
    by_kind = {}
    unexpected = []
    connection_errors = [0]
    answered = []  # (id, saved_as, body) of every 200
    stop = time.time() + args.duration
    counter = [0]

    def worker(seed):
        rng = random.Random(seed)
        while time.time() < stop:
            with lock:
                kind, name, data, fields = mix[counter[0] % len(mix)]
                counter[0] += 1
                port = server.port
            body, content_type = multipart(name, data, fields)
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                connection.request("POST", "/predict", body=body, headers={"Content-Type": content_type})
                response = connection.getresponse()
                payload = response.read()
                connection.close()
            except (OSError, http.client.HTTPException):
                with lock:
                    connection_errors[0] += 1
                time.sleep(0.05 + rng.random() * 0.1)
                continue
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
                by_kind.setdefault(kind, {}).setdefault(response.status, 0)
                by_kind[kind][response.status] += 1
                if response.status >= 500 and response.status != 503:
                    unexpected.append((kind, response.status, payload[:300]))
                if response.status == 200:
                    answered.append(json.loads(payload))
                elif response.status == 503:
                    time.sleep(0.05)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.concurrency)]
    started = time.time()
    for thread in threads:
        thread.start()

    lives = []  # per server life: RSS samples (seconds since its start, kB)
    own_exits = []
    kill_times = [started + args.duration * (k + 1) / (args.kills + 1) for k in range(args.kills)]
    life_start = time.time()
    samples = []
    while time.time() < stop:
        time.sleep(2)
        if server.process.poll() is not None and server.process.pid not in server.killed_by_us:
            own_exits.append(server.process.returncode)
            lives.append(samples)
            server.start()
            life_start, samples = time.time(), []
            continue
        rss = server.rss_kb()
        if rss:
            samples.append((time.time() - life_start, rss))
        if kill_times and time.time() >= kill_times[0]:
            kill_times.pop(0)
            server.kill()
            lives.append(samples)
            server.start()
            life_start, samples = time.time(), []
    for thread in threads:
        thread.join()
    lives.append(samples)

    # Every answered result on disk and served.
    missing, damaged, unserved = [], [], []
    for result in answered:
        path = outputs / result["saved_as"]
        try:
            saved = json.loads(path.read_bytes())
            if saved.get("id") != result["id"]:
                damaged.append(result["id"])
        except (OSError, ValueError):
            (missing if not path.exists() else damaged).append(result["id"])
            continue
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", f"/results/{result['id']}")
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            unserved.append(result["id"])
    partial = [p.name for p in outputs.rglob("*.partial")]
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=60)
    if server.process.returncode not in (0, -signal.SIGTERM):
        own_exits.append(server.process.returncode)

    print(f"duration {time.time() - started:.0f} s, concurrency {args.concurrency}, {args.kills} SIGKILL + restart")
    print(f"requests answered {sum(statuses.values())}: {dict(sorted(statuses.items()))}; "
          f"connection errors (server down) {connection_errors[0]}")
    for kind, counts in sorted(by_kind.items()):
        print(f"  {kind:14s} {dict(sorted(counts.items()))}")
    growths = []
    for n, life in enumerate(lives):
        if len(life) < 4:
            print(f"  server life {n + 1}: {len(life)} RSS samples (too short to judge)")
            continue
        length = life[-1][0]
        warm = [rss for t, rss in life if t >= length * args.warmup]
        growth = (warm[-1] - warm[0]) / warm[0] * 100
        growths.append(growth)
        print(f"  server life {n + 1}: {length:.0f} s, RSS after warm-up {warm[0] / 1024:.1f} MB -> end "
              f"{warm[-1] / 1024:.1f} MB ({growth:+.1f} %), peak {max(r for _, r in life) / 1024:.1f} MB")
    checks = {
        "unexpected 5xx": len(unexpected),
        "server exits not caused by this script": len(own_exits),
        "200 results missing on disk": len(missing),
        "200 results damaged on disk": len(damaged),
        "200 results not served by GET /results/{id}": len(unserved),
        ".partial files left": len(partial),
        "server lives with RSS growth >= 10 %": sum(1 for g in growths if g >= 10),
    }
    for name, count in checks.items():
        print(f"  {name}: {count}")
    for kind, status, payload in unexpected[:5]:
        print(f"  unexpected {status} for {kind}: {payload!r}")
    ok = all(count == 0 for count in checks.values()) and statuses.get(200, 0) > 0
    print("PASS" if ok else "FAIL", f"(results and server log under {outputs})" if not ok else "")
    if ok and not args.outputs:
        shutil.rmtree(outputs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
