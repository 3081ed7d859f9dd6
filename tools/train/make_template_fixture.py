"""Writes Tests/Fixtures/beats/mitdb201_template.json: a 60-s excerpt of a DS1 record with the recording-context
features the training pipeline computes for it, so that the Swift analysis is tested against them without the
database.

    python tools/train/make_template_fixture.py --data ../shared/data/mitdb

The excerpt is MIT-BIH record 201, lead MLII, samples 410400-432000 (1140-1200 s: N, S and V beats), band-passed
over the whole record as for training and stored in integer microvolts; R peaks are the reference annotations of
beats. The features are computed from the stored (rounded) values with times relative to the excerpt's start and a
shorter context (10-s template blocks, ±20 s) so that the 60 s hold several templates.
"""

from __future__ import annotations

import argparse
import json
import os

import numpy as np
import wfdb

import mitdb

RECORD, START, LENGTH = 201, 410400, 21600
CONTEXT = {"long_rr_half_window_s": 20.0, "template_block_s": 10.0, "template_half_window_s": 20.0,
           "qrs_region_s": list(mitdb.QRS_REGION_S), "p_region_s": list(mitdb.P_REGION_S)}
FEATURES = mitdb.RR_FEATURE_SETS["template"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", default="Tests/Fixtures/beats/mitdb201_template.json")
    args = parser.parse_args()
    prep = mitdb.Preprocessing(rr_features=FEATURES)
    path = os.path.join(args.data, str(RECORD))
    signal = wfdb.rdrecord(path, channel_names=[prep.lead]).p_signal[:, 0].astype(np.float64)
    excerpt_uv = np.round(mitdb.bandpass(signal, prep)[START:START + LENGTH] * 1000).astype(np.int64)
    annotation = wfdb.rdann(path, "atr")
    samples = np.asarray(annotation.sample)
    symbols = np.asarray(annotation.symbol)
    keep = np.array([s in mitdb.AAMI_CLASS for s in symbols]) & (samples >= START) & (samples < START + LENGTH)
    peaks = samples[keep] - START
    labels = [mitdb.AAMI_CLASS[s] for s in symbols[keep]]

    x = excerpt_uv.astype(np.float32).astype(np.float64) / 1000.0
    times = peaks / prep.sample_rate_hz
    index = np.clip(peaks[:, None] - prep.r_peak_index + np.arange(prep.window_samples)[None, :], 0, len(x) - 1)
    raw = x[index]
    rr = mitdb.rr_features(times, CONTEXT["long_rr_half_window_s"])
    template = mitdb.template_features(
        mitdb.zscore_windows(raw), raw.max(axis=1) - raw.min(axis=1), times, prep.r_peak_index, prep.sample_rate_hz,
        CONTEXT["template_block_s"], CONTEXT["template_half_window_s"], CONTEXT["qrs_region_s"],
        CONTEXT["p_region_s"])
    features = np.concatenate([rr, template], axis=1)[:, [mitdb.ALL_FEATURES.index(n) for n in FEATURES]]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({
            "source": f"MIT-BIH Arrhythmia Database record {RECORD}, MLII, samples {START}-{START + LENGTH - 1}, "
                      "band-passed 0.5-40 Hz (Butterworth order 2, filtfilt over the whole record), microvolts",
            "sample_rate_hz": prep.sample_rate_hz,
            "window_samples": prep.window_samples,
            "r_peak_index": prep.r_peak_index,
            "context": CONTEXT,
            "feature_names": list(FEATURES),
            "signal_uv": excerpt_uv.tolist(),
            "peaks": peaks.tolist(),
            "labels": labels,
            "features": [[float(np.float32(v)) for v in row] for row in features],
        }, f, separators=(",", ":"))
        f.write("\n")
    print(f"{args.out}: {len(peaks)} beats ({', '.join(f'{c} {labels.count(c)}' for c in 'NSVFQ')})")


if __name__ == "__main__":
    main()
