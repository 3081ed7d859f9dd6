#!/usr/bin/env python3
"""Side-by-side R-peak detection scores on MIT-BIH: this project's detector, wfdb's XQRS and NeuroKit2.

All three run in the same invocation, on the same records and the same lead (MLII, else II, else the first
signal), and are scored with the same rule as `ecg eval rpeaks`: reference beat annotations only
(N L R B A a J S V r F e j n E / f Q ?), one-to-one matching within the tolerance (closest pairs first),
detections inside ventricular flutter episodes ([ ... ]) not counted (ANSI/AAMI EC57).

The result table replaces the R-peak section of docs/ACCURACY.md (between its markers).

    .venv/bin/python tools/eval/rpeaks_baselines.py --data ../shared/data/mitdb \
        --ecg .build/release/ecg --write docs/ACCURACY.md
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time

import numpy as np
import wfdb
from wfdb import processing

BEAT_SYMBOLS = set("NLRBAaJSVrFejnE/fQ?")
PREFERRED_LEADS = ["MLII", "II", "ML2", "LEAD II", "LEADII", "ECG II"]
BEGIN = "<!-- rpeaks:begin -->"
END = "<!-- rpeaks:end -->"


def choose_lead(names: list[str]) -> int:
    upper = [n.upper() for n in names]
    for preferred in PREFERRED_LEADS:
        if preferred in upper:
            return upper.index(preferred)
    return 0


def flutter_episodes(ann, end: int) -> list[tuple[int, int]]:
    episodes, start = [], None
    for sample, symbol in zip(ann.sample, ann.symbol):
        if symbol == "[" and start is None:
            start = int(sample)
        elif symbol == "]" and start is not None:
            episodes.append((start, max(start, int(sample))))
            start = None
    if start is not None:
        episodes.append((start, max(start, end)))
    return episodes


def match(reference, detected, tolerance: int, excluded) -> dict:
    """Closest-pairs-first one-to-one matching, as BeatMatcher.match in Swift."""
    reference = sorted(int(r) for r in reference)
    kept, excluded_count = [], 0
    for d in sorted(int(d) for d in detected):
        if any(a <= d <= b for a, b in excluded):
            excluded_count += 1
        else:
            kept.append(d)
    pairs, low = [], 0
    for r_index, sample in enumerate(reference):
        while low < len(kept) and kept[low] < sample - tolerance:
            low += 1
        j = low
        while j < len(kept) and kept[j] <= sample + tolerance:
            pairs.append((abs(kept[j] - sample), r_index, j))
            j += 1
    pairs.sort()
    ref_used, det_used, tp = set(), set(), 0
    for _, r_index, d_index in pairs:
        if r_index not in ref_used and d_index not in det_used:
            ref_used.add(r_index)
            det_used.add(d_index)
            tp += 1
    return {"tp": tp, "fn": len(reference) - tp, "fp": len(kept) - tp, "excluded": excluded_count}


def run_baselines(path: str, record: str, tolerance_ms: float) -> dict:
    import neurokit2 as nk

    rec = wfdb.rdrecord(os.path.join(path, record))
    lead = choose_lead(rec.sig_name)
    signal = rec.p_signal[:, lead]
    ann = wfdb.rdann(os.path.join(path, record), "atr")
    reference = [s for s, sym in zip(ann.sample, ann.symbol) if sym in BEAT_SYMBOLS]
    episodes = flutter_episodes(ann, len(signal))
    tolerance = int(round(tolerance_ms / 1000 * rec.fs))

    start = time.perf_counter()
    xqrs = processing.XQRS(sig=signal, fs=rec.fs)
    xqrs.detect(verbose=False)
    xqrs_seconds = time.perf_counter() - start

    start = time.perf_counter()
    _, info = nk.ecg_peaks(signal, sampling_rate=rec.fs)
    nk_seconds = time.perf_counter() - start

    return {
        "lead": rec.sig_name[lead],
        "xqrs": {**match(reference, xqrs.qrs_inds, tolerance, episodes), "ms": xqrs_seconds * 1000},
        "neurokit2": {**match(reference, info["ECG_R_Peaks"], tolerance, episodes), "ms": nk_seconds * 1000},
    }


def run_ecg(binary: str, path: str, records: list[str], tolerance_ms: float, resample_hz: float | None = None) -> dict:
    command = [binary, "eval", "rpeaks", "--data", path, "--records", ",".join(records),
               "--tolerance-ms", f"{tolerance_ms:g}", "--json"]
    if resample_hz is not None:
        command += ["--resample-hz", f"{resample_hz:g}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    report = json.loads(output)
    return {
        row["record"]: {"tp": row["true_positives"], "fn": row["false_negatives"], "fp": row["false_positives"],
                        "excluded": row["excluded_detections"], "ms": row["detector_ms"],
                        "cpu_ms": row["detector_cpu_ms"], "lead": row["lead"]}
        for row in report["records"]
    }


def se(score: dict) -> float:
    return 100.0 * score["tp"] / max(score["tp"] + score["fn"], 1)


def ppv(score: dict) -> float:
    return 100.0 * score["tp"] / max(score["tp"] + score["fp"], 1)


def total(rows: list[dict]) -> dict:
    return {key: sum(row[key] for row in rows) for key in ("tp", "fn", "fp", "excluded", "ms")}


RESAMPLED_RATES = [128.0, 250.0, 500.0]


def markdown(records: list[str], ours: dict, baselines: dict, resampled: dict, tolerance_ms: float,
             command: str) -> str:
    methods = [("This project (`ecg eval rpeaks`)", lambda r: ours[r]),
               ("wfdb XQRS", lambda r: baselines[r]["xqrs"]),
               ("NeuroKit2 `ecg_peaks` (default)", lambda r: baselines[r]["neurokit2"])]
    lines = [
        BEGIN,
        "## R-peak detection (MIT-BIH Arrhythmia Database, all 48 records)",
        "",
        f"Beat-by-beat matching within {tolerance_ms:g} ms (ANSI/AAMI EC57 rule: reference beat annotations "
        "N L R B A a J S V r F e j n E / f Q ?, one-to-one, closest pairs first; detections inside ventricular "
        "flutter episodes `[`…`]` of record 207 are not counted). Lead MLII (records 102 and 104 have none: "
        "their first signal, V5). Gross totals over all beats. All three detectors ran in the same run:",
        "",
        "```",
        command,
        "```",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, wfdb {wfdb.__version__}, "
        f"neurokit2 {__import__('neurokit2').__version__}. Times are wall-clock detection time summed over the "
        "48 records (Swift release build; Python includes its filtering).",
        "",
        "| Detector | TP | FN | FP | Se (%) | +P (%) | Detection time (s, 48 records) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, get in methods:
        t = total([get(r) for r in records])
        lines.append(f"| {label} | {t['tp']} | {t['fn']} | {t['fp']} | {se(t):.2f} | {ppv(t):.2f} | "
                     f"{t['ms'] / 1000:.2f} |")
    ours_total = total([ours[r] for r in records])
    cpu_ms = sum(ours[r]["cpu_ms"] for r in records) / len(records)
    lines += [
        "",
        "Notes:",
        "",
        f"- Our detector (`Sources/ECGAnalysis/RPeaks/RPeakDetector.swift`, algorithm and references in its doc "
        f"comment) used {cpu_ms:.1f} ms of CPU per 30-minute record on average (thread CPU time, release build; "
        "wall time on a loaded machine is higher).",
        "- Its constants (pass band, integration window, refractory period, threshold and search-back rules) were "
        "chosen on this same database; there is no held-out set, so expect somewhat lower figures on other data.",
        "- Record 116's misses are stretches where the MLII signal is lost (flat) while the annotators used the "
        "other lead; no single-lead detector can find those beats.",
        f"- Ours: {ours_total['excluded']} detections fell inside record 207's flutter episodes and were not "
        "counted (EC57); XQRS and NeuroKit2 detections there are excluded the same way.",
        "- The issue quotes XQRS 99.20 % / 99.30 % and NeuroKit2 98.87 % / 98.28 % from another setup; the figures "
        "above are this run's, under the rule stated at the top of this section.",
    ]
    lines += ["", "Rate independence: the same records resampled (`ecg eval rpeaks --resample-hz R`, polyphase "
              "windowed-sinc; reference beats rescaled) before our detector runs:", "",
              "| Rate (Hz) | TP | FN | FP | Se (%) | +P (%) |", "|---:|---:|---:|---:|---:|---:|"]
    t = total([ours[r] for r in records])
    lines.append(f"| 360 (native) | {t['tp']} | {t['fn']} | {t['fp']} | {se(t):.2f} | {ppv(t):.2f} |")
    for rate, scores in resampled.items():
        t = total([scores[r] for r in records])
        lines.append(f"| {rate:g} | {t['tp']} | {t['fn']} | {t['fp']} | {se(t):.2f} | {ppv(t):.2f} |")
    lines += ["", "Per record (FN / FP):", "",
              "| Record | Lead | Beats | Ours FN | Ours FP | XQRS FN | XQRS FP | NK2 FN | NK2 FP |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in records:
        o, x, n = ours[r], baselines[r]["xqrs"], baselines[r]["neurokit2"]
        lines.append(f"| {r} | {o['lead']} | {o['tp'] + o['fn']} | {o['fn']} | {o['fp']} | {x['fn']} | {x['fp']} | "
                     f"{n['fn']} | {n['fp']} |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(path: str, section: str) -> None:
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Accuracy\n\n"
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n?", lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with the MIT-BIH WFDB records")
    parser.add_argument("--records", help="comma-separated record names (default: the folder's RECORDS file)")
    parser.add_argument("--tolerance-ms", type=float, default=150)
    parser.add_argument("--ecg", default=".build/release/ecg", help="the ecg executable (release build)")
    parser.add_argument("--write", help="Markdown file whose R-peak section is replaced (docs/ACCURACY.md)")
    args = parser.parse_args()

    if not os.path.isdir(args.data):
        print(f"skipped: data folder {args.data} is absent", file=sys.stderr)
        return 0
    if args.records:
        records = [r.strip() for r in args.records.split(",") if r.strip()]
    else:
        with open(os.path.join(args.data, "RECORDS"), encoding="utf-8") as handle:
            records = [line.strip() for line in handle if line.strip()]

    ours = run_ecg(args.ecg, args.data, records, args.tolerance_ms)
    resampled = {rate: run_ecg(args.ecg, args.data, records, args.tolerance_ms, rate) for rate in RESAMPLED_RATES}
    baselines = {}
    for record in records:
        baselines[record] = run_baselines(args.data, record, args.tolerance_ms)
        o, x, n = ours[record], baselines[record]["xqrs"], baselines[record]["neurokit2"]
        print(f"{record}: ours FN {o['fn']} FP {o['fp']} | XQRS FN {x['fn']} FP {x['fp']} | "
              f"NK2 FN {n['fn']} FP {n['fp']}", file=sys.stderr)

    command = ".venv/bin/python tools/eval/rpeaks_baselines.py " + " ".join(
        os.path.relpath(a) if os.path.isabs(a) and os.path.exists(a) else a for a in sys.argv[1:])
    section = markdown(records, ours, baselines, resampled, args.tolerance_ms, command)
    if args.write:
        write_section(args.write, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
