#!/usr/bin/env python3
"""Writes the small fixtures of the ECGAnalysis signal tests into Tests/Fixtures/ecg/.

- mitdb100_212 / mitdb100_16: the first 10 s of MIT-BIH record 100 (both signals, ADC values unchanged),
  stored in WFDB formats 212 and 16, with the reference annotations of that span (`.atr`).
- filters.json: scipy.signal reference numbers (butter + filtfilt, iirnotch + filtfilt, lfilter_zi) on a
  deterministic test signal, for the Swift filter tests.

    .venv/bin/python tools/eval/make_test_fixtures.py --data ../shared/data/mitdb
"""
import argparse
import json
import os

import numpy as np
import scipy
import wfdb
from scipy import signal

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "ecg")
SECONDS = 10
PROBES = [0, 77, 78, 1000, 1001, 3599]


def write_excerpt(data: str) -> None:
    record = wfdb.rdrecord(os.path.join(data, "100"), sampto=360 * SECONDS, physical=False)
    ann = wfdb.rdann(os.path.join(data, "100"), "atr", sampto=360 * SECONDS)
    for fmt in ("212", "16"):
        name = f"mitdb100_{fmt}"
        wfdb.wrsamp(name, fs=record.fs, units=record.units, sig_name=record.sig_name, d_signal=record.d_signal,
                    fmt=[fmt] * record.n_sig, adc_gain=record.adc_gain, baseline=record.baseline,
                    write_dir=OUT)
        wfdb.wrann(name, "atr", np.asarray(ann.sample), symbol=ann.symbol, aux_note=ann.aux_note,
                   write_dir=OUT)
    physical = wfdb.rdrecord(os.path.join(data, "100"), sampto=360 * SECONDS)
    summary = {
        "sample_rate": record.fs,
        "samples": int(record.sig_len),
        "signal_names": record.sig_name,
        "probe_indices": PROBES,
        "probe_values_mv": [[float(physical.p_signal[j, i]) for j in PROBES] for i in range(record.n_sig)],
        "annotations": [{"sample": int(s), "symbol": sym, "aux_note": aux.rstrip("\x00") or None}
                        for s, sym, aux in zip(ann.sample, ann.symbol, ann.aux_note)],
    }
    with open(os.path.join(OUT, "mitdb100_excerpt.json"), "w") as handle:
        json.dump(summary, handle, indent=1)


def write_filters() -> None:
    rate = 360.0
    t = np.arange(800) / rate
    rng = np.random.default_rng(7)
    x = (0.8 * np.sin(2 * np.pi * 1.2 * t) + 0.3 * np.sin(2 * np.pi * 11 * t) + 0.2 * np.sin(2 * np.pi * 60 * t)
         + 0.4 * t + 0.05 * rng.standard_normal(t.size)).astype(np.float32)
    cases = []
    for kind, order, cutoff, fs in [("bandpass", 2, [0.5, 40.0], 360.0), ("bandpass", 3, [5.0, 15.0], 250.0),
                                    ("bandpass", 4, [0.5, 45.0], 500.0), ("highpass", 2, 0.5, 360.0),
                                    ("lowpass", 4, 40.0, 360.0)]:
        b, a = signal.butter(order, cutoff, btype=kind, fs=fs)
        y = signal.filtfilt(b, a, x.astype(np.float64))
        cases.append({"kind": kind, "order": order, "cutoff": cutoff if isinstance(cutoff, list) else [cutoff],
                      "sample_rate": fs, "b": b.tolist(), "a": a.tolist(),
                      "zi": signal.lfilter_zi(b, a).tolist(), "filtfilt": y.tolist()})
    notches = []
    for frequency, quality in [(50.0, 30.0), (60.0, 30.0)]:
        b, a = signal.iirnotch(frequency, quality, fs=rate)
        notches.append({"frequency": frequency, "quality": quality, "sample_rate": rate, "b": b.tolist(),
                        "a": a.tolist(), "filtfilt": signal.filtfilt(b, a, x.astype(np.float64)).tolist()})
    with open(os.path.join(OUT, "filters.json"), "w") as handle:
        json.dump({"scipy": scipy.__version__, "input": x.tolist(), "butterworth": cases, "notch": notches}, handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="MIT-BIH Arrhythmia Database folder (WFDB)")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    write_excerpt(args.data)
    write_filters()


if __name__ == "__main__":
    main()
