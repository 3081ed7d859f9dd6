"""Atrial-wave organisation of MIT-BIH 30-s segments on every lead, by reference rhythm.

A replica of the measure `FlutterWaves` computes on the analysed lead (Sources/ECGAnalysis/Rhythm/FlutterWaves.swift):
measurement band 0.5-40 Hz (Butterworth order 2, zero phase), every QRS blanked by linear interpolation over
[R - 60 ms, R + 80 ms], block-averaged to about 60 Hz, Hann window, power from 2 to 12 Hz in 0.05-Hz steps;
organisation = power within 0.3 Hz of the 3.5-7 Hz peak and of its second harmonic / power in 2-12 Hz. The R peaks are
the reference beat annotations (the product uses its own detector), so values differ slightly from `ecg eval rhythm
--dump`'s `flutter_org`. Prints the organisation quantiles per reference rhythm and lead, and every flutter segment.

    python tools/eval/flutter_organisation.py --data ../shared/data/mitdb            # the rhythm tune half
"""
import collections

import numpy as np
import scipy.signal
import wfdb

from mitdb_tune import BEATS, records_from_command_line


def organisation(x: np.ndarray, fs: float, peaks: np.ndarray) -> float:
    b, a = scipy.signal.butter(2, [0.5 / (fs / 2), 40 / (fs / 2)], "band")
    x = scipy.signal.filtfilt(b, a, x.astype(float))
    before, after = int(round(0.06 * fs)), int(round(0.08 * fs))
    for r in peaks:
        lo, hi = max(0, r - before), min(len(x) - 1, r + after)
        if lo < hi:
            x[lo:hi + 1] = np.linspace(x[lo], x[hi], hi - lo + 1)
    factor = max(1, int(round(fs / 60)))
    rate = fs / factor
    y = x[: len(x) // factor * factor].reshape(-1, factor).mean(1)
    n = len(y)
    y = (y - y.mean()) * (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1)))
    freqs = np.arange(2.0, min(12.0, rate / 2 - 0.05) + 1e-9, 0.05)
    k = np.arange(n)
    power = np.array([abs(np.sum(y * np.exp(-2j * np.pi * f / rate * k))) ** 2 for f in freqs])
    band = (freqs >= 3.5) & (freqs <= 7.0)
    f0 = freqs[np.where(band)[0][np.argmax(power[band])]]
    near = (abs(freqs - f0) <= 0.3) | (abs(freqs - 2 * f0) <= 0.3)
    return float(power[near].sum() / power.sum())


def majority_rhythm(changes: list[tuple[int, str]], start: int, end: int) -> str:
    cover = collections.Counter()
    for (s0, name), s1 in zip(changes, [s for s, _ in changes[1:]] + [None]):
        a, b = max(s0, start), min(s1 if s1 is not None else end, end)
        if b > a:
            cover[name] += b - a
    return cover.most_common(1)[0][0] if cover else "(none"


def main() -> None:
    data, records = records_from_command_line(__doc__.split("\n")[0])
    by_rhythm: dict[str, list[list[float]]] = collections.defaultdict(list)
    for record in records:
        signal = wfdb.rdrecord(f"{data}/{record}")
        ann = wfdb.rdann(f"{data}/{record}", "atr")
        fs, x = signal.fs, signal.p_signal
        beats = np.array([s for s, sym in zip(ann.sample, ann.symbol) if sym in BEATS])
        changes = [(0, "(none")] + [(s, n.strip("\x00")) for s, n in zip(ann.sample, ann.aux_note) if n.startswith("(")]
        length = int(30 * fs)
        for start in range(0, x.shape[0] - length + 1, length):
            rhythm = majority_rhythm(changes, start, start + length)
            peaks = beats[(beats >= start) & (beats < start + length)] - start
            values = [organisation(x[start:start + length, lead], fs, peaks) for lead in range(x.shape[1])]
            by_rhythm[rhythm].append(values)
            if rhythm == "(AFL":
                print(f"{record} {start / fs:.0f} s {rhythm}: " + ", ".join(
                    f"{name} {v:.3f}" for name, v in zip(signal.sig_name, values)))
    print("\nrhythm, segments: organisation quantiles 50/90/99 % on the first lead, the second, and their maximum")
    for rhythm, rows in sorted(by_rhythm.items()):
        v = np.array(rows)
        q = lambda a: " / ".join(f"{t:.3f}" for t in np.quantile(a, [0.5, 0.9, 0.99]))
        print(f"{rhythm} {len(v)}: {q(v[:, 0])}; {q(v[:, 1])}; max {q(v.max(1))}")


if __name__ == "__main__":
    main()
