"""Breaks the R peaks of the long EDF (make_long_edf.py) out per MIT-BIH record and compares them with the pieces
(`--skip K --records 1`, analysed alone) and with the records' reference beat annotations (.atr).

    .venv-edf/bin/python tools/edf/per_record_beats.py --mitdb ../shared/data/mitdb --work /tmp/holter-bench

Reads WORK/long_all.json and WORK/pall{K}.json: `ecg analyze FILE --lead ECG1 --beats all` of the long file and of
piece K. Per record: beats of the long file and of the piece, their difference in the first and last `--edge`
seconds and in between, and sensitivity / positive predictivity of both against the .atr beats (match within
`--tolerance` seconds, one to one).
"""
import argparse
import bisect
import json
import os

import numpy as np
import wfdb

BEATS = set("NLRBAaJSVrFejnE/fQ?")


def match(found, reference, tolerance):
    """Greedy one-to-one matching of sorted sample lists; returns the number of matched pairs."""
    used = np.zeros(len(reference), dtype=bool)
    hits = 0
    for s in found:
        i = bisect.bisect_left(reference, s - tolerance)
        best = None
        while i < len(reference) and reference[i] <= s + tolerance:
            if not used[i] and (best is None or abs(reference[i] - s) < abs(reference[best] - s)):
                best = i
            i += 1
        if best is not None:
            used[best] = True
            hits += 1
    return hits


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mitdb", default="../shared/data/mitdb")
    parser.add_argument("--work", required=True)
    parser.add_argument("--edge", type=float, default=10.0, help="seconds at each end of a record counted apart")
    parser.add_argument("--tolerance", type=float, default=0.15)
    args = parser.parse_args()
    with open(os.path.join(args.mitdb, "RECORDS")) as f:
        names = f.read().split()
    rate = 360
    edge, tol = int(args.edge * rate), int(args.tolerance * rate)
    long_peaks = np.array([b["sample"] for b in json.load(open(os.path.join(args.work, "long_all.json")))["beats"]])
    offset = 0
    totals = np.zeros(8, dtype=np.int64)
    print("record  long  piece  diff  diff_first  diff_middle  diff_last  ref  long_Se  long_P+  piece_Se  piece_P+")
    for k, name in enumerate(names):
        length = (wfdb.rdheader(os.path.join(args.mitdb, name)).sig_len // rate) * rate
        lo, hi = np.searchsorted(long_peaks, [offset, offset + length])
        mine = long_peaks[lo:hi] - offset
        piece = np.array([b["sample"] for b in json.load(open(os.path.join(args.work, f"pall{k}.json")))["beats"]])
        ann = wfdb.rdann(os.path.join(args.mitdb, name), "atr")
        ref = sorted(int(s) for s, sym in zip(ann.sample, ann.symbol) if sym in BEATS and s < length)

        def parts(p):
            return (int(np.sum(p < edge)), int(np.sum((p >= edge) & (p < length - edge))), int(np.sum(p >= length - edge)))

        a, b = parts(mine), parts(piece)
        hl, hp = match(mine, ref, tol), match(piece, ref, tol)
        row = [len(mine), len(piece), a[0] - b[0], a[1] - b[1], a[2] - b[2], len(ref), hl, hp]
        totals += row
        print(f"{name}  {len(mine):5d}  {len(piece):5d}  {len(mine) - len(piece):+4d}  {a[0] - b[0]:+4d}  "
              f"{a[1] - b[1]:+4d}  {a[2] - b[2]:+4d}  {len(ref):5d}  {hl / len(ref):.4f}  {hl / max(1, len(mine)):.4f}  "
              f"{hp / len(ref):.4f}  {hp / max(1, len(piece)):.4f}")
        offset += length
    n_long, n_piece, d_first, d_mid, d_last, n_ref, h_long, h_piece = totals
    print(f"total  {n_long}  {n_piece}  {n_long - n_piece:+d}  {d_first:+d}  {d_mid:+d}  {d_last:+d}  {n_ref}  "
          f"{h_long / n_ref:.4f}  {h_long / n_long:.4f}  {h_piece / n_ref:.4f}  {h_piece / n_piece:.4f}")
    print(f"long peaks beyond the last record: {len(long_peaks) - int(n_long)}")


if __name__ == "__main__":
    main()
