#!/usr/bin/env bash
# Loopback load test of `ecg serve` (see README.md beside this file). Starts its own server on a free port with a
# throw-away results folder, runs: a warm-up, 1,000 sequential uploads (unloaded latency), then 10,000 uploads at
# concurrency 32 — first in the default durable mode, then with --write-behind; last, the HTTP layer alone
# (a flat 10 s signal that the analysis refuses with 422 right after reading it). Stops the server it started.
#   swift build -c release && tools/loadtest/run.sh [--model Weights/ecg_model.h5] [other `ecg serve` flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
ECG=${ECG:-.build/release/ecg}
FILE=${FILE:-samples/sample_ecg.csv}
REQUESTS=${REQUESTS:-10000}
CONCURRENCY=${CONCURRENCY:-32}
OUT=${OUT:-$(mktemp -d /tmp/ecg-loadtest.XXXXXX)}
mkdir -p "$OUT"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOADTEST="python3 tools/loadtest/loadtest.py --url http://127.0.0.1:$PORT --file $FILE"
SERVER_PID=

start_server() {   # $1: label, rest: extra serve flags
    local label=$1; shift
    rm -rf "$OUT/json_outputs-$label"
    "$ECG" serve --port "$PORT" --outputs "$OUT/json_outputs-$label" "$@" 2>"$OUT/server-$label.log" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0
        sleep 0.1
    done
    echo "server did not start; see $OUT/server-$label.log" >&2
    exit 1
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap stop_server EXIT

run_mode() {   # $1: label, rest: extra serve flags
    local label=$1
    start_server "$@"
    echo "== $label: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg)" >&2
    $LOADTEST --requests 200 --concurrency 8 > "$OUT/$label-warmup.json"
    $LOADTEST --requests 1000 --concurrency 1 --pid "$SERVER_PID" > "$OUT/$label-sequential.json"
    $LOADTEST --requests "$REQUESTS" --concurrency "$CONCURRENCY" --pid "$SERVER_PID" \
        --outputs "$OUT/json_outputs-$label" > "$OUT/$label-c$CONCURRENCY.json"
    sleep 1   # let write-behind saves land before counting
    echo "$label: result files on disk: $(ls "$OUT/json_outputs-$label" | grep -c '\.json$')" >&2
    stop_server
}

run_http_only() {   # the same upload path (multipart, CSV read, signal screening, error JSON) without the model
    python3 -c 'print("time_s,MLII"); [print(f"{i / 360:.4f},0.000") for i in range(3600)]' > "$OUT/flat.csv"
    start_server http-only "$@"
    python3 tools/loadtest/loadtest.py --url "http://127.0.0.1:$PORT" --file "$OUT/flat.csv" --expect-status 422 \
        --requests 1000 --concurrency 1 --pid "$SERVER_PID" > "$OUT/http-only-sequential.json"
    python3 tools/loadtest/loadtest.py --url "http://127.0.0.1:$PORT" --file "$OUT/flat.csv" --expect-status 422 \
        --requests "$REQUESTS" --concurrency "$CONCURRENCY" --pid "$SERVER_PID" > "$OUT/http-only-c$CONCURRENCY.json"
    stop_server
}

shift_args=("$@")
run_mode durable "${shift_args[@]}"
run_mode write-behind --write-behind "${shift_args[@]}"
run_http_only "${shift_args[@]}"
python3 - "$OUT" "$CONCURRENCY" <<'PY'
import json, sys, pathlib
out, c = pathlib.Path(sys.argv[1]), sys.argv[2]
print(f"{'mode':<13} {'run':<11} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'RSS before/after/peak MB':>26}")
for mode in ("durable", "write-behind", "http-only"):
    for run in ("sequential", f"c{c}"):
        r = json.loads((out / f"{mode}-{run}.json").read_text())
        rss = r.get("server_rss_mb", {})
        print(f"{mode:<13} {run:<11} {r['requests']:>8} {r['errors']:>6} {r['latency_ms']['p50']:>8} "
              f"{r['latency_ms']['p99']:>8} {r['requests_per_second']:>8} "
              f"{str(rss.get('before'))+' / '+str(rss.get('after'))+' / '+str(rss.get('peak')):>26}")
print(f"raw results: {out}")
PY
