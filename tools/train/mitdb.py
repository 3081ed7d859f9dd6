"""MIT-BIH Arrhythmia Database beat extraction under the de Chazal inter-patient protocol.

Every step follows Weights/ecg_model.preprocessing.json so that the Swift analysis can reproduce it:
lead MLII (selected by name), zero-phase Butterworth band-pass on the whole record, beat windows of
`window_samples` with the reference R peak at `r_peak_index`, per-window z-score, and the RR features the sidecar lists,
computed over all beats of the record.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import numpy as np
import scipy.signal
import wfdb

# de Chazal et al. (2004) inter-patient split; paced records 102, 104, 107, 217 are excluded.
DS1 = (101, 106, 108, 109, 112, 114, 115, 116, 118, 119, 122, 124,
       201, 203, 205, 207, 208, 209, 215, 220, 223, 230)
DS2 = (100, 103, 105, 111, 113, 117, 121, 123, 200, 202, 210, 212,
       213, 214, 219, 221, 222, 228, 231, 232, 233, 234)

# AAMI EC57 beat classes. Annotation symbols not listed here are not beats.
AAMI_CLASS = {
    **{s: "N" for s in ("N", "L", "R", "e", "j")},
    **{s: "S" for s in ("A", "a", "J", "S")},
    **{s: "V" for s in ("V", "E")},
    "F": "F",
    **{s: "Q" for s in ("/", "f", "Q")},
}
# Sorted class names, as sklearn's LabelEncoder orders them; model output column j is CLASSES[j].
CLASSES = ("F", "N", "Q", "S", "V")

# RR feature sets a model can take (sidecar "rr_features", in this order). "short" is the rhythm around the beat;
# "long" adds the patient's own longer-term rhythm (de Chazal 2004 "average RR", Mondejar-Guerra 2019 RR
# normalised by the record mean).
RR_FEATURE_SETS = {
    "short": ("pre_rr_s", "post_rr_s", "local_rr_s", "pre_rr_ratio", "post_rr_ratio"),
    "long": ("pre_rr_s", "post_rr_s", "local_rr_s", "pre_rr_ratio", "post_rr_ratio",
             "long_rr_s", "pre_rr_long_ratio", "post_rr_long_ratio"),
}
# Column order of `rr_features`.
ALL_RR_FEATURES = RR_FEATURE_SETS["long"]
# Features that are durations in seconds (augmentation scales them together); the others are ratios.
RR_DURATIONS = ("pre_rr_s", "post_rr_s", "local_rr_s", "long_rr_s")
# Half-width of the window over which long_rr_s averages the patient's own rhythm.
LONG_RR_HALF_WINDOW_S = 150.0


@dataclass(frozen=True)
class Preprocessing:
    """The preprocessing contract, written verbatim to `ecg_model.preprocessing.json`."""

    sample_rate_hz: int = 360
    lead: str = "MLII"
    window_samples: int = 256
    r_peak_index: int = 90
    bandpass_hz: tuple[float, float] = (0.5, 40.0)
    bandpass_order: int = 2
    normalisation: str = "window_zscore"
    signal_units: str = "mV"
    rr_features: tuple[str, ...] = RR_FEATURE_SETS["short"]

    @staticmethod
    def for_model(model_path: str) -> "Preprocessing":
        """The contract of a model file, read from its sidecar `<model without .h5>.preprocessing.json`."""
        with open(os.path.splitext(model_path)[0] + ".preprocessing.json") as f:
            sidecar = json.load(f)
        return Preprocessing(
            sample_rate_hz=sidecar["sample_rate_hz"], lead=sidecar["lead"], window_samples=sidecar["window_samples"],
            r_peak_index=sidecar["r_peak_index"], bandpass_hz=tuple(sidecar["bandpass_hz"]),
            bandpass_order=sidecar["bandpass_order"], normalisation=sidecar["normalisation"],
            signal_units=sidecar["signal_units"], rr_features=tuple(sidecar["rr_features"]))

    def sidecar(self) -> dict:
        return {
            "format": "ecg-preprocessing/1",
            "sample_rate_hz": self.sample_rate_hz,
            "lead": self.lead,
            "window_samples": self.window_samples,
            "r_peak_index": self.r_peak_index,
            "bandpass_hz": list(self.bandpass_hz),
            "bandpass_order": self.bandpass_order,
            "normalisation": self.normalisation,
            "signal_units": self.signal_units,
            "rr_features": list(self.rr_features),
            "inputs": ["beat_window", "rr_features"],
        }


@dataclass
class Beats:
    """Beats of one or more records.

    signal: [N, window_samples + 2*margin] float32, band-passed mV centred like the model window but `margin`
    samples wider on each side (not yet normalised); rr: [N, len(prep.rr_features)] float32 (seconds, ratios);
    labels: [N] int64 index into CLASSES; records: [N] int64 record number of each beat.
    """

    signal: np.ndarray
    rr: np.ndarray
    labels: np.ndarray
    records: np.ndarray
    margin: int

    @staticmethod
    def concatenate(parts: list["Beats"]) -> "Beats":
        return Beats(
            signal=np.concatenate([p.signal for p in parts]),
            rr=np.concatenate([p.rr for p in parts]),
            labels=np.concatenate([p.labels for p in parts]),
            records=np.concatenate([p.records for p in parts]),
            margin=parts[0].margin,
        )

    def subset(self, mask: np.ndarray) -> "Beats":
        return Beats(self.signal[mask], self.rr[mask], self.labels[mask], self.records[mask], self.margin)

    def model_windows(self, prep: "Preprocessing", shifts: np.ndarray | None = None) -> np.ndarray:
        """Model input [N, window_samples, 1] float32: the window moved by `shifts` [N] samples
        (|shift| <= margin; None = centred, exactly as the sidecar defines it), normalised per window."""
        count = len(self.labels)
        offsets = np.full(count, self.margin) if shifts is None else self.margin + shifts
        index = offsets[:, None] + np.arange(prep.window_samples)[None, :]
        windows = np.take_along_axis(self.signal, index, axis=1).astype(np.float64)
        if prep.normalisation == "window_zscore":
            windows = zscore_windows(windows)
        return windows[..., None].astype(np.float32)


def rr_features(r_peak_s: np.ndarray) -> np.ndarray:
    """RR features [N, 8] in ALL_RR_FEATURES order for increasing R-peak times [N] in seconds (all beats of a
    recording, N >= 2).

    pre_rr_s = t_i - t_{i-1} (first beat: its post_rr_s); post_rr_s = t_{i+1} - t_i (last beat: its pre_rr_s);
    local_rr_s = mean of pre_rr_s over beats max(0, i-9)..i; pre/post_rr_ratio divide pre/post by local_rr_s;
    long_rr_s = mean of pre_rr_s over the beats j with t_i - 150 <= t_j <= t_i + 150 (beat i included; the whole
    recording when it is shorter than that); pre/post_rr_long_ratio divide pre/post by long_rr_s.
    """
    diffs = np.diff(r_peak_s)
    pre = np.concatenate([diffs[:1], diffs])
    post = np.concatenate([diffs, diffs[-1:]])
    cumulative = np.concatenate([[0.0], np.cumsum(pre)])
    index = np.arange(len(pre))
    start = np.maximum(0, index - 9)
    local = (cumulative[index + 1] - cumulative[start]) / (index + 1 - start)
    first = np.searchsorted(r_peak_s, r_peak_s - LONG_RR_HALF_WINDOW_S, side="left")
    after_last = np.searchsorted(r_peak_s, r_peak_s + LONG_RR_HALF_WINDOW_S, side="right")
    long = (cumulative[after_last] - cumulative[first]) / (after_last - first)
    return np.stack([pre, post, local, pre / local, post / local, long, pre / long, post / long], axis=1)


def bandpass(signal_mv: np.ndarray, prep: Preprocessing) -> np.ndarray:
    """Zero-phase Butterworth band-pass over a whole record (float64 in, float64 out)."""
    b, a = scipy.signal.butter(prep.bandpass_order, list(prep.bandpass_hz), btype="bandpass",
                               fs=prep.sample_rate_hz)
    return scipy.signal.filtfilt(b, a, signal_mv)


def zscore_windows(windows: np.ndarray) -> np.ndarray:
    """Per-window (x - mean) / max(std, 1e-3) over the last axis."""
    mean = windows.mean(axis=-1, keepdims=True)
    std = np.maximum(windows.std(axis=-1, keepdims=True), 1e-3)
    return (windows - mean) / std


def load_record(data_dir: str, record: int, prep: Preprocessing, margin: int = 0) -> Beats:
    """Beats of one record whose window, widened by `margin` samples on each side, lies inside the signal."""
    path = os.path.join(data_dir, str(record))
    header = wfdb.rdheader(path)
    if prep.lead not in header.sig_name:
        raise ValueError(f"record {record} has no lead {prep.lead} (leads: {header.sig_name})")
    if header.fs != prep.sample_rate_hz:
        raise ValueError(f"record {record} is sampled at {header.fs} Hz, expected {prep.sample_rate_hz}")
    signal = wfdb.rdrecord(path, channel_names=[prep.lead]).p_signal[:, 0].astype(np.float64)
    annotation = wfdb.rdann(path, "atr")

    is_beat = np.array([s in AAMI_CLASS for s in annotation.symbol])
    samples = np.asarray(annotation.sample)[is_beat]
    symbols = np.asarray(annotation.symbol)[is_beat]
    columns = [ALL_RR_FEATURES.index(name) for name in prep.rr_features]
    rr = rr_features(samples / prep.sample_rate_hz)[:, columns]

    filtered = bandpass(signal, prep)
    width = prep.window_samples + 2 * margin
    start = samples - prep.r_peak_index - margin
    inside = (start >= 0) & (start + width <= len(filtered))
    windows = filtered[start[inside, None] + np.arange(width)[None, :]]

    labels = np.array([CLASSES.index(AAMI_CLASS[s]) for s in symbols[inside]], dtype=np.int64)
    return Beats(
        signal=windows.astype(np.float32),
        rr=rr[inside].astype(np.float32),
        labels=labels,
        records=np.full(len(labels), record, dtype=np.int64),
        margin=margin,
    )


def load_records(data_dir: str, records: tuple[int, ...], prep: Preprocessing, margin: int = 0) -> Beats:
    return Beats.concatenate([load_record(data_dir, r, prep, margin) for r in records])
