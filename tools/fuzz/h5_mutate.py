#!/usr/bin/env python3
"""Writes mutated copies of the small .h5 test fixtures and runs `ecg model info` on each.

Mutations (seeded, reproducible): bit flips, truncation, runs of random bytes, zeroed ranges; most land in the
first 4 KiB, where HDF5 keeps its superblock and the root group's metadata, the rest anywhere in the file.
Every run is classified:
  ok        exit 0 (the damage did not matter)
  error     exit 1 with a one-line `error: ...` on stderr (the expected typed error)
  isolated  exit 1 reporting that the file crashed the HDF5 library in the checking child process, or that the
            child did not finish within --timeout / 3 seconds (libhdf5 looping on it)
  crash     ecg itself ended by a signal            (must be 0)
  timeout   ecg did not finish within --timeout     (must be 0)
  other     any other exit status or stderr shape   (must be 0)
Exit status 1 when any crash, timeout or other occurred; their files are kept under --keep.
With --raw-probe (tools/fuzz/h5_raw_probe.c, libhdf5 without the structural checks) each file is also read by
libhdf5 alone, and the files that crash or hang it are counted and kept (--keep): regression-fixture candidates.

  tools/fuzz/h5_mutate.py --ecg .build/release/ecg --count 2000 --keep h5-failures
  cc -O1 -o /tmp/h5_raw_probe tools/fuzz/h5_raw_probe.c $(pkg-config --cflags --libs hdf5-serial)
  tools/fuzz/h5_mutate.py --ecg .build/debug/ecg --count 600 --seed 3 --raw-probe /tmp/h5_raw_probe --keep h5-kept
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MUTATIONS = ("bitflip", "truncate", "byterun", "zero")


def fixtures(limit_bytes):
    found = sorted(ROOT.glob("Tests/Fixtures/hdf5/*.h5")) + sorted(ROOT.glob("Tests/Fixtures/keras/*/*.h5"))
    return [p for p in found if p.stat().st_size <= limit_bytes and "weights" not in p.name]


def mutate(data, rng):
    data = bytearray(data)
    kind = rng.choice(MUTATIONS)
    head = min(len(data), 4096)

    def position():
        return rng.randrange(head) if rng.random() < 0.8 else rng.randrange(len(data))

    if kind == "bitflip":
        for _ in range(rng.randint(1, 8)):
            i = position()
            data[i] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        data = data[: rng.randrange(8, len(data))]
    elif kind == "byterun":
        i = position()
        run = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        data[i : i + len(run)] = run[: max(0, len(data) - i)]
    else:
        i = position()
        n = rng.randint(1, 256)
        data[i : i + n] = bytes(min(n, len(data) - i))
    return kind, bytes(data)


def classify(ecg, path, timeout):
    command = [ecg, "model", "info", str(path), "--check-timeout", str(int(timeout / 3))]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    err = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode < 0:
        return "crash", f"signal {-done.returncode}"
    if done.returncode == 0:
        return "ok", ""
    if done.returncode == 1 and err.startswith("error: ") and "\n" not in err:
        isolated = "crashed the HDF5 library" in err or "did not finish opening" in err
        return ("isolated" if isolated else "error"), err
    return "other", f"status {done.returncode}: {err[-300:]}"


def raw_outcome(probe, path, timeout):
    """libhdf5 alone on the file: raw-read, raw-error, raw-crash (a signal) or raw-hang."""
    try:
        done = subprocess.run([probe, str(path)], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "raw-hang"
    if done.returncode < 0:
        return "raw-crash"
    return "raw-read" if done.returncode == 0 else "raw-error"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ecg", default=str(ROOT / ".build/debug/ecg"))
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--max-fixture-bytes", type=int, default=64 * 1024)
    parser.add_argument("--keep", help="folder for the files that crashed, hung or misbehaved (and, with"
                        " --keep-isolated, those that crashed the library in the child)")
    parser.add_argument("--keep-isolated", action="store_true")
    parser.add_argument("--raw-probe", help="h5_raw_probe executable: also read each file with libhdf5 alone")
    args = parser.parse_args()

    sources = fixtures(args.max_fixture_bytes)
    originals = {p: p.read_bytes() for p in sources}
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="h5-mutate-"))
    jobs = []
    for n in range(args.count):
        source = rng.choice(sources)
        kind, data = mutate(originals[source], rng)
        path = work / f"{n:06d}-{kind}-{source.parent.name}-{source.stem}.h5"
        path.write_bytes(data)
        jobs.append((path, kind))

    counts = {}
    by_kind = {}
    raw = {}
    failures = []

    def run(job):
        outcome = classify(args.ecg, job[0], args.timeout)
        return outcome, (raw_outcome(args.raw_probe, job[0], args.timeout / 3) if args.raw_probe else None)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for (path, kind), ((outcome, detail), raw_result) in zip(jobs, pool.map(run, jobs)):
            counts[outcome] = counts.get(outcome, 0) + 1
            by_kind.setdefault(kind, {}).setdefault(outcome, 0)
            by_kind[kind][outcome] += 1
            if raw_result:
                raw.setdefault(raw_result, {}).setdefault(outcome, 0)
                raw[raw_result][outcome] += 1
            keep = outcome in ("crash", "timeout", "other") or (outcome == "isolated" and args.keep_isolated)
            keep = keep or raw_result in ("raw-crash", "raw-hang")
            if raw_result in ("raw-crash", "raw-hang"):
                detail = f"{raw_result}; ecg: {outcome} {detail}"
            if keep:
                failures.append((path, outcome, detail))
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    shutil.copy(path, Path(args.keep) / path.name)
    shutil.rmtree(work)

    print(f"{args.count} mutated files from {len(sources)} fixtures (seed {args.seed}):")
    for outcome in ("ok", "error", "isolated", "crash", "timeout", "other"):
        print(f"  {outcome:9s} {counts.get(outcome, 0)}")
    for kind in MUTATIONS:
        print(f"  by mutation {kind:9s} {by_kind.get(kind, {})}")
    for raw_result, outcomes in sorted(raw.items()):
        print(f"  libhdf5 alone {raw_result:9s} {sum(outcomes.values())}, ecg on those: {outcomes}")
    for path, outcome, detail in failures[:20]:
        print(f"  {outcome}: {path.name} {detail}")
    bad = sum(counts.get(k, 0) for k in ("crash", "timeout", "other"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
