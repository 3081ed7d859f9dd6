"""Pacing-stimulus sharpness on MIT-BIH beats: paced beats against every other beat, per threshold.

A replica of the test `PacingSpikes` applies on the unfiltered analysed lead (Sources/ECGAnalysis/Rhythm/
PacingSpikes.swift): in [R - 120 ms, R + 20 ms], spikiness = max |second difference| / max |first difference|, and the
second difference must reach 15 % of the beat's QRS amplitude (peak to peak over R +- 100 ms). For each spikiness
threshold it prints the share of paced beats (`/`) with a stimulus per paced record, and the 30-s segments without
paced beats where the most beats have one: a threshold that finds the stimuli of paced beats while leaving every
non-paced segment under half its beats would let stimuli decide paced rhythm on their own. The R peaks are the
reference beat annotations (the product uses its own detector), so shares differ slightly from `ecg eval rhythm
--dump`'s `stim_v`.

    python tools/eval/pacing_stimuli.py --data ../shared/data/mitdb            # the rhythm tune half
"""
import numpy as np
import wfdb

from mitdb_tune import BEATS, records_from_command_line

THRESHOLDS = (0.75, 0.80, 0.85, 0.90, 0.95)


def spikiness(x: np.ndarray, r: int, fs: float) -> tuple[float, float] | None:
    """(second / first difference ratio, second difference / QRS amplitude) in the ventricular window of beat r."""
    a, b = r - int(round(0.12 * fs)), r + int(round(0.02 * fs))
    h = int(round(0.1 * fs))
    if a < 1 or b + 1 >= len(x) or r - h < 0 or r + h >= len(x):
        return None
    amplitude = x[r - h:r + h + 1].max() - x[r - h:r + h + 1].min()
    window = np.arange(a, b + 1)
    second = np.abs(x[window + 1] - 2 * x[window] + x[window - 1]).max()
    first = np.abs(x[window] - x[window - 1]).max()
    if first <= 0 or amplitude <= 0:
        return None
    return second / first, second / amplitude


def main() -> None:
    data, records = records_from_command_line(__doc__.split("\n")[0])
    paced: dict[int, list[tuple[float, float]]] = {}
    segments: list[tuple[int, float, list[tuple[float, float]]]] = []
    for record in records:
        signal = wfdb.rdrecord(f"{data}/{record}")
        ann = wfdb.rdann(f"{data}/{record}", "atr")
        lead = signal.sig_name.index("MLII") if "MLII" in signal.sig_name else 0
        x, fs = signal.p_signal[:, lead], signal.fs
        beats = [(s, sym) for s, sym in zip(ann.sample, ann.symbol) if sym in BEATS]
        values = [(s, sym, spikiness(x, s, fs)) for s, sym in beats]
        if any(sym == "/" for _, sym in beats):
            paced[record] = [v for _, sym, v in values if sym == "/" and v is not None]
        length = int(30 * fs)
        for start in range(0, len(x) - length + 1, length):
            inside = [(sym, v) for s, sym, v in values if start <= s < start + length]
            if inside and not any(sym in "/f" for sym, _ in inside):
                segments.append((record, start / fs, [v for _, v in inside if v is not None]))
    print("threshold: share of paced beats with a stimulus per paced record; non-paced 30-s segments with the "
          "largest share of beats with one")
    for t in THRESHOLDS:
        def found(v: tuple[float, float]) -> bool:
            return v[0] >= t and v[1] >= 0.15
        rates = ", ".join(f"{r} {np.mean([found(v) for v in vs]):.3f}" for r, vs in paced.items() if vs)
        worst = sorted(((np.mean([found(v) for v in vs]), r, s) for r, s, vs in segments if vs), reverse=True)[:3]
        print(f"{t:.2f}: paced {rates}; non-paced " + ", ".join(f"{r} at {s:.0f} s {share:.2f}" for share, r, s in worst))


if __name__ == "__main__":
    main()
